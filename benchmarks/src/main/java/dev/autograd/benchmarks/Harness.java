package dev.autograd.benchmarks;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.MemoryScope;
import dev.autograd.Parallelism;
import dev.autograd.Tensor;
import dev.autograd.nn.BatchNorm2d;
import dev.autograd.nn.Conv2d;
import dev.autograd.nn.ConvOptions;
import dev.autograd.nn.Flatten;
import dev.autograd.nn.LSTM;
import dev.autograd.nn.LeakyReLU;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MaxPool2d;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Sigmoid;
import dev.autograd.nn.TransformerEncoder;
import dev.autograd.nn.TransformerEncoderLayer;
import dev.autograd.nn.TransformerOptions;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The workloads of {@code ../shared/bench/torch_reference.py}, then those of {@code
 * benchmarks/python/torch_vision.py} (LeNet-5 and a ResNet basic block) and {@code
 * torch_sequence.py} (an LSTM and a transformer encoder), in the same order, with the same names
 * and units: one JSON object per line, {@code {"workload": ..., "unit": ..., "value": ...}}. One
 * more line follows the element-wise workload: the same code with each iteration in a {@link
 * MemoryScope}, named with {@code +scope}.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar \
 *     dev.autograd.benchmarks.Harness [--threads N] [--quick] [--only NAME[,NAME...]]
 * </pre>
 *
 * <p>Each timing is the median of the runs in a window of one second (0.3 s with {@code --quick}),
 * and of at least 7 runs (3 for the chain and the MLP), after the JIT has warmed up on the same
 * workload for 3 seconds (1 s): Java's steady state, which is what a long training run sees. {@code
 * benchmarks/run.sh} runs this and PyTorch side by side and prints the ratios.
 */
public final class Harness {
  private final int reps;
  private final double warmupSeconds;
  private final double windowSeconds;

  /** At most this many timed runs per workload, however short. */
  private static final int MAX_RUNS = 100_000;

  private final String only;

  private Harness(boolean quick, String only) {
    this.reps = quick ? 3 : 7;
    this.warmupSeconds = quick ? 1.0 : 3.0;
    this.windowSeconds = quick ? 0.3 : 1.0;
    this.only = only;
  }

  /** Runs the workloads; see the class comment for the arguments. */
  public static void main(String[] args) {
    int threads = 1;
    boolean quick = false;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Parallelism.setThreads(threads);
    Tensor.manualSeed(0);
    new Harness(quick, only).runAll();
  }

  /** Whether {@code --only} (prefixes of workload names, separated by commas) asks for it. */
  private boolean wanted(String workload) {
    if (only == null) return true;
    for (String prefix : only.split(",")) {
      if (workload.startsWith(prefix)) return true;
    }
    return false;
  }

  private void runAll() {
    if (wanted("scalar_cubic")) {
      emit("scalar_cubic_fwd_bwd", "us_per_iter", best(Harness::scalarCubic) / 10_000 * 1e6);
    }
    if (wanted("scalar_chain")) {
      emit("scalar_chain_100k_fwd_bwd", "ms", best(Harness::scalarChain, 3) * 1e3);
    }
    if (wanted("seed_activation")) {
      emit("seed_activation_comparison_3x100_steps", "ms", best(Harness::seedComparison) * 1e3);
    }
    if (wanted("elementwise")) {
      Elementwise e = new Elementwise();
      emit("elementwise_1M_sigmoid_tanh_mul_fwd_bwd", "ms", best(e::run) * 1e3);
      emit("elementwise_1M_sigmoid_tanh_mul_fwd_bwd+scope", "ms", best(e::runInScope) * 1e3);
    }
    for (int n : new int[] {128, 512, 1024}) {
      if (wanted("sgemm_" + n)) {
        Tensor x = Tensor.randn(n, n);
        Tensor y = Tensor.randn(n, n);
        emit("sgemm_" + n, "gflops", 2.0 * n * n * n / best(() -> x.matmul(y)) / 1e9);
      }
    }
    if (wanted("dgemm_1024")) {
      int n = 1024;
      Tensor x = Tensor.randn(n, n).to(DType.FLOAT64);
      Tensor y = Tensor.randn(n, n).to(DType.FLOAT64);
      emit("dgemm_" + n, "gflops", 2.0 * n * n * n / best(() -> x.matmul(y)) / 1e9);
    }
    if (wanted("matmul_512")) {
      Tensor xw = Tensor.randn(512, 512).requiresGrad(true);
      Tensor yw = Tensor.randn(512, 512).requiresGrad(true);
      Runnable fwdBwd =
          () -> {
            xw.setGrad(null);
            yw.setGrad(null);
            xw.matmul(yw).sum().backward();
          };
      emit("matmul_512_fwd_bwd", "ms", best(fwdBwd) * 1e3);
    }
    if (wanted("mlp")) {
      Mlp mlp = new Mlp();
      emit("mlp_784_256_10_adam_50_steps", "ms", best(mlp::run, 3) * 1e3);
      mlp.reportMemory();
    }
    if (wanted("lenet5")) {
      ForwardBackward lenet = ForwardBackward.lenet();
      emit("lenet5_batch64_fwd_bwd", "ms", best(lenet::run) * 1e3);
      lenet.reportMemory("lenet5_batch64");
    }
    if (wanted("lstm")) {
      ForwardBackward lstm = ForwardBackward.lstm();
      emit("lstm_h256_b32_t50_fwd_bwd", "ms", best(lstm::run, 3) * 1e3);
      lstm.reportMemory("lstm_h256_b32_t50");
    }
    if (wanted("transformer")) {
      ForwardBackward encoder = ForwardBackward.transformerEncoder();
      emit("transformer_encoder_4x_d128_h4_s128_b16_fwd_bwd", "ms", best(encoder::run, 3) * 1e3);
      encoder.reportMemory("transformer_encoder_4x_d128_h4_s128_b16");
    }
    if (wanted("resnet_block")) {
      ForwardBackward block = ForwardBackward.resnetBlock();
      emit("resnet_block_64ch_56x56_batch8_fwd_bwd", "ms", best(block::run, 3) * 1e3);
      block.reportMemory("resnet_block_64ch_56x56_batch8");
    }
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"java_version\", \"unit\": \"text\", \"value\": 0, \"version\":"
            + " \"%s\", \"threads\": %d, \"kernels\": \"%s\"}%n",
        Runtime.version(),
        Parallelism.threads(),
        Parallelism.kernels());
  }

  // ------------------------------------------------------------------ the workloads

  /** 1. The tutorial's y = x^3 - 4x - 5 and its backward, 10,000 times. */
  private static void scalarCubic() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    for (int i = 0; i < 10_000; i++) {
      Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
      y.backward();
    }
  }

  /** 2. A chain of 100,000 tiny ops (200,000 nodes), then one backward. */
  private static void scalarChain() {
    Tensor x = Tensor.scalar(0.5).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) y = y.mul(0.999999).add(0.000001);
    y.backward();
  }

  /**
   * 3. The tutorial's comparison: Linear(1, 1) and an activation, SGD with lr 0.01, 100 steps of
   * batch 10, for three activations.
   */
  private static void seedComparison() {
    for (Module act : new Module[] {new Sigmoid(), new ReLU(), new LeakyReLU(0.01)}) {
      Module model = new Sequential(new Linear(1, 1), act);
      Optimizer optimizer = new SGD(model.parameters(), 0.01);
      for (int step = 0; step < 100; step++) {
        Tensor inputs = Tensor.randn(10, 1);
        Tensor loss = model.forward(inputs).sub(inputs.mul(2).add(1)).pow(2).mean();
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      }
    }
  }

  /**
   * 4. sigmoid(a) * tanh(b) over 2^20 float32 elements, summed, forward and backward; also with
   * each iteration in a {@link MemoryScope} (the row "+scope"), so that its five 4 MB results reuse
   * the last iteration's arrays as PyTorch's allocator reuses its blocks.
   */
  private static final class Elementwise {
    final Tensor a = Tensor.randn(1 << 20).requiresGrad(true);
    final Tensor b = Tensor.randn(1 << 20).requiresGrad(true);

    void run() {
      a.setGrad(null);
      b.setGrad(null);
      a.sigmoid().mul(b.tanh()).sum().backward();
    }

    void runInScope() {
      try (MemoryScope scope = MemoryScope.open()) {
        run();
      }
    }
  }

  /** 6. A 784-256-10 MLP with ReLU, cross-entropy and Adam: 50 steps of batch 64. */
  private static final class Mlp {
    final Tensor x = Tensor.randn(64 * 50, 784);
    final Tensor y;

    Mlp() {
      Generator gen = Generator.global();
      long[] labels = new long[64 * 50];
      for (int i = 0; i < labels.length; i++) labels[i] = gen.nextInt(10);
      y = Tensor.of(labels);
    }

    void run() {
      Module model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
      Adam opt = new Adam(model.parameters(), 1e-3);
      for (int i = 0; i < 50; i++) step(model, opt, i);
    }

    void step(Module model, Adam opt, int i) {
      Tensor xb = x.narrow(0, i * 64, 64);
      Tensor yb = y.narrow(0, i * 64, 64);
      Tensor loss = Functional.crossEntropy(model.forward(xb), yb);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }

    /** Peak heap over one run, and the bytes allocated per training step (all threads). */
    void reportMemory() {
      Module model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
      Adam opt = new Adam(model.parameters(), 1e-3);
      for (int i = 0; i < 5; i++) step(model, opt, i); // Adam's state exists from here on
      int[] next = {5};
      reportMemoryOf("mlp_784_256_10_adam", 45, () -> step(model, opt, next[0]++));
    }
  }

  /**
   * A model's forward and backward pass on one batch, the gradients set to none before each, as
   * PyTorch's {@code zero_grad(set_to_none=True)}: 7. LeNet-5 and 8. a ResNet basic block.
   */
  private static final class ForwardBackward {
    final Module model;
    final Tensor input;
    final Function<Tensor, Tensor> loss;

    ForwardBackward(Module model, Tensor input, Function<Tensor, Tensor> loss) {
      this.model = model;
      this.input = input;
      this.loss = loss;
    }

    /** LeNet-5 on a batch of 64 28x28 images, with cross-entropy against random labels. */
    static ForwardBackward lenet() {
      Module model =
          new Sequential(
              new Conv2d(1, 6, 5, ConvOptions.defaults().padding(2)),
              new ReLU(),
              new MaxPool2d(2),
              new Conv2d(6, 16, 5),
              new ReLU(),
              new MaxPool2d(2),
              new Flatten(),
              new Linear(400, 120),
              new ReLU(),
              new Linear(120, 84),
              new ReLU(),
              new Linear(84, 10));
      Tensor labels = Tensor.randint(0, 10, 64);
      return new ForwardBackward(
          model, Tensor.randn(64, 1, 28, 28), out -> Functional.crossEntropy(out, labels));
    }

    /** An LSTM of hidden size 256 (input 256) over 50 steps of a batch of 32: its outputs' sum. */
    static ForwardBackward lstm() {
      LSTM lstm = new LSTM(256, 256);
      return new ForwardBackward(new SequenceOutput(lstm), Tensor.randn(50, 32, 256), Tensor::sum);
    }

    /**
     * A 4-layer transformer encoder (d 128, 4 heads, feed-forward 512, no dropout) on 16 sequences
     * of 128 positions, batch first: its output's sum.
     */
    static ForwardBackward transformerEncoder() {
      TransformerOptions options =
          TransformerOptions.defaults().dimFeedforward(512).dropout(0).batchFirst(true);
      TransformerEncoder encoder =
          new TransformerEncoder(() -> new TransformerEncoderLayer(128, 4, options), 4, null);
      return new ForwardBackward(encoder, Tensor.randn(16, 128, 128), Tensor::sum);
    }

    /** torchvision's BasicBlock of 64 channels without downsampling, on [8, 64, 56, 56]. */
    static ForwardBackward resnetBlock() {
      return new ForwardBackward(new BasicBlock(64), Tensor.randn(8, 64, 56, 56), Tensor::sum);
    }

    void run() {
      for (Tensor p : model.parameters()) p.setGrad(null);
      loss.apply(model.forward(input)).backward();
    }

    void reportMemory(String name) {
      run();
      reportMemoryOf(name, 5, this::run);
    }
  }

  /** A recurrent layer's outputs alone, as PyTorch's {@code lstm(x)[0]}. */
  private static final class SequenceOutput extends Module {
    private final LSTM lstm;

    SequenceOutput(LSTM lstm) {
      this.lstm = registerModule("lstm", lstm);
    }

    @Override
    public Tensor forward(Tensor x) {
      return lstm.forwardWithState(x, null).output();
    }
  }

  /** Two 3x3 convolutions with batch norm, the input added back before the last ReLU. */
  private static final class BasicBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;

    BasicBlock(int channels) {
      ConvOptions same = ConvOptions.defaults().padding(1).bias(false);
      conv1 = registerModule("conv1", new Conv2d(channels, channels, 3, same));
      bn1 = registerModule("bn1", new BatchNorm2d(channels));
      conv2 = registerModule("conv2", new Conv2d(channels, channels, 3, same));
      bn2 = registerModule("bn2", new BatchNorm2d(channels));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor y = bn1.forward(conv1.forward(x)).relu();
      return bn2.forward(conv2.forward(y)).add(x).relu();
    }
  }

  /**
   * Emits the peak heap over {@code steps} runs of {@code step} (after a collection) and the bytes
   * allocated per run, on all threads.
   */
  private static void reportMemoryOf(String name, int steps, Runnable step) {
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap.add(pool);
        pool.resetPeakUsage();
      }
    }
    long before = allocatedBytes();
    for (int i = 0; i < steps; i++) step.run();
    long perStep = (allocatedBytes() - before) / steps;
    long peak = 0;
    for (MemoryPoolMXBean pool : heap) peak += pool.getPeakUsage().getUsed();
    emit(name + "_peak_heap", "MB", peak / 1e6);
    emit(name + "_alloc_per_step", "MB", perStep / 1e6);
  }

  private static long allocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(ids)) total += Math.max(bytes, 0);
    return total;
  }

  // ------------------------------------------------------------------ timing and output

  private double best(Runnable fn) {
    return best(fn, reps);
  }

  /**
   * The median of the timed runs, in seconds, after a warm-up of the same workload: at least {@code
   * count} runs, and as many more as fit in {@link #windowSeconds}.
   *
   * <p>The window matters on a shared machine, whose speed changes from one second to the next: 7
   * runs of a workload that takes a millisecond would all fall in one fast or one slow spell, where
   * PyTorch's 7 runs of the same workload (40 ms each) spread over several. The collector runs once
   * before the timed runs; a collection during them lands in one run, which the median leaves out.
   */
  private double best(Runnable fn, int count) {
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    int warmups = 0;
    while (warmups < 2 || System.nanoTime() < warmupEnd) {
      fn.run();
      warmups++;
    }
    System.gc();
    double[] times = new double[Math.min(count, reps)];
    int runs = 0;
    long windowEnd = System.nanoTime() + (long) (windowSeconds * 1e9);
    while (runs < Math.min(count, reps) || (System.nanoTime() < windowEnd && runs < MAX_RUNS)) {
      long start = System.nanoTime();
      fn.run();
      if (runs == times.length) times = Arrays.copyOf(times, 2 * runs);
      times[runs++] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(times, 0, runs);
    return times[runs / 2];
  }

  private static void emit(String workload, String unit, double value) {
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"%s\", \"unit\": \"%s\", \"value\": %.4f}%n",
        workload,
        unit,
        value);
    System.out.flush();
  }
}
