package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Tensor;
import dev.autograd.internal.ScopedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizers of this package read gradients without handing them out, so that {@code
 * zeroGrad()} gives their memory back for the next backward (see {@code Tensor.grad()}); an
 * optimizer written elsewhere, or a caller who reads {@code grad()}, keeps them as before. Either
 * way the training computes the same numbers.
 */
class GradientRecyclingTrainingTest {
  /** Parameters this large give their gradients' memory back. */
  private static final int N = ScopedMemory.MIN_SIZE;

  private static final String[] OPTIMIZERS = {
    "SGD lr=0.1 momentum=0.9",
    "Adam lr=0.01 amsgrad=true",
    "AdamW lr=0.01",
    "RMSprop lr=0.01 momentum=0.5 centered=true",
    "Adagrad lr=0.1"
  };

  private static Tensor loss(Tensor p) {
    return p.sigmoid().mul(p).sum();
  }

  /**
   * Trains a copy of {@code start} for three steps and returns the parameter's values; {@code
   * readGrad} says whether the loop also reads {@code grad()} each step (which keeps the gradients
   * from being reused).
   */
  private static double[] train(String optimizer, Tensor start, boolean readGrad) {
    Tensor p = start.clone().requiresGrad(true);
    Optimizer opt = OptimizerFromName.build(optimizer, List.of(p));
    for (int step = 0; step < 3; step++) {
      opt.zeroGrad();
      loss(p).backward();
      if (readGrad) p.grad();
      opt.step();
    }
    return p.detach().toDoubleArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void zeroGradGivesBackTheGradientsStepRead(int which) {
    Tensor p = Tensor.randn(N + which).requiresGrad(true);
    Optimizer opt = OptimizerFromName.build(OPTIMIZERS[which], List.of(p));
    loss(p).backward();
    Tensor gradient = p.peekGrad();
    opt.step();
    opt.zeroGrad();
    // Given back: its storage is released, and any use of it throws instead of reading what the
    // next tensor of its length writes there.
    assertThrows(IllegalStateException.class, gradient::sum, OPTIMIZERS[which]);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void trainingWithReusedGradientsComputesTheSameParametersBitForBit(int which) {
    Tensor start = Tensor.randn(N + 16 + which);
    assertArrayEquals(
        train(OPTIMIZERS[which], start, true),
        train(OPTIMIZERS[which], start, false),
        0.0,
        OPTIMIZERS[which]);
  }

  @Test
  void aGradientTheCallerReadIsNotGivenBack() {
    Tensor p = Tensor.randn(N + 32).requiresGrad(true);
    Optimizer opt = new SGD(List.of(p), 0.1);
    loss(p).backward();
    Tensor held = p.grad();
    double[] values = held.toDoubleArray();
    opt.step();
    opt.zeroGrad();
    Tensor.randn(N + 32); // a tensor of its length: would reuse its array if given back
    assertArrayEquals(values, held.toDoubleArray(), 0.0);
  }

  @Test
  void clippingDoesNotHandTheGradientsOut() {
    Tensor p = Tensor.randn(N + 33).requiresGrad(true);
    loss(p).backward();
    Tensor gradient = p.peekGrad();
    ClipGrad.clipGradNorm(List.of(p), 1.0);
    ClipGrad.clipGradValue(List.of(p), 0.01);
    p.zeroGrad();
    assertThrows(IllegalStateException.class, gradient::sum);
  }

  /**
   * An optimizer written elsewhere, which keeps each gradient it is given: it does not say that its
   * update keeps none, so its gradients stay the caller's.
   */
  private static final class KeepsGradients extends Optimizer {
    final List<Tensor> kept = new ArrayList<>();

    KeepsGradients(List<Tensor> params) {
      super(List.of(new ParamGroup(params)), Map.of("lr", 0.1));
    }

    @Override
    protected void checkOptions(Map<String, Object> options) {}

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
      kept.add(grad);
      param.sub_(grad.mul(group.lr()));
    }
  }

  /** An optimizer written elsewhere whose update keeps nothing of the gradient, and says so. */
  private static final class KeepsNoGradient extends Optimizer {
    KeepsNoGradient(List<Tensor> params) {
      super(List.of(new ParamGroup(params)), Map.of("lr", 0.1));
    }

    @Override
    protected void checkOptions(Map<String, Object> options) {}

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
      param.sub_(grad.mul(group.lr()));
    }

    @Override
    protected boolean updateKeepsNoGradient() {
      return true;
    }
  }

  @Test
  void anOptimizerWrittenElsewhereCanLetItsGradientsBeGivenBack() {
    Tensor p = Tensor.randn(N + 35).requiresGrad(true);
    KeepsNoGradient opt = new KeepsNoGradient(List.of(p));
    loss(p).backward();
    Tensor gradient = p.peekGrad();
    opt.step();
    opt.zeroGrad();
    assertThrows(IllegalStateException.class, gradient::sum);
  }

  @Test
  void anOptimizerThatKeepsItsGradientsStillReadsThemAfterZeroGrad() {
    Tensor p = Tensor.randn(N + 34).requiresGrad(true);
    KeepsGradients opt = new KeepsGradients(List.of(p));
    List<double[]> values = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      opt.zeroGrad();
      loss(p).backward();
      opt.step();
      values.add(opt.kept.get(step).toDoubleArray());
    }
    opt.zeroGrad();
    Tensor.randn(N + 34);
    Function<Integer, double[]> now = i -> opt.kept.get(i).toDoubleArray();
    for (int step = 0; step < 3; step++) assertArrayEquals(values.get(step), now.apply(step), 0.0);
  }
}
