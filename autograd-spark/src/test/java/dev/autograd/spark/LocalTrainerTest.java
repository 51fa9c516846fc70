package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.Module;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.StepLR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrainerTest {
  private static final int N = 40;

  private static void assertMatchesPlainLoop(TrainingConfig config, int steps) {
    List<Example> examples = Fixtures.examples(N);
    Trainer trainer = new LocalTrainer(config, examples);
    List<double[]> initial = Fixtures.parameters(trainer);
    trainer.train(steps);
    List<double[]> expected = Fixtures.plainLoop(config, examples, steps);
    assertTrue(Fixtures.maxDifference(initial, expected) > 1e-3, "training moved the parameters");
    Fixtures.assertClose(expected, Fixtures.parameters(trainer), 1e-14);
  }

  @Test
  void equalsAPlainTrainingLoopWithSgdMomentum() {
    assertMatchesPlainLoop(Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).build(), 7);
  }

  @Test
  void equalsAPlainTrainingLoopWithAdamAndGradientAccumulation() {
    assertMatchesPlainLoop(
        Fixtures.config(Fixtures::mlp64, Fixtures.adam()).accumulationSteps(3).build(), 4);
  }

  @Test
  void clipsTheStepsGradientAsAPlainLoopDoes() {
    TrainingConfig config =
        Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).maxGradNorm(0.05).build();
    assertMatchesPlainLoop(config, 5);
    // The limit binds: without it the parameters come out elsewhere.
    Trainer unclipped =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).build(), Fixtures.examples(N));
    unclipped.train(5);
    Trainer clipped = new LocalTrainer(config, Fixtures.examples(N));
    clipped.train(5);
    assertTrue(
        Fixtures.maxDifference(Fixtures.parameters(unclipped), Fixtures.parameters(clipped))
            > 1e-3);
  }

  @Test
  void reportsEachStepToItsListeners() {
    Trainer trainer =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).build(), Fixtures.examples(N));
    List<StepReport> seen = new ArrayList<>();
    trainer.addListener(seen::add);
    List<StepReport> returned = trainer.train(3);
    assertEquals(returned, seen);
    for (int i = 0; i < 3; i++) {
      assertEquals(i, seen.get(i).step());
      assertEquals(8, seen.get(i).examples());
      assertEquals(0.1, seen.get(i).learningRate());
      assertTrue(seen.get(i).examplesPerSecond() > 0);
    }
    // The loss is the global batch's, before the update: the first is that of the initial model.
    Module model = Fixtures.mlp64();
    List<Example> first = new ArrayList<>();
    for (long i : new GlobalBatches(3, N, 8).batch(0)) first.add(Fixtures.examples(N).get((int) i));
    Tensor[] xy = ShareGradient.stack(first, dev.autograd.DType.FLOAT64);
    assertEquals(Fixtures.mse(model.call(xy[0]), xy[1]).item(), seen.get(0).loss(), 1e-15);
  }

  @Test
  void logsEachStepsLossAndRateInTheSameFormatInEveryLocale() {
    Trainer trainer =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.sgdMomentum()).build(), Fixtures.examples(N));
    List<String> lines = new ArrayList<>();
    // Log4j2 is the SLF4J binding of the test class path (it comes with Spark): an appender on the
    // trainer's logger sees the lines as SLF4J formatted them.
    org.apache.logging.log4j.core.Logger logger =
        (org.apache.logging.log4j.core.Logger) LogManager.getLogger("dev.autograd.spark.Trainer");
    Appender capture =
        new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
          }
        };
    capture.start();
    Locale defaultLocale = Locale.getDefault();
    List<StepReport> reports;
    try {
      Locale.setDefault(Locale.GERMANY); // a decimal comma, were the default locale used
      logger.addAppender(capture);
      reports = trainer.train(2);
    } finally {
      logger.removeAppender(capture);
      Locale.setDefault(defaultLocale);
    }
    assertEquals(2, lines.size(), lines.toString());
    Pattern line =
        Pattern.compile(
            "INFO step (\\d+): loss (\\S+), (\\d+\\.\\d) examples/s, (\\d+\\.\\d)% communication");
    for (int i = 0; i < 2; i++) {
      Matcher m = line.matcher(lines.get(i));
      assertTrue(m.matches(), lines.get(i));
      StepReport r = reports.get(i);
      assertEquals(i, Long.parseLong(m.group(1)));
      assertEquals(r.loss(), Double.parseDouble(m.group(2)));
      assertEquals(r.examplesPerSecond(), Double.parseDouble(m.group(3)), 0.05 + 1e-9);
      assertEquals(100 * r.communicationFraction(), Double.parseDouble(m.group(4)), 0.05 + 1e-9);
    }
  }

  @Test
  void reportsTheStepsComputeTime() {
    Trainer trainer =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.adam()).accumulationSteps(2).build(),
            Fixtures.examples(N));
    StepReport r = trainer.step();
    StepTimings t = r.timings();
    assertEquals(1, t.tasks());
    assertEquals(0, t.broadcastSeconds());
    assertTrue(t.computeSeconds() > 0, t.toString());
    assertEquals(t.computeSeconds() + t.scanSeconds(), t.longestTaskSeconds(), 1e-12);
    assertTrue(t.longestTaskSeconds() <= t.gradientSeconds(), t.toString());
    assertTrue(t.gradientSeconds() <= r.seconds(), t + " within " + r.seconds() + " s");
  }

  @Test
  void aStepReportRefusesNullTimings() {
    TrainingException e =
        assertThrows(TrainingException.class, () -> new StepReport(0, 1.0, 8, 0.1, 0.01, null));
    assertEquals("StepReport: timings is null", e.getMessage());
  }

  @Test
  void resumingFromACheckpointContinuesTheRunExactly(@TempDir Path dir) throws Exception {
    Function<Optimizer, dev.autograd.optim.EpochScheduler> scheduler = o -> new StepLR(o, 2, 0.5);
    TrainingConfig config =
        Fixtures.config(Fixtures::mlp64, Fixtures.adam()).scheduler(scheduler).build();
    Trainer straight = new LocalTrainer(config, Fixtures.examples(N));
    straight.train(8);

    Trainer first = new LocalTrainer(config, Fixtures.examples(N));
    first.train(4);
    Path file = dir.resolve("run/step-4.agck");
    first.saveCheckpoint(file);
    assertTrue(Files.exists(file));
    Trainer resumed = new LocalTrainer(config, Fixtures.examples(N));
    resumed.resume(file);
    assertEquals(4, resumed.stepCount());
    assertEquals(first.scheduler().getLastLr(), resumed.scheduler().getLastLr());
    resumed.train(4);
    Fixtures.assertClose(Fixtures.parameters(straight), Fixtures.parameters(resumed), 0);
  }

  @Test
  void refusesACheckpointOfOtherBatches(@TempDir Path dir) throws Exception {
    Trainer trainer =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build(), Fixtures.examples(N));
    Path file = dir.resolve("c.agck");
    trainer.saveCheckpoint(file);
    Trainer other =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.adam()).seed(4).build(),
            Fixtures.examples(N));
    TrainingException e = assertThrows(TrainingException.class, () -> other.resume(file));
    assertEquals(
        "LocalTrainer.resume: "
            + file
            + " was written with seed 3, but this trainer has seed 4; the batches would differ",
        e.getMessage());
  }

  @Test
  void refusesNoExamples() {
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () ->
                new LocalTrainer(
                    Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build(), List.of()));
    assertEquals("LocalTrainer: there are no examples to train on", e.getMessage());
  }

  @Test
  void refusesABatchLargerThanTheExamples() {
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () ->
                new LocalTrainer(
                    Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build(),
                    Fixtures.examples(5)));
    assertEquals(
        "LocalTrainer: batchSize 8 is larger than the number of examples, 5", e.getMessage());
  }

  @Test
  void refusesExamplesWhoseShapesDisagree() {
    List<Example> examples = new ArrayList<>(Fixtures.examples(10));
    examples.add(Example.of(new double[3], new double[1]));
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () ->
                new LocalTrainer(
                    Fixtures.config(Fixtures::mlp64, Fixtures.adam()).build(), examples));
    assertEquals(
        "LocalTrainer: the examples' shapes disagree, so they cannot be stacked into batches:"
            + " features [4], target [1] vs features [3], target [1]",
        e.getMessage());
  }

  @Test
  void refusesAConfigWithoutABatchSize() {
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () -> Fixtures.config(Fixtures::mlp64, Fixtures.adam()).batchSize(0).build());
    assertEquals("TrainingConfig.build: batchSize must be positive, got 0", e.getMessage());
  }

  @Test
  void everyExampleIsUsedOncePerEpoch() {
    GlobalBatches batches = new GlobalBatches(3, N, 8);
    for (int epoch = 0; epoch < 2; epoch++) {
      boolean[] seen = new boolean[N];
      for (int j = 0; j < 5; j++) {
        for (long i : batches.batch(epoch * 5L + j)) {
          assertTrue(!seen[(int) i], "example " + i + " twice in epoch " + epoch);
          seen[(int) i] = true;
        }
      }
    }
    // Epochs are shuffled differently.
    assertTrue(!java.util.Arrays.equals(batches.batch(0), batches.batch(5)));
  }
}
