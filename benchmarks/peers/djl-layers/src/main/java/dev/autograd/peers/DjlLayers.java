package dev.autograd.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Locale;

/**
 * The layer workloads of {@code dev.autograd.benchmarks.Harness} (LeNet-5 at batch 64 with
 * cross-entropy, a ResNet basic block of 64 channels on [8, 64, 56, 56] with the sum of its output,
 * and an LSTM of hidden size 256 over 50 steps of a batch of 32 with the sum of its outputs),
 * forward and backward, on DJL's PyTorch engine: one JSON line per workload with the same names and
 * units, then a {@code djl_layers} line naming the engine and its threads. The transformer encoder
 * has no counterpart: DJL has no block of PyTorch's {@code TransformerEncoderLayer}.
 *
 * <pre>
 * run.sh [--threads N] [--quick]
 * </pre>
 *
 * <p>Each figure is the median of the runs in a window of one second (0.3 s with {@code --quick}),
 * at least 7, after a warm-up of 3 seconds (1 s), as the Java side's. Each run works in a
 * sub-manager (DJL frees native memory when a manager closes); gradients accumulate across runs,
 * since DJL has no way to set them to none, which adds one addition per parameter.
 */
public final class DjlLayers {
  private final double warmup;
  private final double window;

  private DjlLayers(boolean quick) {
    warmup = quick ? 1.0 : 3.0;
    window = quick ? 0.3 : 1.0;
  }

  public static void main(String[] args) {
    int threads = 1;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    // Read by the PyTorch engine when it starts: libtorch's intra-op and inter-op threads.
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(threads));
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed(0);
    DjlLayers bench = new DjlLayers(quick);
    bench.lenet();
    bench.resnetBlock();
    bench.lstm();
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"djl_layers\", \"unit\": \"text\", \"value\": 0, \"engine\": \"%s %s\","
            + " \"torch_threads\": %d}%n",
        engine.getEngineName(),
        engine.getVersion(),
        ai.djl.pytorch.jni.JniUtils.getNumThreads());
  }

  private void lenet() {
    SequentialBlock net =
        new SequentialBlock()
            .add(conv(6, 5, 2))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
            .add(conv(16, 5, 0))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(120).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(84).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(10).build());
    Shape input = new Shape(64, 1, 28, 28);
    try (Model model = Model.newInstance("lenet5");
        Trainer trainer = trainer(model, net, input)) {
      NDManager base = trainer.getManager();
      NDArray x = base.randomNormal(input);
      NDArray labels = base.randomInteger(0, 10, new Shape(64), ai.djl.ndarray.types.DataType.INT64);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      emit(
          "lenet5_batch64_fwd_bwd",
          median(
                  () -> {
                    try (NDManager step = base.newSubManager();
                        GradientCollector gc = trainer.newGradientCollector()) {
                      NDList out = trainer.forward(new NDList(x));
                      NDArray l = loss.evaluate(new NDList(labels), out);
                      step.tempAttachAll(out, new NDList(l));
                      gc.backward(l);
                    }
                  })
              * 1e3);
    }
  }

  private void resnetBlock() {
    SequentialBlock body =
        new SequentialBlock()
            .add(conv(64, 3, 1, false))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(64, 3, 1, false))
            .add(BatchNorm.builder().build());
    Shape input = new Shape(8, 64, 56, 56);
    try (Model model = Model.newInstance("resnet_block");
        Trainer trainer = trainer(model, body, input)) {
      NDManager base = trainer.getManager();
      NDArray x = base.randomNormal(input);
      emit(
          "resnet_block_64ch_56x56_batch8_fwd_bwd",
          median(
                  () -> {
                    try (NDManager step = base.newSubManager();
                        GradientCollector gc = trainer.newGradientCollector()) {
                      NDArray y = trainer.forward(new NDList(x)).singletonOrThrow();
                      NDArray out = Activation.relu(y.add(x)).sum();
                      step.tempAttachAll(new NDList(y, out));
                      gc.backward(out);
                    }
                  })
              * 1e3);
    }
  }

  private void lstm() {
    LSTM block =
        LSTM.builder()
            .setStateSize(256)
            .setNumLayers(1)
            .optBatchFirst(false)
            .optReturnState(false)
            .build();
    Shape input = new Shape(50, 32, 256);
    try (Model model = Model.newInstance("lstm");
        Trainer trainer = trainer(model, block, input)) {
      NDManager base = trainer.getManager();
      NDArray x = base.randomNormal(input);
      emit(
          "lstm_h256_b32_t50_fwd_bwd",
          median(
                  () -> {
                    try (NDManager step = base.newSubManager();
                        GradientCollector gc = trainer.newGradientCollector()) {
                      NDArray y = trainer.forward(new NDList(x)).head();
                      NDArray out = y.sum();
                      step.tempAttachAll(new NDList(y, out));
                      gc.backward(out);
                    }
                  })
              * 1e3);
    }
  }

  private static Conv2d conv(int filters, int kernel, int padding) {
    return conv(filters, kernel, padding, true);
  }

  private static Conv2d conv(int filters, int kernel, int padding, boolean bias) {
    Conv2d.Builder b =
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optPadding(new Shape(padding, padding));
    if (!bias) b.optBias(false);
    return b.build();
  }

  private static Trainer trainer(Model model, ai.djl.nn.Block block, Shape input) {
    model.setBlock(block);
    Trainer trainer =
        model.newTrainer(
            new DefaultTrainingConfig(Loss.l2Loss()).optDevices(new Device[] {Device.cpu()}));
    trainer.initialize(input);
    return trainer;
  }

  /** The median time of the runs in the window after the warm-up, in seconds. */
  private double median(Runnable run) {
    long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
    int warm = 0;
    while (warm < 2 || System.nanoTime() < warmEnd) {
      run.run();
      warm++;
    }
    double[] times = new double[16];
    int n = 0;
    long end = System.nanoTime() + (long) (window * 1e9);
    while (n < 7 || System.nanoTime() < end) {
      long t = System.nanoTime();
      run.run();
      if (n == times.length) times = Arrays.copyOf(times, 2 * n);
      times[n++] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(times, 0, n);
    return times[n / 2];
  }

  private static void emit(String workload, double ms) {
    System.out.printf(
        Locale.ROOT, "{\"workload\": \"%s\", \"unit\": \"ms\", \"value\": %.4f}%n", workload, ms);
    System.out.flush();
  }
}
