package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected rates were produced by PyTorch 1.13.1's ReduceLROnPlateau with the same arguments. */
class ReduceLROnPlateauTest {

  private static Optimizer sgd(double lr) {
    return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
  }

  private static double[] rates(ReduceLROnPlateau scheduler, double... metrics) {
    double[] lrs = new double[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      scheduler.step(metrics[i]);
      lrs[i] = scheduler.getLastLr().get(0);
    }
    return lrs;
  }

  @Test
  void minModeHalvesTheRateAfterPatienceBadEpochsThenCoolsDown() {
    // ReduceLROnPlateau(opt, patience=2, factor=0.5, cooldown=1, min_lr=0.1)
    ReduceLROnPlateau scheduler =
        ReduceLROnPlateau.builder(sgd(1.0)).patience(2).factor(0.5).cooldown(1).minLr(0.1).build();
    double[] lrs =
        rates(scheduler, 10, 9, 9.5, 9.2, 9.1, 8.0, 8.5, 8.6, 8.7, 8.8, 8.9, 9.0, 9.1, 9.2, 9.3);
    double[] pytorch = {
      1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125
    };
    assertEquals(List.of(toList(pytorch)), List.of(toList(lrs)));
    assertEquals(8.0, scheduler.best());
  }

  @Test
  void maxModeWithAbsoluteThreshold() {
    // ReduceLROnPlateau(opt, mode='max', threshold=0.1, threshold_mode='abs', patience=1,
    // factor=0.1)
    ReduceLROnPlateau scheduler =
        ReduceLROnPlateau.builder(sgd(1.0))
            .mode(ReduceLROnPlateau.Mode.MAX)
            .threshold(0.1)
            .thresholdMode(ReduceLROnPlateau.ThresholdMode.ABS)
            .patience(1)
            .factor(0.1)
            .build();
    double[] lrs = rates(scheduler, 1, 2, 2.05, 2.5, 2.4, 2.3, 2.2, 2.1, 3.0, 2.0, 2.0, 2.0);
    double[] pytorch = {
      1.0,
      1.0,
      1.0,
      1.0,
      1.0,
      0.1,
      0.1,
      0.010000000000000002,
      0.010000000000000002,
      0.010000000000000002,
      0.0010000000000000002,
      0.0010000000000000002
    };
    assertEquals(List.of(toList(pytorch)), List.of(toList(lrs)));
  }

  @Test
  void relativeThresholdNeedsImprovementByAFractionOfTheBest() {
    // default threshold 1e-4 'rel', patience=0: 0.99995 and 0.9999 do not improve on 1.0
    ReduceLROnPlateau scheduler = ReduceLROnPlateau.builder(sgd(1.0)).patience(0).build();
    double[] lrs = rates(scheduler, 1.0, 0.99995, 0.9999, 0.99989);
    assertEquals(
        List.of(toList(new double[] {1.0, 0.1, 0.010000000000000002, 0.010000000000000002})),
        List.of(toList(lrs)));
  }

  @Test
  void defaultsWaitTenBadEpochs() {
    ReduceLROnPlateau scheduler = new ReduceLROnPlateau(sgd(0.5));
    assertEquals(List.of(0.5), scheduler.getLastLr());
    // the first metric is an improvement on +inf; the next ten are bad epochs; the 11th reduces
    double[] lrs = rates(scheduler, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(0.5, lrs[10]);
    assertEquals(0.05, lrs[11], 1e-17);
    assertEquals(0, scheduler.numBadEpochs(), "the count restarts after a reduction");
  }

  @Test
  void minLrsArePerGroup() {
    Optimizer optimizer =
        SGD.builder(
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))),
                new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))))
            .lr(1.0)
            .build();
    ReduceLROnPlateau scheduler =
        ReduceLROnPlateau.builder(optimizer).patience(0).minLrs(List.of(0.5, 0.0)).build();
    rates(scheduler, 1, 2, 3);
    assertEquals(
        List.of(0.5, 0.01),
        List.of(
            optimizer.paramGroups().get(0).lr(),
            Math.round(optimizer.paramGroups().get(1).lr() * 1e12) / 1e12));
  }

  @Test
  void invalidSettingsAreRefused() {
    assertEquals(
        "Factor should be < 1.0.",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder(sgd(1)).factor(1.0).build())
            .getMessage());
    assertEquals(
        "expected 1 min_lrs, got 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder(sgd(1)).minLrs(List.of(0.1, 0.2)).build())
            .getMessage());
  }

  private static List<Double> toList(double[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
