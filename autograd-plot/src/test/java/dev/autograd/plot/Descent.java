package dev.autograd.plot;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.function.BinaryOperator;

/**
 * Optimizers written out by hand for the tests (dev.autograd.optim lives elsewhere): each returns
 * the path it takes from {@code (x0, y0)}, recorded by {@link Trajectory#record}.
 */
final class Descent {
  private Descent() {}

  /** The tutorial's bowl, x² + y². */
  static final BinaryOperator<Tensor> BOWL = (x, y) -> x.square().add(y.square());

  /** Rosenbrock's valley, (1 − x)² + 100 (y − x²)², minimum at (1, 1). */
  static final BinaryOperator<Tensor> ROSENBROCK =
      (x, y) -> x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));

  private static Tensor point(double x0, double y0) {
    return Tensor.of(new double[] {x0, y0}, DType.FLOAT64).requiresGrad(true);
  }

  private static Tensor gradient(BinaryOperator<Tensor> f, Tensor p) {
    p.zeroGrad();
    f.apply(p.select(0, 0), p.select(0, 1)).backward();
    return p.grad();
  }

  /** Plain gradient descent: p ← p − lr ∇f. */
  @SuppressWarnings("try")
  static Trajectory sgd(BinaryOperator<Tensor> f, double x0, double y0, double lr, int steps) {
    Tensor p = point(x0, y0);
    return Trajectory.record(
        p,
        steps,
        () -> {
          Tensor g = gradient(f, p);
          try (Autograd.Scope s = Autograd.noGrad()) {
            p.sub_(g.mul(lr));
          }
        });
  }

  /** Heavy-ball momentum: v ← β v + ∇f, p ← p − lr v. */
  @SuppressWarnings("try")
  static Trajectory momentum(
      BinaryOperator<Tensor> f, double x0, double y0, double lr, double beta, int steps) {
    Tensor p = point(x0, y0);
    Tensor v = Tensor.zeros(DType.FLOAT64, 2);
    return Trajectory.record(
        p,
        steps,
        () -> {
          Tensor g = gradient(f, p);
          try (Autograd.Scope s = Autograd.noGrad()) {
            v.mul_(beta).add_(g);
            p.sub_(v.mul(lr));
          }
        });
  }

  /** Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and bias correction. */
  @SuppressWarnings("try")
  static Trajectory adam(BinaryOperator<Tensor> f, double x0, double y0, double lr, int steps) {
    Tensor p = point(x0, y0);
    Tensor m = Tensor.zeros(DType.FLOAT64, 2);
    Tensor v = Tensor.zeros(DType.FLOAT64, 2);
    int[] t = {0};
    return Trajectory.record(
        p,
        steps,
        () -> {
          Tensor g = gradient(f, p);
          t[0]++;
          try (Autograd.Scope s = Autograd.noGrad()) {
            m.mul_(0.9).add_(g.mul(0.1));
            v.mul_(0.999).add_(g.square().mul(0.001));
            Tensor mHat = m.div(1 - Math.pow(0.9, t[0]));
            Tensor vHat = v.div(1 - Math.pow(0.999, t[0]));
            p.sub_(mHat.div(vHat.sqrt().add(1e-8)).mul(lr));
          }
        });
  }
}
