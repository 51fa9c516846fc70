package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.optim.AdamW;
import dev.autograd.optim.SGD;
import dev.autograd.optim.StepLR;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkTrainer in local mode against LocalTrainer on the same global batches. One context for the
 * class: {@code local[2,4]} runs two tasks at a time and retries a failed task up to 4 times.
 */
class SparkTrainerTest {
  private static final int N = 40;
  private static final int PARTITIONS = 3;
  private static final int STEPS = 6;

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc =
        new JavaSparkContext(
            new SparkConf()
                .setMaster("local[2,4]")
                .setAppName("SparkTrainerTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @AfterEach
  void removeHook() {
    TaskHooks.hook = null;
  }

  private static JavaRDD<Example> rdd(List<Example> examples) {
    return sc.parallelize(examples, PARTITIONS);
  }

  private static List<double[]> local(TrainingConfig config, int steps) {
    Trainer trainer = new LocalTrainer(config, Fixtures.examples(N));
    trainer.train(steps);
    return Fixtures.parameters(trainer);
  }

  private static void assertSparkEqualsLocal(TrainingConfig config, double relTol) {
    List<double[]> expected = local(config, STEPS);
    try (Trainer trainer = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      List<double[]> initial = Fixtures.parameters(trainer);
      trainer.train(STEPS);
      assertTrue(Fixtures.maxDifference(initial, expected) > 1e-3, "training moved the parameters");
      Fixtures.assertClose(expected, Fixtures.parameters(trainer), relTol);
    }
  }

  @Test
  void equalsLocalTrainingWithSgdMomentumInFloat64() {
    assertSparkEqualsLocal(Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).build(), 1e-12);
  }

  @Test
  void equalsLocalTrainingWithAdamInFloat64() {
    assertSparkEqualsLocal(Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build(), 1e-12);
  }

  @Test
  void equalsLocalTrainingWithSgdMomentumInFloat32() {
    assertSparkEqualsLocal(Fixtures.config(Fixtures::mlp32, Fixtures.sgdMomentum()).build(), 1e-6);
  }

  @Test
  void equalsLocalTrainingWithAdamInFloat32() {
    assertSparkEqualsLocal(Fixtures.config(Fixtures::mlp32, Fixtures.adam()).build(), 1e-6);
  }

  /**
   * Spark's {@code STEPS} steps of {@code config} equal those of a hand-written single-process
   * loop, and differ from those of {@code without}, the same run without the feature under test:
   * the feature binds.
   */
  private static void assertSparkEqualsSingleProcess(
      TrainingConfig config, TrainingConfig without) {
    List<Example> examples = Fixtures.examples(N);
    List<double[]> expected = Fixtures.plainLoop(config, examples, STEPS);
    List<double[]> other = Fixtures.plainLoop(without, examples, STEPS);
    assertTrue(Fixtures.maxDifference(expected, other) > 1e-4, "the feature changes the result");
    try (Trainer trainer = new SparkTrainer(config, rdd(examples))) {
      trainer.train(STEPS);
      Fixtures.assertClose(expected, Fixtures.parameters(trainer), 1e-12);
    }
  }

  @Test
  void accumulatesGradientsAsASingleProcessLoopDoes() {
    TrainingConfig.Builder adam = Fixtures.config(Fixtures::mlp64, Fixtures.adam());
    assertSparkEqualsSingleProcess(
        adam.accumulationSteps(3).build(), adam.accumulationSteps(1).build());
  }

  @Test
  void clipsAsASingleProcessLoopDoes() {
    TrainingConfig.Builder sgd = Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum());
    assertSparkEqualsSingleProcess(
        sgd.maxGradNorm(0.05).build(), sgd.maxGradNorm(Double.NaN).build());
  }

  @Test
  void clipsAccumulatedGradientsAsASingleProcessLoopDoes() {
    TrainingConfig.Builder sgd =
        Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).accumulationSteps(2);
    assertSparkEqualsSingleProcess(
        sgd.maxGradNorm(0.05).build(), sgd.maxGradNorm(Double.NaN).build());
  }

  @Test
  void appliesSgdWeightDecayAsASingleProcessLoopDoes() {
    Function<Double, TrainingConfig> decay =
        wd ->
            Fixtures.config(
                    Fixtures::mlp64,
                    params -> SGD.builder(params).lr(0.1).momentum(0.9).weightDecay(wd).build())
                .build();
    assertSparkEqualsSingleProcess(decay.apply(0.05), decay.apply(0.0));
  }

  @Test
  void appliesAdamWDecoupledWeightDecayAsASingleProcessLoopDoes() {
    Function<Double, TrainingConfig> decay =
        wd ->
            Fixtures.config(
                    Fixtures::mlp64,
                    params -> AdamW.builder(params).lr(0.01).weightDecay(wd).build())
                .build();
    assertSparkEqualsSingleProcess(decay.apply(0.5), decay.apply(0.0));
  }

  @Test
  void stepsTheSchedulerAsASingleProcessLoopDoes() {
    TrainingConfig.Builder sgd = Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum());
    assertSparkEqualsSingleProcess(
        sgd.scheduler(o -> new StepLR(o, 2, 0.1)).build(), sgd.scheduler(null).build());
  }

  @Test
  void reportsTheTasksTimingsInEachStep() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    try (Trainer trainer = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      for (StepReport r : trainer.train(3)) {
        StepTimings t = r.timings();
        assertEquals(PARTITIONS, t.tasks(), "one task per partition");
        assertTrue(t.computeSeconds() > 0 && t.scanSeconds() > 0, t.toString());
        assertTrue(t.longestTaskSeconds() <= t.computeSeconds() + t.scanSeconds(), t.toString());
        assertTrue(t.longestTaskSeconds() < t.gradientSeconds(), t.toString());
        assertTrue(t.gradientSeconds() < r.seconds(), t + " within " + r.seconds() + " s");
        assertTrue(
            t.broadcastSeconds() > 0 && t.broadcastSeconds() <= t.communicationSeconds(),
            t.toString());
        assertEquals(t.gradientSeconds() - t.longestTaskSeconds(), t.communicationSeconds(), 1e-15);
        assertTrue(r.communicationFraction() > 0 && r.communicationFraction() < 1, t.toString());
      }
    }
  }

  @Test
  void aSummedLossGivesTheSameStepsAsLocally() {
    assertSparkEqualsLocal(
        Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum())
            .loss(BatchLoss.summed((o, t) -> o.sub(t).pow(2).sum().mul(0.01)))
            .build(),
        1e-12);
  }

  @Test
  void trainsOnADataset() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    SparkSession session = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Example> data =
        session.createDataset(Fixtures.examples(N), Encoders.javaSerialization(Example.class));
    try (Trainer trainer = new SparkTrainer(config, data)) {
      trainer.train(2);
      Fixtures.assertClose(local(config, 2), Fixtures.parameters(trainer), 1e-12);
    }
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheStepIsUnchanged() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    AtomicInteger failures = new AtomicInteger();
    TaskHooks.hook =
        (step, partition) -> {
          if (step == 2 && partition == 1 && failures.getAndIncrement() == 0) {
            throw new IllegalStateException("injected failure");
          }
        };
    try (Trainer trainer = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      trainer.train(STEPS);
      assertEquals(2, failures.get(), "one failed attempt and one retry");
      Fixtures.assertClose(local(config, STEPS), Fixtures.parameters(trainer), 1e-12);
    }
  }

  @Test
  void aTaskThatAlwaysFailsFailsTheStepAndAppliesNothing() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    try (Trainer trainer = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      trainer.train(2);
      List<double[]> before = Fixtures.parameters(trainer);
      Map<String, Object> optimizerBefore = trainer.optimizer().stateDict();
      AtomicInteger attempts = new AtomicInteger();
      TaskHooks.hook =
          (step, partition) -> {
            if (partition == 0) {
              attempts.incrementAndGet();
              throw new IllegalStateException("injected failure");
            }
          };
      TrainingException e = assertThrows(TrainingException.class, trainer::step);
      assertTrue(
          e.getMessage().startsWith("SparkTrainer.step: step 2 failed, and nothing was applied"),
          e.getMessage());
      assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
      assertEquals(4, attempts.get(), "spark.task.maxFailures attempts");
      assertEquals(2, trainer.stepCount());
      Fixtures.assertClose(before, Fixtures.parameters(trainer), 0);
      assertEquals(optimizerBefore.toString(), trainer.optimizer().stateDict().toString());

      // The failure leaves a trainer that goes on as if it had not happened.
      TaskHooks.hook = null;
      trainer.train(STEPS - 2);
      Fixtures.assertClose(local(config, STEPS), Fixtures.parameters(trainer), 1e-12);
    }
  }

  @Test
  void resumingASparkRunFromACheckpointContinuesItExactly(@TempDir Path dir) throws Exception {
    TrainingConfig config =
        Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum())
            .scheduler(o -> new StepLR(o, 2, 0.5))
            .build();
    Path file = dir.resolve("step-3.agck");
    try (Trainer first = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      first.train(STEPS / 2);
      first.saveCheckpoint(file);
    }
    try (Trainer resumed = new SparkTrainer(config, rdd(Fixtures.examples(N)))) {
      resumed.resume(file);
      assertEquals(0.05, resumed.scheduler().getLastLr().get(0), 1e-15, "the scheduler resumed");
      resumed.train(STEPS / 2);
      assertEquals(STEPS, resumed.stepCount());
      Fixtures.assertClose(local(config, STEPS), Fixtures.parameters(resumed), 1e-12);
    }
  }

  @Test
  void refusesNoExamples() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    TrainingException e =
        assertThrows(TrainingException.class, () -> new SparkTrainer(config, rdd(List.of())));
    assertEquals("SparkTrainer: there are no examples to train on", e.getMessage());
  }

  @Test
  void refusesABatchLargerThanTheExamples() {
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    TrainingException e =
        assertThrows(
            TrainingException.class, () -> new SparkTrainer(config, rdd(Fixtures.examples(5))));
    assertEquals(
        "SparkTrainer: batchSize 8 is larger than the number of examples, 5", e.getMessage());
  }

  @Test
  void refusesExamplesWhoseShapesDisagree() {
    List<Example> examples = new ArrayList<>(Fixtures.examples(10));
    examples.add(Example.of(new double[3], new double[1]));
    TrainingConfig config = Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build();
    TrainingException e =
        assertThrows(TrainingException.class, () -> new SparkTrainer(config, rdd(examples)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "SparkTrainer: the examples' shapes disagree, so they cannot be stacked into"
                    + " batches: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("features [3], target [1]"), e.getMessage());
    assertTrue(e.getMessage().contains("features [4], target [1]"), e.getMessage());
  }

  @Test
  void theAggregationsZeroIsSmallWhateverTheModel() throws Exception {
    // treeAggregate serializes its zero into every task of every step.
    int size = serializedSize(GradientSum.none());
    assertTrue(size < 1000, size + " bytes");
    GradientSum share = new GradientSum(3, 1, 2);
    share.grad[1] = 2.5;
    share.timeTask(1000, 2000);
    assertTrue(GradientSum.none().add(share) == share);
    assertTrue(share.add(GradientSum.none()) == share);
    assertEquals(2.5, share.grad[1]);
    assertEquals(1, share.tasks);
  }

  private static int serializedSize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }

  @Test
  void aFloat32ModelsParametersTravelAsFourBytesAValue() throws Exception {
    double[] values = new double[10_000];
    for (int i = 0; i < values.length; i++) values[i] = (float) Math.sin(i);
    long[][] batches = {{3, 1, 2}};
    int as32 = serializedSize(new StepPlan(0, values, true, batches));
    int as64 = serializedSize(new StepPlan(0, values, false, batches));
    assertTrue(as32 < 4 * values.length + 1000 && as64 > 8 * values.length, as32 + " vs " + as64);
  }

  @Test
  void aTaskRefusesParametersOfAnotherVersion() {
    StepPlan plan = new StepPlan(4, new double[0], false, new long[][] {{1, 2}});
    TrainingException e = assertThrows(TrainingException.class, () -> plan.requireVersion(5, 1));
    assertEquals(
        "SparkTrainer: partition 1 of step 5 received parameters of version 4, expected 5; a"
            + " stale broadcast is never used",
        e.getMessage());
  }
}
