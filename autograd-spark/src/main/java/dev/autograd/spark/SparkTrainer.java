package dev.autograd.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The {@link Trainer} on Apache Spark: synchronous data parallelism over the partitions of an RDD
 * or Dataset of {@link Example}s, with the model, optimizer and scheduler on the driver.
 *
 * <p>Each step, the driver broadcasts its flat parameters with their version (the step count) and
 * the indices of the step's global batches; each partition computes, with its executor's copy of
 * the model, the gradient of the examples of those batches it holds (a {@link
 * BatchLoss.Reduction#MEAN mean} loss weighted by its share of the batch); {@code treeAggregate}
 * sums the partitions' flat gradients; and the driver clips, updates and schedules exactly as
 * {@link LocalTrainer} does. A task checks the version of the parameters it receives and fails
 * rather than compute with stale ones. A failed task is retried by Spark ({@code
 * spark.task.maxFailures}); a step whose job fails for good throws a {@link TrainingException}
 * naming the step, and leaves the driver's state as it was: nothing is applied before the whole sum
 * is in.
 *
 * <pre>{@code
 * JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("mlp"));
 * JavaRDD<Example> examples = sc.parallelize(list, 8);
 * try (Trainer trainer = new SparkTrainer(config, examples)) {
 *   trainer.train(1000);
 * }
 * }</pre>
 *
 * <p>The examples are indexed once ({@code zipWithIndex}) and cached; each step scans the cached
 * partitions for its batches' examples. Parameters travel as {@code float[]} for a model all in
 * float32 and as {@code double[]} otherwise, gradients as {@code double[]} whatever the model's
 * dtype, which rounds nothing: a float32 gradient is a double exactly, and the sum is rounded to
 * float32 once, on the driver.
 */
public final class SparkTrainer extends BaseTrainer {
  /** The tree's depth: two levels keep the driver from receiving every partition's array. */
  private static final int AGGREGATION_DEPTH = 2;

  private final String id = UUID.randomUUID().toString();
  private final JavaSparkContext context;
  private final JavaPairRDD<Example, Long> indexed;

  /**
   * A trainer over the examples of an RDD.
   *
   * @param config what to train and how
   * @param examples the training examples, all of the same shapes
   * @throws TrainingException if an argument is null, there are no examples, the batch size is
   *     larger than their number, their shapes disagree, or an example is null
   */
  public SparkTrainer(TrainingConfig config, JavaRDD<Example> examples) {
    super(config);
    if (examples == null) throw new TrainingException("SparkTrainer: examples is null");
    this.context = JavaSparkContext.fromSparkContext(examples.context());
    this.indexed = examples.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    long count = indexed.count();
    List<String> shapes =
        count == 0
            ? List.of()
            : indexed.keys().map(e -> e == null ? "a null example" : e.shapes()).distinct().take(2);
    if (shapes.contains("a null example")) {
      indexed.unpersist(false);
      throw new TrainingException("SparkTrainer: the examples include a null example");
    }
    try {
      setExamples(count, new ArrayList<>(shapes));
    } catch (TrainingException e) {
      indexed.unpersist(false);
      throw e;
    }
  }

  /**
   * A trainer over the examples of a Dataset, such as one with the encoder {@code
   * Encoders.javaSerialization(Example.class)}.
   *
   * @param config what to train and how
   * @param examples the training examples, all of the same shapes
   * @throws TrainingException as {@link #SparkTrainer(TrainingConfig, JavaRDD)}
   */
  public SparkTrainer(TrainingConfig config, Dataset<Example> examples) {
    this(config, requireDataset(examples).javaRDD());
  }

  private static Dataset<Example> requireDataset(Dataset<Example> examples) {
    if (examples == null) throw new TrainingException("SparkTrainer: examples is null");
    return examples;
  }

  @Override
  GradientSum computeGradient(long step, long[][] microBatches) {
    long start = System.nanoTime();
    StepPlan stepPlan =
        new StepPlan(step, Flat.values(params), Flat.allFloat32(params), microBatches);
    Broadcast<StepPlan> plan = context.broadcast(stepPlan);
    double broadcastSeconds = (System.nanoTime() - start) / 1e9;
    try {
      GradientSum sum =
          indexed
              .mapPartitionsWithIndex(new PartitionGradients(id, config, plan, step), false)
              .treeAggregate(
                  GradientSum.none(), GradientSum::add, GradientSum::add, AGGREGATION_DEPTH);
      sum.broadcastSeconds = broadcastSeconds;
      return sum;
    } catch (Exception e) { // SparkException, which Scala throws without declaring it
      throw new TrainingException(
          "SparkTrainer.step: step "
              + step
              + " failed, and nothing was applied (the parameters, optimizer and scheduler are as"
              + " before the step): "
              + e.getMessage(),
          e);
    } finally {
      plan.destroy();
    }
  }

  /** Unpersists the cached examples. */
  @Override
  public void close() {
    indexed.unpersist(false);
    Replicas.drop(id);
  }

  /** One partition's task: its share of each micro-batch's gradient. */
  private static final class PartitionGradients
      implements Function2<Integer, Iterator<Tuple2<Example, Long>>, Iterator<GradientSum>> {
    private static final long serialVersionUID = 1L;

    private final String trainerId;
    private final ModelFactory factory;
    private final BatchLoss loss;
    private final int batchSize;
    private final Broadcast<StepPlan> plan;
    private final long step;

    /** Takes the serializable parts of {@code config} only: the optimizer stays on the driver. */
    PartitionGradients(
        String trainerId, TrainingConfig config, Broadcast<StepPlan> plan, long step) {
      this.trainerId = trainerId;
      this.factory = config.model();
      this.loss = config.loss();
      this.batchSize = config.batchSize();
      this.plan = plan;
      this.step = step;
    }

    @Override
    public Iterator<GradientSum> call(Integer partition, Iterator<Tuple2<Example, Long>> rows) {
      TaskHooks.beforePartition(step, partition);
      StepPlan p = plan.value().requireVersion(step, partition);
      long start = System.nanoTime();
      int micro = p.sortedMicroBatches.length;
      List<List<Example>> shares = new ArrayList<>(micro);
      for (int m = 0; m < micro; m++) shares.add(new ArrayList<>());
      while (rows.hasNext()) {
        Tuple2<Example, Long> row = rows.next();
        for (int m = 0; m < micro; m++) {
          if (p.contains(m, row._2())) shares.get(m).add(row._1());
        }
      }
      long scanned = System.nanoTime();
      // Loading the parameters into the replica is their arrival, not the task's own work.
      Replicas.Replica r = Replicas.acquire(trainerId, factory, p);
      long loaded = System.nanoTime();
      GradientSum sum = new GradientSum(p.size(), r.params.size(), micro);
      for (int m = 0; m < micro; m++) {
        ShareGradient.accumulate(r.model, r.params, loss, batchSize, micro, shares.get(m), m, sum);
      }
      Replicas.release(trainerId, r);
      return List.of(sum.timeTask(scanned - start, System.nanoTime() - loaded)).iterator();
    }
  }
}
