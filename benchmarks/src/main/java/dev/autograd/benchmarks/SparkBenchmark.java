package dev.autograd.benchmarks;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Parallelism;
import dev.autograd.nn.Conv2d;
import dev.autograd.nn.ConvOptions;
import dev.autograd.nn.Flatten;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MaxPool2d;
import dev.autograd.nn.Module;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.optim.Adam;
import dev.autograd.spark.BatchLoss;
import dev.autograd.spark.Example;
import dev.autograd.spark.LocalTrainer;
import dev.autograd.spark.ModelFactory;
import dev.autograd.spark.SparkTrainer;
import dev.autograd.spark.StepReport;
import dev.autograd.spark.Trainer;
import dev.autograd.spark.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Steps per second of data-parallel training, in one process ({@link LocalTrainer}) and on Spark in
 * local mode ({@link SparkTrainer}), with the fraction of each step spent communicating: the MLP of
 * {@link Harness} (784-256-10, ReLU, cross-entropy, Adam, batch 64), LeNet-5 (the same batch of 64
 * 28x28 images) and, for the cost of a step whatever the model, a linear layer of 50 parameters; in
 * float32, over 3,200 random examples.
 *
 * <pre>
 * java --add-opens=... -cp benchmarks.jar:SPARK_CLASS_PATH dev.autograd.benchmarks.SparkBenchmark \
 *     [--masters local[1],local[2]] [--threads N] [--quick] [--only PREFIX]
 * </pre>
 *
 * <p>{@code --only} runs the workloads whose names start with the prefix. Each master {@code
 * local[k]} gets its own context and {@code k} partitions: one task per slot, so the longest task
 * is the tasks' part of a step (see {@code StepTimings}). The kernels run on {@code --threads}
 * threads (1 unless given), so that {@code local[2]}'s gain is the data parallelism's. Each figure
 * is the median over the steps of a window of 10 seconds (3 with {@code --quick}) after 15 seconds
 * (2) of warm-up steps. One JSON object per line: {@code {"workload": ..., "master": ..., "unit":
 * "steps_per_s", "value": ..., ...}} with the step's median times. {@code benchmarks/run.sh
 * --spark} runs it and prints a table.
 */
public final class SparkBenchmark {
  private static final int EXAMPLES = 64 * 50;
  private static final int BATCH = 64;

  private final double warmupSeconds;
  private final double windowSeconds;

  private SparkBenchmark(boolean quick) {
    // The first workload's kernels take the JIT some 10 s of steps to compile on a busy machine.
    this.warmupSeconds = quick ? 2 : 15;
    this.windowSeconds = quick ? 3 : 10;
  }

  /**
   * Runs the workloads; see the class comment for the arguments.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    List<String> masters = List.of("local[1]", "local[2]");
    int threads = 1;
    boolean quick = false;
    String only = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--masters" -> masters = Arrays.asList(args[++i].split(","));
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Parallelism.setThreads(threads);
    SparkBenchmark bench = new SparkBenchmark(quick);
    List<Workload> workloads =
        List.of(
            new Workload("mlp_784_256_10_adam_b64", SparkBenchmark::mlp, new int[] {784}),
            new Workload("lenet5_adam_b64", SparkBenchmark::lenet5, new int[] {1, 28, 28}),
            new Workload("linear_4_10_adam_b64", SparkBenchmark::linear, new int[] {4}));
    String prefix = only;
    workloads = workloads.stream().filter(w -> w.name().startsWith(prefix)).toList();
    for (Workload w : workloads) {
      try (Trainer trainer = new LocalTrainer(w.config(), w.examples())) {
        bench.measure(w, "single process", 1, trainer);
      }
    }
    for (String master : masters) {
      int slots = slots(master);
      JavaSparkContext sc =
          new JavaSparkContext(
              new SparkConf()
                  .setMaster(master)
                  .setAppName("SparkBenchmark")
                  .set("spark.ui.enabled", "false")
                  .set("spark.driver.host", "127.0.0.1")
                  .set("spark.driver.bindAddress", "127.0.0.1"));
      try {
        for (Workload w : workloads) {
          try (Trainer trainer = new SparkTrainer(w.config(), onExecutors(sc, w, slots))) {
            bench.measure(w, master, slots, trainer);
          }
        }
      } finally {
        sc.stop();
      }
    }
  }

  /**
   * The workload's examples in {@code partitions} partitions, each built where its tasks run, as
   * examples read from storage are. Not {@code sc.parallelize(examples)}: its partitions hold their
   * examples, and every task of every step would carry its partition's (10 MB here).
   */
  private static JavaRDD<Example> onExecutors(JavaSparkContext sc, Workload w, int partitions) {
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < partitions; p++) ids.add(p);
    int[] shape = w.featureShape();
    return sc.parallelize(ids, partitions)
        .flatMap(
            p ->
                examples(shape, EXAMPLES * p / partitions, EXAMPLES * (p + 1) / partitions)
                    .iterator());
  }

  /**
   * Examples {@code from} to {@code to - 1} of a workload: standard normal features and a uniform
   * label of 10 classes, example {@code i} from a generator seeded with {@code i}.
   */
  private static List<Example> examples(int[] featureShape, int from, int to) {
    int n = 1;
    for (int d : featureShape) n *= d;
    List<Example> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Generator g = new Generator(i);
      double[] x = new double[n];
      for (int k = 0; k < n; k++) x[k] = g.nextGaussian();
      out.add(new Example(x, featureShape, new double[] {g.nextInt(10)}, new int[] {1}));
    }
    return out;
  }

  /** The k of {@code local[k]} or {@code local[k,f]}. */
  private static int slots(String master) {
    String inner = master.replaceAll("^local\\[(\\d+)(,\\d+)?]$", "$1");
    if (inner.equals(master)) {
      throw new IllegalArgumentException(
          "SparkBenchmark: --masters takes local[k] masters, got " + master);
    }
    return Integer.parseInt(inner);
  }

  /** The MLP of the Harness's {@code mlp_784_256_10_adam_50_steps}. */
  private static Module mlp() {
    return new Sequential(
        new Linear(784, 256, true, new Generator(1)),
        new ReLU(),
        new Linear(256, 10, true, new Generator(2)));
  }

  /**
   * A model of 50 parameters whose step computes next to nothing: what a step costs whatever the
   * model, Spark's latency.
   */
  private static Module linear() {
    return new Linear(4, 10, true, new Generator(4));
  }

  /** The LeNet-5 of the Harness's {@code lenet5_batch64_fwd_bwd}, with fixed initial values. */
  private static Module lenet5() {
    Generator g = new Generator(3);
    return new Sequential(
        new Conv2d(1, 6, 5, ConvOptions.defaults().padding(2).generator(g)),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5, ConvOptions.defaults().generator(g)),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(400, 120, true, g),
        new ReLU(),
        new Linear(120, 84, true, g),
        new ReLU(),
        new Linear(84, 10, true, g));
  }

  /** Cross-entropy against the class index each example's target holds. */
  private static final BatchLoss CROSS_ENTROPY =
      (output, target) -> Functional.crossEntropy(output, target.reshape(-1).to(DType.INT64));

  /** A workload: a model, its examples' feature shape, and the configuration both share. */
  private record Workload(String name, ModelFactory model, int[] featureShape) {
    TrainingConfig config() {
      return TrainingConfig.builder()
          .model(model)
          .loss(CROSS_ENTROPY)
          .optimizer(params -> new Adam(params, 1e-3))
          .batchSize(BATCH)
          .seed(1)
          .build();
    }

    List<Example> examples() {
      return SparkBenchmark.examples(featureShape, 0, EXAMPLES);
    }

    long parameters() {
      long p = 0;
      for (var t : model.create().parameters()) p += t.numel();
      return p;
    }
  }

  private void measure(Workload w, String master, int slots, Trainer trainer) {
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (System.nanoTime() < warmupEnd) trainer.step();
    System.gc();
    List<StepReport> reports = new ArrayList<>();
    long windowEnd = System.nanoTime() + (long) (windowSeconds * 1e9);
    while (reports.size() < 5 || System.nanoTime() < windowEnd) reports.add(trainer.step());
    double step = median(reports, StepReport::seconds);
    System.out.printf(
        Locale.ROOT,
        "{\"workload\": \"%s\", \"master\": \"%s\", \"partitions\": %d, \"unit\": \"steps_per_s\","
            + " \"value\": %.3f, \"steps\": %d, \"step_ms\": %.3f, \"gradient_ms\": %.3f,"
            + " \"broadcast_ms\": %.3f,"
            + " \"longest_task_ms\": %.3f, \"compute_ms\": %.3f, \"scan_ms\": %.3f,"
            + " \"communication_ms\": %.3f, \"communication\": %.4f, \"parameters\": %d}%n",
        w.name(),
        master,
        slots,
        1 / step,
        reports.size(),
        step * 1e3,
        median(reports, r -> r.timings().gradientSeconds()) * 1e3,
        median(reports, r -> r.timings().broadcastSeconds()) * 1e3,
        median(reports, r -> r.timings().longestTaskSeconds()) * 1e3,
        median(reports, r -> r.timings().computeSeconds()) * 1e3,
        median(reports, r -> r.timings().scanSeconds()) * 1e3,
        median(reports, r -> r.timings().communicationSeconds()) * 1e3,
        median(reports, StepReport::communicationFraction),
        w.parameters());
    System.out.flush();
  }

  private static double median(
      List<StepReport> reports, java.util.function.ToDoubleFunction<StepReport> f) {
    double[] v = reports.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }
}
