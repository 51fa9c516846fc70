package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LRSchedulerTest {

  private static Optimizer sgd(double lr) {
    return new SGD(List.of(Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true)), lr);
  }

  private static Optimizer twoGroups(double lr0, double lr1) {
    return SGD.builder(
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(lr0),
            new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(lr1))
        .build();
  }

  /** The learning rate of group 0 at epochs 0..epochs (one optimizer step per epoch). */
  private static double[] schedule(LRScheduler scheduler, int epochs) {
    double[] lrs = new double[epochs + 1];
    lrs[0] = scheduler.getLastLr().get(0);
    for (int e = 1; e <= epochs; e++) {
      scheduler.optimizer().step();
      scheduler.step();
      lrs[e] = scheduler.getLastLr().get(0);
      assertEquals(lrs[e], scheduler.optimizer().paramGroups().get(0).lr());
    }
    return lrs;
  }

  private static void assertRelClose(double expected, double actual, double rtol, String what) {
    assertEquals(expected, actual, rtol * Math.abs(expected), what);
  }

  @Test
  void stepLRDecaysByGammaEveryStepSizeEpochs() {
    double[] lrs = schedule(new StepLR(sgd(0.05), 3, 0.5), 20);
    for (int e = 0; e <= 20; e++) {
      assertRelClose(0.05 * Math.pow(0.5, Math.floor(e / 3.0)), lrs[e], 1e-12, "epoch " + e);
    }
  }

  @Test
  void stepLRDefaultGammaIsOneTenth() {
    double[] lrs = schedule(new StepLR(sgd(1), 2), 4);
    assertEquals(1.0, lrs[1]);
    assertRelClose(0.1, lrs[2], 1e-15, "epoch 2");
    assertRelClose(0.01, lrs[4], 1e-15, "epoch 4");
  }

  @Test
  void exponentialLRDecaysByGammaEveryEpoch() {
    double[] lrs = schedule(new ExponentialLR(sgd(0.1), 0.9), 30);
    for (int e = 0; e <= 30; e++) {
      assertRelClose(0.1 * Math.pow(0.9, e), lrs[e], 1e-12, "epoch " + e);
    }
  }

  @Test
  void cosineAnnealingFollowsTheClosedFormOverSeveralPeriods() {
    double base = 0.1;
    double etaMin = 0.001;
    int tMax = 10;
    double[] lrs = schedule(new CosineAnnealingLR(sgd(base), tMax, etaMin), 3 * tMax);
    for (int e = 0; e <= 3 * tMax; e++) {
      double closed = etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
      assertRelClose(closed, lrs[e], 1e-12, "epoch " + e);
    }
  }

  @Test
  void cosineAnnealingMatchesPyTorchsRecursiveValues() {
    // torch.optim.lr_scheduler.CosineAnnealingLR(SGD(lr=0.1), T_max=10, eta_min=0.001), 1.13.1
    double[] pytorch = {
      0.1,
      0.09757729755661011,
      0.0905463412215599,
      0.07959536998847742,
      0.0657963412215599,
      0.0505,
      0.03520365877844011,
      0.02140463001152259,
      0.010453658778440109,
      0.0034227024433899004,
      0.001,
      0.0034227024433899004,
      0.01045365877844014,
      0.02140463001152267,
      0.035203658778440255,
      0.05050000000000022,
      0.06579634122156018,
      0.07959536998847777,
      0.09054634122156031,
      0.09757729755661054,
      0.10000000000000045,
      0.09757729755661054,
      0.09054634122156033
    };
    double[] lrs = schedule(new CosineAnnealingLR(sgd(0.1), 10, 0.001), pytorch.length - 1);
    for (int e = 0; e < pytorch.length; e++) {
      assertRelClose(pytorch[e], lrs[e], 1e-13, "epoch " + e);
    }
  }

  @Test
  void cosineAnnealingDefaultsToZeroMinimum() {
    double[] lrs = schedule(new CosineAnnealingLR(sgd(1), 4), 4);
    assertEquals(0.5, lrs[2], 1e-15);
    assertEquals(0.0, lrs[4], 1e-15);
  }

  @Test
  void schedulerScalesEachGroupFromItsOwnBase() {
    Optimizer optimizer = twoGroups(1.0, 0.01);
    ExponentialLR scheduler = new ExponentialLR(optimizer, 0.5);
    assertEquals(List.of(1.0, 0.01), scheduler.baseLrs());
    assertEquals(1.0, optimizer.paramGroups().get(0).getDouble("initialLr"));
    optimizer.step();
    scheduler.step();
    optimizer.step();
    scheduler.step();
    assertEquals(List.of(0.25, 0.0025), scheduler.getLastLr());
    assertEquals(2, scheduler.lastEpoch());
  }

  @Test
  void schedulerSetsTheRateTheOptimizerUses() {
    Tensor p = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
    Optimizer optimizer = new SGD(List.of(p), 1.0);
    StepLR scheduler = new StepLR(optimizer, 1, 0.1);
    for (int epoch = 0; epoch < 3; epoch++) {
      p.setGrad(Tensor.ones(DType.FLOAT64, 1));
      optimizer.step();
      scheduler.step();
    }
    assertEquals(-(1.0 + 0.1 + 0.01), p.item(), 1e-15);
  }

  @Test
  void schedulersRefuseAnEmptyPeriod() {
    assertEquals(
        "Invalid stepSize: 0",
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 0)).getMessage());
    assertEquals(
        "Invalid tMax: 0",
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(0.1), 0))
            .getMessage());
  }

  private static String refusal(org.junit.jupiter.api.function.Executable build) {
    return assertThrows(IllegalArgumentException.class, build).getMessage();
  }

  @Test
  void lambdaSchedulesWantOneFunctionPerGroup() {
    assertEquals(
        "LambdaLR: Expected 2 lr_lambdas, one per parameter group, but got 1",
        refusal(() -> new LambdaLR(twoGroups(0.1, 0.2), List.of(e -> 1.0))));
    assertEquals(
        "MultiplicativeLR: Expected 2 lr_lambdas, one per parameter group, but got 3",
        refusal(
            () ->
                new MultiplicativeLR(twoGroups(0.1, 0.2), List.of(e -> 1.0, e -> 1.0, e -> 1.0))));
  }

  @Test
  void warmUpFactorsOutsideTheirRangeAreRefused() {
    assertEquals(
        "LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal"
            + " to 1, got startFactor = 0.0",
        refusal(() -> new LinearLR(sgd(0.1), 0, 1, 5)));
    assertEquals(
        "LinearLR: Ending multiplicative factor expected to be between 0 and 1, got endFactor ="
            + " 1.5",
        refusal(() -> new LinearLR(sgd(0.1), 0.5, 1.5, 5)));
    assertEquals(
        "LinearLR: totalIters must be at least 0, got -1",
        refusal(() -> new LinearLR(sgd(0.1), 0.5, 1, -1)));
    assertEquals(
        "ConstantLR: Constant multiplicative factor expected to be greater than 0 and less or"
            + " equal to 1, got factor = 1.5",
        refusal(() -> new ConstantLR(sgd(0.1), 1.5, 5)));
    assertEquals(
        "ConstantLR: Constant multiplicative factor expected to be greater than 0 and less or"
            + " equal to 1, got factor = NaN",
        refusal(() -> new ConstantLR(sgd(0.1), Double.NaN, 5)));
    assertEquals(
        "PolynomialLR: totalIters must be at least 0, got -2",
        refusal(() -> new PolynomialLR(sgd(0.1), -2, 1)));
  }

  @Test
  void warmUpSchedulesSetEpochZeroAtConstruction() {
    Optimizer optimizer = sgd(0.05);
    LinearLR linear = new LinearLR(optimizer, 0.5, 1.0, 4);
    assertEquals(List.of(0.025), linear.getLastLr());
    assertEquals(0.025, optimizer.paramGroups().get(0).lr());
    assertEquals(List.of(0.05), linear.baseLrs());
    double[] constant = schedule(new ConstantLR(sgd(0.05), 0.5, 4), 5);
    assertArrayEquals(new double[] {0.025, 0.025, 0.025, 0.025, 0.05, 0.05}, constant);
  }

  @Test
  void warmRestartsRefuseEmptyCyclesAndNegativeEpochs() {
    assertEquals(
        "CosineAnnealingWarmRestarts: Expected positive integer t0, but got 0",
        refusal(() -> new CosineAnnealingWarmRestarts(sgd(0.1), 0)));
    assertEquals(
        "CosineAnnealingWarmRestarts: Expected integer tMult >= 1, but got 0",
        refusal(() -> new CosineAnnealingWarmRestarts(sgd(0.1), 2, 0, 0)));
    CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(sgd(0.1), 2);
    assertEquals(
        "CosineAnnealingWarmRestarts.step: Expected non-negative epoch, but got -0.5",
        refusal(() -> s.step(-0.5)));
    assertEquals(
        "CosineAnnealingWarmRestarts.step: Expected non-negative epoch, but got NaN",
        refusal(() -> s.step(Double.NaN)));
    assertEquals(0, s.lastEpoch());
  }

  @Test
  void warmRestartsRestartAtTheBaseRateWithLongerCycles() {
    double[] lrs = schedule(new CosineAnnealingWarmRestarts(sgd(1.0), 2, 2, 0), 7);
    // cycles of 2 then 4 epochs: restarts at epochs 2 and 6
    assertEquals(1.0, lrs[2], 1e-15);
    assertEquals(0.5, lrs[4], 1e-15); // half way through the cycle of 4
    assertEquals(1.0, lrs[6], 1e-15);
  }

  @Test
  void oneCycleRefusesBadSettingsWithPyTorchsMessages() {
    assertEquals(
        "OneCycleLR: You must define either totalSteps OR (epochs AND stepsPerEpoch)",
        refusal(() -> OneCycleLR.builder(sgd(0.1), 1.0).epochs(3).build()));
    assertEquals(
        "OneCycleLR: Expected positive integer totalSteps, but got 0",
        refusal(() -> OneCycleLR.builder(sgd(0.1), 1.0).totalSteps(0).build()));
    assertEquals(
        "OneCycleLR: Expected positive integer stepsPerEpoch, but got -1",
        refusal(() -> OneCycleLR.builder(sgd(0.1), 1.0).epochs(2).stepsPerEpoch(-1).build()));
    assertEquals(
        "OneCycleLR: Expected float between 0 and 1 pctStart, but got 1.5",
        refusal(() -> OneCycleLR.builder(sgd(0.1), 1.0).totalSteps(5).pctStart(1.5).build()));
    assertEquals(
        "OneCycleLR: expected 2 values for maxLr, one per parameter group, got 1",
        refusal(() -> OneCycleLR.builder(twoGroups(0.1, 0.2), List.of(1.0)).totalSteps(5).build()));
    assertEquals(
        "OneCycleLR: expected 2 values for baseMomentum, one per parameter group, got 3",
        refusal(
            () ->
                OneCycleLR.builder(twoGroups(0.1, 0.2), 1.0)
                    .totalSteps(5)
                    .baseMomentums(List.of(0.8, 0.8, 0.8))
                    .build()));
    Optimizer adagrad = new Adagrad(List.of(Tensor.zeros(1).requiresGrad(true)));
    assertEquals(
        "OneCycleLR: the optimizer must support momentum (a momentum or betas option) with"
            + " cycleMomentum enabled; Adagrad has neither",
        refusal(() -> OneCycleLR.builder(adagrad, 1.0).totalSteps(5).build()));
    OneCycleLR.builder(adagrad, 1.0).totalSteps(5).cycleMomentum(false).build(); // no momentum used
  }

  @Test
  void oneCycleRefusesAnEmptyFirstPhaseInsteadOfANaNRate() {
    // pctStart * totalSteps - 1 = 0: the warm-up starts and ends at step 0, where PyTorch
    // computes 0 / 0.0 and raises ZeroDivisionError
    String empty =
        refusal(() -> OneCycleLR.builder(sgd(0.1), 1.0).totalSteps(10).pctStart(0.1).build());
    assertTrue(
        empty.startsWith(
            "OneCycleLR: phase 1 of the schedule has no steps (it starts and ends at step 0.0,"
                + " from pctStart 0.1 and totalSteps 10)"),
        empty);
    // one step more, and the warm-up has a step: every rate is finite
    double[] lrs =
        schedule(OneCycleLR.builder(sgd(0.1), 1.0).totalSteps(20).pctStart(0.1).build(), 19);
    for (double lr : lrs) assertTrue(Double.isFinite(lr), Arrays.toString(lrs));
  }

  @Test
  void oneCycleRefusesAStepPastItsTotalAndStaysWhereItWas() {
    Optimizer optimizer = sgd(0.1);
    OneCycleLR s = OneCycleLR.builder(optimizer, 1.0).totalSteps(10).build();
    assertEquals(0.04, s.getLastLr().get(0), 1e-15); // maxLr / divFactor
    assertEquals(0.95, optimizer.paramGroups().get(0).getDouble("momentum"));
    double[] lrs = schedule(s, 2);
    assertEquals(1.0, lrs[2], 1e-12); // the peak, at pctStart * totalSteps - 1
    assertEquals(0.85, optimizer.paramGroups().get(0).getDouble("momentum"), 1e-12);
    lrs = Arrays.copyOf(lrs, 11);
    double[] rest = schedule(s, 8);
    System.arraycopy(rest, 1, lrs, 3, 8);
    assertEquals(1.0 / 25 / 1e4, lrs[9], 1e-18); // the minimum, at the last step
    assertEquals(
        "OneCycleLR.step: Tried to step 12 times. The specified number of total steps is 10",
        refusal(s::step));
    assertEquals(10, s.lastEpoch());
    assertEquals(lrs[10], optimizer.paramGroups().get(0).lr());
  }

  @Test
  void cyclicRefusesBadSettings() {
    assertEquals(
        "CyclicLR: expected 2 values for maxLr, one per parameter group, got 1",
        refusal(
            () -> CyclicLR.builder(twoGroups(0.1, 0.2), List.of(0.1, 0.1), List.of(1.0)).build()));
    assertEquals(
        "CyclicLR: stepSizeUp must be greater than 0 and stepSizeDown at least 0, got stepSizeUp"
            + " = 0.0, stepSizeDown = null",
        refusal(() -> CyclicLR.builder(sgd(0.1), 0.1, 1.0).stepSizeUp(0).build()));
    Optimizer adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)));
    assertEquals(
        "CyclicLR: the optimizer must support momentum with cycleMomentum enabled; Adam has no"
            + " momentum option",
        refusal(() -> CyclicLR.builder(adam, 0.1, 1.0).build()));
    CyclicLR.builder(adam, 0.1, 1.0).cycleMomentum(false).build(); // Adam without cycling is fine
  }

  @Test
  void cyclicStartsAtTheBaseRateAndMomentumAndPeaksAfterStepSizeUp() {
    Optimizer optimizer =
        SGD.builder(new ParamGroup(List.of(Tensor.zeros(1).requiresGrad(true))).setLr(7))
            .momentum(0.5)
            .build();
    CyclicLR s = CyclicLR.builder(optimizer, 0.25, 1.0).stepSizeUp(2).build();
    assertEquals(List.of(0.25), s.getLastLr());
    assertEquals(0.9, optimizer.paramGroups().get(0).getDouble("momentum")); // maxMomentum
    double[] lrs = schedule(s, 4);
    assertArrayEquals(new double[] {0.25, 0.625, 1.0, 0.625, 0.25}, lrs, 1e-15);
    assertEquals(0.9, optimizer.paramGroups().get(0).getDouble("momentum"), 1e-15);
  }
}
