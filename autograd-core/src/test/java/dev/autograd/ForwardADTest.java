package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.OpInfo.Domain;
import dev.autograd.OpInfo.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward-mode differentiation ({@link ForwardAD}): on every gradcheck row of the OpInfo table, the
 * tangent of the result equals the directional derivative by central finite differences, and agrees
 * with reverse mode ({@code <v, J t>} = {@code <J^T v, t>}); then the API's rules.
 */
class ForwardADTest {
  private static final double EPS = 1e-6;
  private static final double ATOL = 1e-5;
  private static final double RTOL = 1e-3;

  /** The OpInfo rows whose float64 gradients are checkable, one test per sample. */
  private static Stream<DynamicTest> perSample(String what, Check check) {
    return OpInfo.ALL.stream()
        .filter(OpInfo::gradcheck)
        .flatMap(
            op ->
                op.samples().stream()
                    .map(
                        s ->
                            dynamicTest(op.name() + " " + s + " " + what, () -> check.run(op, s))));
  }

  @FunctionalInterface
  private interface Check {
    void run(OpInfo op, Sample s);
  }

  @TestFactory
  Stream<DynamicTest> tangentMatchesFiniteDifferences() {
    return perSample("tangent vs finite differences", ForwardADTest::checkAgainstDifferences);
  }

  @TestFactory
  Stream<DynamicTest> tangentAgreesWithReverseMode() {
    return perSample("tangent vs reverse mode", ForwardADTest::checkAgainstReverse);
  }

  /** The primals, and a random tangent for each input the row differentiates. */
  private static Tensor[][] primalsAndTangents(OpInfo op, Sample s) {
    Tensor[] primals = OpInfoTest.inputs(op, s, DType.FLOAT64, false);
    Tensor[] tangents = new Tensor[primals.length];
    Generator gen = new Generator(("tangent " + op.name() + " " + s).hashCode());
    for (int i = 0; i < primals.length; i++) {
      if (!op.requiresGrad(i) || !primals[i].dtype().isFloatingPoint()) continue;
      double[] values = Domain.of(-1, 1).sample(gen, primals[i].numel());
      tangents[i] = OpInfoTest.tensor(values, primals[i].shape(), DType.FLOAT64, false);
    }
    return new Tensor[][] {primals, tangents};
  }

  /** f's tangent at the primals in the direction of the tangents (zeros when it carries none). */
  private static double[] forwardTangent(OpInfo op, Sample s, Tensor[] primals, Tensor[] tangents) {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor[] duals = primals.clone();
      for (int i = 0; i < duals.length; i++) {
        if (tangents[i] != null) duals[i] = ForwardAD.makeDual(primals[i], tangents[i]);
      }
      Tensor out = op.op().apply(duals, s);
      Tensor tangent = ForwardAD.unpackDual(out).tangent();
      if (tangent == null) return new double[out.numel()];
      assertArrayEquals(out.shape(), tangent.shape(), "the tangent has the result's shape");
      assertEquals(out.dtype(), tangent.dtype(), "the tangent has the result's type");
      return tangent.toDoubleArray();
    }
  }

  private static void checkAgainstDifferences(OpInfo op, Sample s) {
    Tensor[][] pt = primalsAndTangents(op, s);
    Tensor[] primals = pt[0];
    Tensor[] tangents = pt[1];
    double[] forward = forwardTangent(op, s, primals, tangents);
    Tensor[] plus = primals.clone();
    Tensor[] minus = primals.clone();
    for (int i = 0; i < primals.length; i++) {
      if (tangents[i] == null) continue;
      plus[i] = primals[i].add(tangents[i].mul(EPS));
      minus[i] = primals[i].sub(tangents[i].mul(EPS));
    }
    double[] up = op.op().apply(plus, s).toDoubleArray();
    double[] down = op.op().apply(minus, s).toDoubleArray();
    for (int j = 0; j < forward.length; j++) {
      double numerical = (up[j] - down[j]) / (2 * EPS);
      assertTrue(
          Math.abs(forward[j] - numerical) <= ATOL + RTOL * Math.abs(numerical),
          "element " + j + ": forward mode " + forward[j] + ", finite differences " + numerical);
    }
  }

  private static void checkAgainstReverse(OpInfo op, Sample s) {
    Tensor[][] pt = primalsAndTangents(op, s);
    Tensor[] primals = pt[0];
    Tensor[] tangents = pt[1];
    double[] forward = forwardTangent(op, s, primals, tangents);
    List<Tensor> wrt = new ArrayList<>();
    List<Tensor> directions = new ArrayList<>();
    Tensor[] inputs = primals.clone();
    for (int i = 0; i < inputs.length; i++) {
      if (tangents[i] == null) continue;
      inputs[i] = primals[i].detach().clone().requiresGrad(true);
      wrt.add(inputs[i]);
      directions.add(tangents[i]);
    }
    Tensor out = op.op().apply(inputs, s);
    Generator gen = new Generator(("cotangent " + op.name() + " " + s).hashCode());
    double[] v = Domain.of(-1, 1).sample(gen, out.numel());
    double vJt = 0;
    for (int j = 0; j < v.length; j++) vJt += v[j] * forward[j];
    double jTvt = 0;
    if (out.requiresGrad()) {
      Tensor cotangent = OpInfoTest.tensor(v, out.shape(), DType.FLOAT64, false);
      List<Tensor> grads =
          Autograd.grad(
              List.of(out), wrt, GradOptions.defaults().gradOutputs(cotangent).allowUnused(true));
      for (int k = 0; k < wrt.size(); k++) {
        if (grads.get(k) == null) continue;
        double[] g = grads.get(k).toDoubleArray();
        double[] t = directions.get(k).toDoubleArray();
        for (int i = 0; i < g.length; i++) jTvt += g[i] * t[i];
      }
    }
    assertEquals(jTvt, vJt, 1e-9 * (1 + Math.abs(jTvt)), "<v, J t> against <J^T v, t>");
  }

  /**
   * Forward over reverse on every gradgradcheck row: the tangent of the gradient (the ops of the
   * backward pass carry tangents too, so this reaches the primitives that only derivatives use) is
   * the directional derivative of the gradient by finite differences, a Hessian-vector product.
   */
  @TestFactory
  Stream<DynamicTest> tangentOfTheGradientMatchesFiniteDifferences() {
    return OpInfo.ALL.stream()
        .filter(OpInfo::gradgrad)
        .flatMap(
            op ->
                op.samples().stream()
                    .map(
                        s ->
                            dynamicTest(
                                op.name() + " " + s + " tangent of the gradient",
                                () -> checkGradientTangent(op, s))));
  }

  private static void checkGradientTangent(OpInfo op, Sample s) {
    Tensor[][] pt = primalsAndTangents(op, s);
    Tensor[] primals = pt[0];
    Tensor[] tangents = pt[1];
    Tensor probe = op.op().apply(primals, s);
    Generator gen = new Generator(("cotangent " + op.name() + " " + s).hashCode());
    Tensor v =
        OpInfoTest.tensor(
            Domain.of(-1, 1).sample(gen, probe.numel()), probe.shape(), DType.FLOAT64, false);
    // The cotangent carries a tangent too, as gradgradcheck differentiates with respect to it:
    // then the derivatives that depend on the cotangent alone (narrow's, indexSelect's) carry one.
    Tensor tv =
        OpInfoTest.tensor(
            Domain.of(-1, 1).sample(gen, probe.numel()), probe.shape(), DType.FLOAT64, false);
    double[] forward;
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor[] duals = primals.clone();
      List<Tensor> leaves = new ArrayList<>();
      for (int i = 0; i < duals.length; i++) {
        if (tangents[i] == null) continue;
        Tensor leaf = primals[i].detach().clone().requiresGrad(true);
        leaves.add(leaf);
        duals[i] = ForwardAD.makeDual(leaf, tangents[i]);
      }
      Tensor out = op.op().apply(duals, s);
      Tensor dualV = ForwardAD.makeDual(v, tv);
      List<Tensor> grads =
          Autograd.grad(
              List.of(out),
              leaves,
              GradOptions.defaults().gradOutputs(dualV).createGraph(true).allowUnused(true));
      List<Double> all = new ArrayList<>();
      for (int k = 0; k < leaves.size(); k++) {
        Tensor g = grads.get(k);
        Tensor t = g == null ? null : ForwardAD.unpackDual(g).tangent();
        double[] values = t == null ? new double[leaves.get(k).numel()] : t.toDoubleArray();
        for (double x : values) all.add(x);
      }
      forward = all.stream().mapToDouble(Double::doubleValue).toArray();
    }
    double[] up = gradientAt(op, s, primals, tangents, v.add(tv.mul(EPS)), EPS);
    double[] down = gradientAt(op, s, primals, tangents, v.sub(tv.mul(EPS)), -EPS);
    for (int j = 0; j < forward.length; j++) {
      double numerical = (up[j] - down[j]) / (2 * EPS);
      assertTrue(
          Math.abs(forward[j] - numerical) <= ATOL + RTOL * Math.abs(numerical),
          "element "
              + j
              + ": forward over reverse "
              + forward[j]
              + ", finite differences "
              + numerical);
    }
  }

  /** The gradient of {@code <v, f>} at primals + step * tangents, flattened over the inputs. */
  private static double[] gradientAt(
      OpInfo op, Sample s, Tensor[] primals, Tensor[] tangents, Tensor v, double step) {
    Tensor[] inputs = primals.clone();
    List<Tensor> leaves = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      if (tangents[i] == null) continue;
      inputs[i] = primals[i].add(tangents[i].mul(step)).requiresGrad(true);
      leaves.add(inputs[i]);
    }
    Tensor out = op.op().apply(inputs, s);
    List<Double> all = new ArrayList<>();
    List<Tensor> grads =
        out.requiresGrad()
            ? Autograd.grad(
                List.of(out), leaves, GradOptions.defaults().gradOutputs(v).allowUnused(true))
            : java.util.Collections.nCopies(leaves.size(), null);
    for (int k = 0; k < leaves.size(); k++) {
      Tensor g = grads.get(k);
      double[] values = g == null ? new double[leaves.get(k).numel()] : g.toDoubleArray();
      for (double x : values) all.add(x);
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  // ================================================================ the API

  @Test
  void aTangentRidesAlongTheForwardPass() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor x =
          ForwardAD.makeDual(
              Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2),
              Tensor.of(new double[] {1, 0}, DType.FLOAT64, 2));
      ForwardAD.Dual y = ForwardAD.unpackDual(x.sin().mul(x));
      assertArrayEquals(
          new double[] {Math.sin(1) + Math.cos(1), 0}, y.tangent().toDoubleArray(), 1e-15);
      assertArrayEquals(
          new double[] {Math.sin(1), 2 * Math.sin(2)}, y.primal().toDoubleArray(), 1e-15);
      assertNull(ForwardAD.unpackDual(y.primal()).tangent(), "the primal carries no tangent");
    }
  }

  @Test
  void theTutorialsDerivativeByForwardMode() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor x = ForwardAD.makeDual(Tensor.scalar(2.0), Tensor.scalar(1.0));
      Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
      assertEquals(8.0, ForwardAD.unpackDual(y).tangent().item(), 0.0);
    }
  }

  @Test
  void tangentsAreGoneOnceTheLevelIsClosed() {
    Tensor x;
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      x = ForwardAD.makeDual(Tensor.ones(3), Tensor.ones(3));
    }
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      assertNull(ForwardAD.unpackDual(x.exp()).tangent(), "a closed level's tangent is dropped");
    }
  }

  @Test
  void levelsDoNotNest() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      TensorException e = assertThrows(TensorException.class, ForwardAD::dualLevel);
      assertTrue(e.getMessage().contains("do not nest"), e.getMessage());
    }
  }

  @Test
  void makeDualOutsideALevelIsRefused() {
    TensorException e =
        assertThrows(
            TensorException.class, () -> ForwardAD.makeDual(Tensor.ones(2), Tensor.ones(2)));
    assertTrue(e.getMessage().startsWith("makeDual: no forward-mode level"), e.getMessage());
  }

  @Test
  void makeDualRefusesATangentOfAnotherShapeOrType() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      TensorException shape =
          assertThrows(
              TensorException.class, () -> ForwardAD.makeDual(Tensor.ones(2), Tensor.ones(3)));
      assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2]"));
      TensorException type =
          assertThrows(
              TensorException.class,
              () -> ForwardAD.makeDual(Tensor.ones(2), Tensor.ones(DType.FLOAT64, 2)));
      assertTrue(type.getMessage().contains("float64"), type.getMessage());
    }
  }

  @Test
  void inPlaceOpsOnADualAreRefused() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor x = ForwardAD.makeDual(Tensor.ones(2), Tensor.ones(2));
      TensorException e = assertThrows(TensorException.class, () -> x.mul_(2));
      assertTrue(e.getMessage().startsWith("mul_: in-place ops on a tensor that carries"));
    }
  }

  @Test
  void aTangentOnAnotherThreadsLevelIsNotSeen() throws Exception {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor x = ForwardAD.makeDual(Tensor.ones(2), Tensor.ones(2));
      Tensor[] seen = new Tensor[1];
      Thread other =
          new Thread(
              () -> {
                try (ForwardAD.DualLevel mine = ForwardAD.dualLevel()) {
                  seen[0] = ForwardAD.unpackDual(x.exp()).tangent();
                }
              });
      other.start();
      other.join();
      assertNull(seen[0], "another thread's level has its own tangents");
      assertNotNull(ForwardAD.unpackDual(x.exp()).tangent());
    }
  }

  @Test
  void theTangentIsDifferentiableByReverseMode() {
    // d/dx of the tangent of sin(x) * x in direction 1: d/dx (sin x + x cos x) = 2 cos x - x sin x.
    Tensor x = Tensor.scalar(0.7, DType.FLOAT64).requiresGrad(true);
    Tensor tangent;
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(x, Tensor.scalar(1.0, DType.FLOAT64));
      tangent = ForwardAD.unpackDual(dual.sin().mul(dual)).tangent();
    }
    assertTrue(tangent.requiresGrad(), "the tangent was recorded");
    Tensor g = Autograd.grad(tangent, x)[0];
    assertEquals(2 * Math.cos(0.7) - 0.7 * Math.sin(0.7), g.item(), 1e-14);
  }

  @Test
  void aDualOfALeafKeepsItsGraph() {
    Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(x, Tensor.ones(DType.FLOAT64, 3));
      dual.mul(2).sum().backward();
    }
    assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray(), 0.0);
  }

  @Test
  void opsWithoutTangentsCarryNone() {
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor y = Tensor.ones(3).exp();
      assertNull(ForwardAD.unpackDual(y).tangent());
      Tensor x = ForwardAD.makeDual(Tensor.ones(3), Tensor.ones(3));
      assertSame(null, ForwardAD.unpackDual(x.gt(0)).tangent(), "a comparison has no tangent");
    }
  }
}
