package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.AutogradFunctional.Product;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AutogradFunctional} against closed forms, and its products against the Jacobians and
 * Hessians they are contractions of.
 */
class AutogradFunctionalTest {

  private static final double TOL = 1e-9;

  private static Tensor f64(double... values) {
    return Tensor.of(values, DType.FLOAT64);
  }

  private static void assertClose(double[] expected, Tensor actual) {
    assertArrayEquals(expected, actual.toDoubleArray(), TOL);
  }

  /** Entry [i, j] of a matrix, as a 0-d tensor that keeps its graph. */
  private static Tensor entry(Tensor m, int i, int j) {
    return m.select(0, i).select(0, j);
  }

  private static void assertShape(Tensor t, int... shape) {
    assertArrayEquals(shape, t.shape());
  }

  private static AutogradFunctional.Options createGraph() {
    return AutogradFunctional.Options.defaults().createGraph(true);
  }

  private static AutogradFunctional.Options strict() {
    return AutogradFunctional.Options.defaults().strict(true);
  }

  /** Rosenbrock's function of a point [x, y]: (1 - x)^2 + 100 (y - x^2)^2. */
  private static Tensor rosenbrock(Tensor p) {
    Tensor x = p.select(0, 0);
    Tensor y = p.select(0, 1);
    return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
  }

  /** Its Hessian, by hand: [[2 - 400 (y - x^2) + 800 x^2, -400 x], [-400 x, 200]]. */
  private static double[] rosenbrockHessian(double x, double y) {
    return new double[] {2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200};
  }

  /** sum(x^4) + x0 x1 x2 and its Hessian: diag(12 x^2) plus the x_k off the diagonal. */
  private static Tensor quartic(Tensor x) {
    return x.pow(4).sum().add(x.select(0, 0).mul(x.select(0, 1)).mul(x.select(0, 2)));
  }

  private static double[][] quarticHessian(double[] x) {
    return new double[][] {
      {12 * x[0] * x[0], x[2], x[1]},
      {x[2], 12 * x[1] * x[1], x[0]},
      {x[1], x[0], 12 * x[2] * x[2]}
    };
  }

  private static double[] times(double[][] m, double[] v) {
    double[] r = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < v.length; j++) r[i] += m[i][j] * v[j];
    }
    return r;
  }

  private static double[] flatten(double[][] m) {
    double[] r = new double[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, r, i * m[0].length, m[0].length);
    return r;
  }

  // ------------------------------------------------------------------ jacobian

  @Test
  void jacobianOfAnElementwiseCubeIsDiagonal() {
    Tensor x = f64(-1, 0.5, 2);
    Tensor j = AutogradFunctional.jacobian(t -> t.pow(3), x);
    assertShape(j, 3, 3);
    assertClose(new double[] {3, 0, 0, 0, 0.75, 0, 0, 0, 12}, j);
    assertFalse(j.requiresGrad());
    assertFalse(x.requiresGrad(), "the input is not changed");
  }

  @Test
  void jacobianOfALinearMapIsItsMatrix() {
    Tensor a = Tensor.of(new double[] {1, -2, 3, 0.5, 5, -6}, DType.FLOAT64, 2, 3);
    Tensor j = AutogradFunctional.jacobian(x -> a.matmul(x), f64(0.1, 0.2, 0.3));
    assertShape(j, 2, 3);
    assertClose(a.toDoubleArray(), j);
  }

  @Test
  void jacobianShapeIsOutputShapeThenInputShape() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64, 2, 2);
    Tensor j = AutogradFunctional.jacobian(t -> t.square(), x);
    assertShape(j, 2, 2, 2, 2);
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 2; k++) {
        for (int l = 0; l < 2; l++) {
          for (int m = 0; m < 2; m++) {
            double expected = i == l && k == m ? 2 * x.get(i, k) : 0;
            assertEquals(expected, j.get(i, k, l, m), TOL);
          }
        }
      }
    }
    // A scalar function of a matrix: the gradient's shape. A scalar of a scalar: a scalar.
    assertShape(AutogradFunctional.jacobian(t -> t.sum(), x), 2, 2);
    assertShape(AutogradFunctional.jacobian(t -> t.exp(), Tensor.scalar(1.0, DType.FLOAT64)));
  }

  @Test
  void jacobianOfSeveralInputsAndOutputs() {
    Tensor x = f64(1, 2);
    Tensor y = f64(3, -4);
    Tensor[][] j =
        AutogradFunctional.jacobian(
            in -> new Tensor[] {in[0].mul(in[1]), in[0].sum().mul(in[1].sum())},
            new Tensor[] {x, y});
    assertEquals(2, j.length);
    assertEquals(2, j[0].length);
    assertClose(new double[] {3, 0, 0, -4}, j[0][0]); // diag(y)
    assertClose(new double[] {1, 0, 0, 2}, j[0][1]); // diag(x)
    assertShape(j[1][0], 2);
    assertClose(new double[] {-1, -1}, j[1][0]); // sum(y)
    assertClose(new double[] {3, 3}, j[1][1]); // sum(x)
  }

  @Test
  void jacobianOfACustomFunctionMatchesItsClosedForm() {
    Tensor x = f64(-1, 0.5, 2);
    Tensor j = AutogradFunctional.jacobian(t -> new AutogradFunctionTest.Cube().apply(t), x);
    assertClose(new double[] {3, 0, 0, 0, 0.75, 0, 0, 0, 12}, j);
  }

  // ------------------------------------------------------------------ hessian

  @Test
  void hessianOfRosenbrock() {
    double[][] points = {{-1.2, 1}, {1, 1}, {0.3, -0.5}};
    for (double[] p : points) {
      Tensor h = AutogradFunctional.hessian(AutogradFunctionalTest::rosenbrock, f64(p));
      assertShape(h, 2, 2);
      assertClose(rosenbrockHessian(p[0], p[1]), h);
    }
  }

  @Test
  void hessianOfSeveralInputsIsBlocks() {
    // Rosenbrock with x and y as two 0-d inputs: the blocks are the entries of the 2x2 Hessian.
    Tensor x = Tensor.scalar(-1.2, DType.FLOAT64);
    Tensor y = Tensor.scalar(1.0, DType.FLOAT64);
    Tensor[][] h =
        AutogradFunctional.hessian(
            in -> in[0].neg().add(1).square().add(in[1].sub(in[0].square()).square().mul(100)),
            new Tensor[] {x, y});
    double[] expected = rosenbrockHessian(-1.2, 1);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertShape(h[i][j]);
        assertEquals(expected[2 * i + j], h[i][j].item(), TOL);
      }
    }
    // Blocks of a vector and a matrix input: shapes in_i + in_j.
    Tensor v = f64(1, 2);
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, 2, 3);
    Tensor[][] blocks =
        AutogradFunctional.hessian(
            in -> in[0].unsqueeze(1).mul(in[1]).square().sum(), new Tensor[] {v, m});
    assertShape(blocks[0][0], 2, 2);
    assertShape(blocks[0][1], 2, 2, 3);
    assertShape(blocks[1][0], 2, 3, 2);
    assertShape(blocks[1][1], 2, 3, 2, 3);
    // f = sum_ij v_i^2 m_ij^2: d2f / dv_i dm_ij = 4 v_i m_ij
    assertEquals(4 * 2 * 6, blocks[0][1].get(1, 1, 2), TOL);
    assertEquals(0, blocks[0][1].get(0, 1, 2), TOL);
    assertEquals(4 * 2 * 6, blocks[1][0].get(1, 2, 1), TOL);
  }

  // ------------------------------------------------------------------ products

  @Test
  void vjpIsVTransposeTimesTheJacobian() {
    Function<Tensor, Tensor> f =
        x ->
            Tensor.stack(
                List.of(
                    x.select(0, 0).mul(x.select(0, 1)), x.select(0, 2).sin().mul(x.select(0, 0))),
                0);
    Tensor x = f64(0.5, -1.5, 2);
    Tensor v = f64(0.3, -0.7);
    double[] j = AutogradFunctional.jacobian(f, x).toDoubleArray(); // [2, 3]
    Product<Tensor, Tensor> r = AutogradFunctional.vjp(f, x, v);
    double[] expected = new double[3];
    for (int k = 0; k < 3; k++) expected[k] = 0.3 * j[k] - 0.7 * j[3 + k];
    assertClose(expected, r.product());
    assertClose(f.apply(x).toDoubleArray(), r.output());
    assertFalse(r.output().requiresGrad());
    assertFalse(r.product().requiresGrad());
    // The closed form of row 0 is [x1, x0, 0]: the Jacobian itself is right.
    assertArrayEquals(new double[] {-1.5, 0.5, 0}, java.util.Arrays.copyOf(j, 3), TOL);
  }

  @Test
  void vjpOfAScalarOutputNeedsNoV() {
    Tensor x = f64(1, 2, 3);
    Product<Tensor, Tensor> r = AutogradFunctional.vjp(t -> t.square().sum(), x, null);
    assertClose(new double[] {2, 4, 6}, r.product());
    assertEquals(14, r.output().item(), TOL);
  }

  @Test
  void jvpIsTheJacobianTimesV() {
    Function<Tensor, Tensor> f = x -> x.pow(3).mul(x.sum());
    Tensor x = f64(0.5, -1, 2);
    Tensor v = f64(1, 2, -1);
    double[] j = AutogradFunctional.jacobian(f, x).toDoubleArray();
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) expected[i] += j[3 * i + k] * v.get(k);
    }
    Product<Tensor, Tensor> r = AutogradFunctional.jvp(f, x, v);
    assertClose(expected, r.product());
    // By hand: d(x_i^3 s)/dx_k = 3 x_i^2 s delta_ik + x_i^3, s = sum(x) = 1.5, sum(v) = 2
    double[] xs = {0.5, -1, 2};
    double[] vs = {1, 2, -1};
    for (int i = 0; i < 3; i++) {
      double byHand = 3 * xs[i] * xs[i] * 1.5 * vs[i] + xs[i] * xs[i] * xs[i] * 2;
      assertEquals(byHand, r.product().get(i), TOL);
    }
  }

  @Test
  void jvpOfASingleElementInputNeedsNoV() {
    Product<Tensor, Tensor> r =
        AutogradFunctional.jvp(t -> t.sin(), Tensor.scalar(0.4, DType.FLOAT64), null);
    assertEquals(Math.cos(0.4), r.product().item(), TOL);
  }

  @Test
  void severalInputsAndOutputsInVjpAndJvp() {
    Function<Tensor[], Tensor[]> f =
        in -> new Tensor[] {in[0].mul(in[1]).sum(), in[0].exp().add(in[1].square())};
    Tensor x = f64(0.1, 0.2);
    Tensor y = f64(-0.3, 0.4);
    Tensor[][] j = AutogradFunctional.jacobian(f, new Tensor[] {x, y});
    // vjp with v = (2, [1, -1]): product_k = 2 J[0][k] + [1, -1] . J[1][k]
    Product<Tensor[], Tensor[]> back =
        AutogradFunctional.vjp(
            f, new Tensor[] {x, y}, new Tensor[] {Tensor.scalar(2.0, DType.FLOAT64), f64(1, -1)});
    for (int k = 0; k < 2; k++) {
      double[] j0 = j[0][k].toDoubleArray();
      double[] j1 = j[1][k].toDoubleArray(); // [2 outputs, 2 inputs]
      double[] expected = {
        2 * j0[0] + (j1[0] - j1[2]), 2 * j0[1] + (j1[1] - j1[3]),
      };
      assertClose(expected, back.product()[k]);
    }
    assertEquals(2, back.output().length);
    // jvp with v = ([1, 0], [0, 1]): product_i = J[i][0] [1, 0] + J[i][1] [0, 1]
    Product<Tensor[], Tensor[]> forward =
        AutogradFunctional.jvp(f, new Tensor[] {x, y}, new Tensor[] {f64(1, 0), f64(0, 1)});
    assertEquals(j[0][0].get(0) + j[0][1].get(1), forward.product()[0].item(), TOL);
    double[] j10 = j[1][0].toDoubleArray();
    double[] j11 = j[1][1].toDoubleArray();
    assertClose(new double[] {j10[0] + j11[1], j10[2] + j11[3]}, forward.product()[1]);
  }

  @Test
  void hvpAndVhpAreTheHessianTimesV() {
    double[] point = {0.5, -1, 2};
    double[] v = {1, -2, 0.5};
    double[][] h = quarticHessian(point);
    Tensor x = f64(point);
    assertClose(flatten(h), AutogradFunctional.hessian(AutogradFunctionalTest::quartic, x));
    Product<Tensor, Tensor> hv = AutogradFunctional.hvp(AutogradFunctionalTest::quartic, x, f64(v));
    Product<Tensor, Tensor> vh = AutogradFunctional.vhp(AutogradFunctionalTest::quartic, x, f64(v));
    assertClose(times(h, v), hv.product()); // H is symmetric: H v = v^T H
    assertClose(times(h, v), vh.product());
    double value = 0.0625 + 1 + 16 + 0.5 * -1 * 2;
    assertEquals(value, hv.output().item(), TOL);
    assertEquals(value, vh.output().item(), TOL);
  }

  @Test
  void hvpAndVhpOfSeveralInputs() {
    // f(x, y) = sum(x^2 y): H = [[diag(2y), diag(2x)], [diag(2x), 0]]
    Function<Tensor[], Tensor> f = in -> in[0].square().mul(in[1]).sum();
    Tensor x = f64(1, 2);
    Tensor y = f64(3, 4);
    Tensor[] v = {f64(1, -1), f64(0.5, 2)};
    Tensor[] hv = AutogradFunctional.hvp(f, new Tensor[] {x, y}, v).product();
    Tensor[] vh = AutogradFunctional.vhp(f, new Tensor[] {x, y}, v).product();
    double[] hx = {2 * 3 * 1 + 2 * 1 * 0.5, 2 * 4 * -1 + 2 * 2 * 2};
    double[] hy = {2 * 1 * 1, 2 * 2 * -1};
    assertClose(hx, hv[0]);
    assertClose(hy, hv[1]);
    assertClose(hx, vh[0]);
    assertClose(hy, vh[1]);
  }

  // ------------------------------------------------------------------ across the ops

  private static final Tensor W =
      Tensor.of(
          new double[] {0.5, -1, 0.25, 2, 0.1, -0.3, 1.5, 0.7, -0.2, 0.4, -0.6, 0.9},
          DType.FLOAT64,
          4,
          3);

  /** Functions of 6 inputs, smooth at the test point, that cover the ops' derivatives. */
  static Stream<Arguments> functions() {
    Map<String, Function<Tensor, Tensor>> f = new LinkedHashMap<>();
    f.put("sin exp", x -> x.sin().mul(x.exp()));
    f.put("log sqrt reciprocal", x -> x.log().add(x.sqrt()).mul(x.reciprocal()));
    f.put("tanh sigmoid", x -> x.tanh().mul(x.sigmoid()));
    f.put(
        "softplus gelu silu elu erf",
        x -> x.softplus().add(x.sub(1).gelu()).add(x.silu()).add(x.sub(1).elu(1.0)).add(x.erf()));
    f.put("div pow", x -> x.div(x.add(1)).pow(3).add(x.pow(x)));
    f.put("matmul", x -> x.reshape(2, 3).matmul(x.reshape(2, 3).t().exp()));
    f.put("softmax", x -> x.reshape(2, 3).softmax(1).mul(x.reshape(2, 3)));
    f.put("logSoftmax", x -> x.reshape(3, 2).logSoftmax(0).square());
    f.put("logsumexp", x -> x.reshape(2, 3).logsumexp(1, false).mul(x.sum()));
    f.put(
        "norm var mean",
        x -> x.mul(x.norm()).add(x.reshape(2, 3).var(1, true, true)).sub(x.mean().square()));
    f.put(
        "shape ops",
        x ->
            Tensor.cat(
                List.of(
                    x.reshape(2, 3).permute(1, 0).narrow(0, 1, 2).reshape(-1),
                    x.reshape(1, 6).expand(2, 6).sum(0, false).square(),
                    x.indexSelect(0, Tensor.of(new long[] {0, 2, 2, 5})).exp(),
                    Tensor.stack(List.of(x.select(0, 1), x.select(0, 4)), 0).pow(3)),
                0));
    f.put("linear", x -> Functional.linear(x.reshape(2, 3).square(), W, f64(1, 2, 3, 4)).tanh());
    f.put(
        "losses",
        x ->
            Tensor.stack(
                List.of(
                    Functional.mseLoss(x.square(), f64(1, 0, 2, 1, 0, 3)),
                    Functional.crossEntropy(
                        x.reshape(2, 3).mul(x.reshape(2, 3)), Tensor.of(new long[] {2, 0})),
                    Functional.binaryCrossEntropyWithLogits(x.sin(), f64(1, 0, 1, 0.5, 0, 1))),
                0));
    f.put(
        "maximum amax clamp",
        x ->
            x.square()
                .maximum(x.mul(0.5))
                .add(x.reshape(2, 3).amax(1, true).reshape(-1).sum().mul(x))
                .add(x.clamp(0.5, 1.0).mul(x)));
    return f.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** Central differences of {@code f} at {@code x}: [numel(f(x)), 6]. */
  private static double[][] numericalJacobian(Function<Tensor, Tensor> f, double[] x) {
    double h = 1e-6;
    double[][] columns = new double[x.length][];
    for (int k = 0; k < x.length; k++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[k] += h;
      minus[k] -= h;
      double[] fp = f.apply(f64(plus)).toDoubleArray();
      double[] fm = f.apply(f64(minus)).toDoubleArray();
      columns[k] = new double[fp.length];
      for (int i = 0; i < fp.length; i++) columns[k][i] = (fp[i] - fm[i]) / (2 * h);
    }
    double[][] j = new double[columns[0].length][x.length];
    for (int i = 0; i < j.length; i++) {
      for (int k = 0; k < x.length; k++) j[i][k] = columns[k][i];
    }
    return j;
  }

  private static void assertNear(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + " [" + i + "]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void productsAgreeWithTheJacobianAndHessianAndTheseWithFiniteDifferences(
      String name, Function<Tensor, Tensor> f) {
    double[] point = {0.3, 0.7, 1.1, 0.4, 0.9, 1.6};
    Tensor x = f64(point);
    Generator gen = new Generator(7);
    Tensor v = Tensor.randn(gen, 6).to(DType.FLOAT64);
    Tensor out = f.apply(x);
    Tensor u = Tensor.randn(gen, out.shape()).to(DType.FLOAT64);
    int m = out.numel();

    Tensor jacobian = AutogradFunctional.jacobian(f, x);
    int[] expectedShape = java.util.Arrays.copyOf(out.shape(), out.dim() + 1);
    expectedShape[out.dim()] = 6;
    assertArrayEquals(expectedShape, jacobian.shape());
    double[] j = jacobian.toDoubleArray();
    assertNear(flatten(numericalJacobian(f, point)), j, 1e-6, name + ": J against differences");

    double[] jv = new double[m];
    double[] uj = new double[6];
    double[] us = u.toDoubleArray();
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < 6; k++) {
        jv[i] += j[6 * i + k] * v.get(k);
        uj[k] += us[i] * j[6 * i + k];
      }
    }
    assertNear(jv, AutogradFunctional.jvp(f, x, v).product().toDoubleArray(), 1e-10, name + " jvp");
    assertNear(uj, AutogradFunctional.vjp(f, x, u).product().toDoubleArray(), 1e-10, name + " vjp");

    // The scalar u . f(x): its Hessian, against differences of its gradient, and H v both ways.
    Function<Tensor, Tensor> g = t -> f.apply(t).mul(u).sum();
    double[] hessian = AutogradFunctional.hessian(g, x).toDoubleArray();
    Function<Tensor, Tensor> gradient = t -> AutogradFunctional.vjp(g, t, null).product();
    assertNear(
        flatten(numericalJacobian(gradient, point)),
        hessian,
        1e-6,
        name + ": H against differences");
    double[] hv = new double[6];
    for (int i = 0; i < 6; i++) {
      for (int k = 0; k < 6; k++) hv[i] += hessian[6 * i + k] * v.get(k);
    }
    assertNear(hv, AutogradFunctional.hvp(g, x, v).product().toDoubleArray(), 1e-10, name + " hvp");
    assertNear(hv, AutogradFunctional.vhp(g, x, v).product().toDoubleArray(), 1e-10, name + " vhp");
  }

  // ------------------------------------------------------------------ createGraph

  @Test
  void withCreateGraphAHessianEntryCanBeDifferentiatedAgain() {
    Tensor x = f64(0.5, -1, 2).requiresGrad(true);
    Tensor h = AutogradFunctional.hessian(t -> t.pow(4).sum(), x, createGraph());
    assertTrue(h.requiresGrad());
    assertClose(new double[] {3, 0, 0, 0, 12, 0, 0, 0, 48}, h); // diag(12 x^2)
    Tensor h00 = entry(h, 0, 0);
    // d H_00 / dx = [24 x_0, 0, 0]
    assertClose(new double[] {12, 0, 0}, Autograd.grad(h00, x)[0]);
    assertNull(x.grad(), "the calls leave grad() alone");
  }

  @Test
  void withCreateGraphTheProductsAreDifferentiable() {
    Tensor x = f64(0.5, -1, 2).requiresGrad(true);
    Tensor v = f64(1, 2, 3);
    Product<Tensor, Tensor> r = AutogradFunctional.vjp(t -> t.pow(3), x, v, createGraph());
    assertTrue(r.output().requiresGrad());
    assertTrue(r.product().requiresGrad());
    // product = 3 x^2 v; d sum(product) / dx = 6 x v
    assertClose(new double[] {3, -12, 36}, Autograd.grad(r.product().sum(), x)[0]);
    Product<Tensor, Tensor> j = AutogradFunctional.jvp(t -> t.pow(3), x, v, createGraph());
    assertClose(new double[] {3, -12, 36}, Autograd.grad(j.product().sum(), x)[0]);
    Product<Tensor, Tensor> hv = AutogradFunctional.hvp(t -> t.pow(4).sum(), x, v, createGraph());
    // H v = 12 x^2 v; d sum / dx = 24 x v
    assertClose(new double[] {12, -48, 144}, Autograd.grad(hv.product().sum(), x)[0]);
    Product<Tensor, Tensor> vh = AutogradFunctional.vhp(t -> t.pow(4).sum(), x, v, createGraph());
    assertClose(new double[] {12, -48, 144}, Autograd.grad(vh.product().sum(), x)[0]);
  }

  @Test
  void createGraphDoesNotGoThroughTheGraphOfTheInputsUntilAskedTo() {
    // x is computed from w: the calls differentiate with respect to x only, and never reach w
    // (whose graph may be freed or large), as PyTorch's engine runs only what leads to x.
    Tensor w = f64(0.25, -0.5, 1).requiresGrad(true);
    int[] reached = {0};
    w.registerHook(
        g -> {
          reached[0]++;
          return null;
        });
    Tensor x = w.mul(2);
    Tensor j = AutogradFunctional.jacobian(t -> t.pow(3), x, createGraph());
    Tensor h = AutogradFunctional.hessian(t -> t.pow(4).sum(), x, createGraph());
    assertEquals(0, reached[0]);
    // Later, the results lead back to w: d J_11 / dw_1 = 6 x_1 * 2, d H_22 / dw_2 = 24 x_2 * 2.
    List<Tensor> dj =
        Autograd.grad(
            List.of(entry(j, 1, 1)), List.of(w), GradOptions.defaults().retainGraph(true));
    assertClose(new double[] {0, -12, 0}, dj.get(0));
    assertClose(new double[] {0, 0, 96}, Autograd.grad(entry(h, 2, 2), w)[0]);
    assertEquals(2, reached[0]);
  }

  // ------------------------------------------------------------------ strict

  @Test
  void strictModeRefusesOutputsIndependentOfAnInput() {
    Tensor x = f64(1, 2);
    Tensor y = f64(3, 4);
    assertMessage(
        () -> AutogradFunctional.jacobian(t -> Tensor.ones(DType.FLOAT64, 2), x, strict()),
        "jacobian: Output 0 of the user-provided function does not require gradients");
    Function<Tensor[], Tensor[]> ignoresY = in -> new Tensor[] {in[0].mul(2)};
    assertMessage(
        () -> AutogradFunctional.jacobian(ignoresY, new Tensor[] {x, y}, strict()),
        "jacobian: Output 0 of the user-provided function is independent of input 1",
        "strict mode");
    assertMessage(
        () ->
            AutogradFunctional.vjp(
                ignoresY, new Tensor[] {x, y}, new Tensor[] {f64(1, 1)}, strict()),
        "vjp: The output of the user-provided function is independent of input 1");
    assertMessage(
        () ->
            AutogradFunctional.jvp(
                ignoresY, new Tensor[] {x, y}, new Tensor[] {f64(1, 1), f64(1, 1)}, strict()),
        "jvp: The output of the user-provided function is independent of input 1");
    // Without strict: zeros.
    Tensor[][] j = AutogradFunctional.jacobian(ignoresY, new Tensor[] {x, y});
    assertClose(new double[] {0, 0, 0, 0}, j[0][1]);
    Tensor[] back =
        AutogradFunctional.vjp(ignoresY, new Tensor[] {x, y}, new Tensor[] {f64(1, 1)}).product();
    assertClose(new double[] {0, 0}, back[1]);
  }

  @Test
  void strictModeRefusesTheHessianOfALinearFunction() {
    Function<Tensor, Tensor> linear = t -> t.mul(f64(1, 2)).sum();
    Tensor x = f64(1, 2);
    String message =
        "While computing the hessian, found that the jacobian of the user-provided function with"
            + " respect to input 0 is independent of the input";
    assertMessage(() -> AutogradFunctional.hessian(linear, x, strict()), "hessian: " + message);
    assertMessage(() -> AutogradFunctional.vhp(linear, x, f64(1, 1), strict()), "vhp: " + message);
    assertMessage(() -> AutogradFunctional.hvp(linear, x, f64(1, 1), strict()), "hvp: " + message);
    assertClose(new double[] {0, 0, 0, 0}, AutogradFunctional.hessian(linear, x));
    assertClose(new double[] {0, 0}, AutogradFunctional.hvp(linear, x, f64(1, 1)).product());
  }

  @Test
  void strictModeWithCreateGraphRefusesAConstantJacobian() {
    AutogradFunctional.Options both = createGraph().strict(true);
    assertMessage(
        () -> AutogradFunctional.jacobian(t -> t.mul(2), f64(1, 2), both),
        "The jacobian of the user-provided function is independent of input 0",
        "createGraph");
  }

  // ------------------------------------------------------------------ shapes and misuse

  @Test
  void vOfTheWrongShapeOrLength() {
    Tensor x = f64(1, 2);
    assertMessage(
        () -> AutogradFunctional.vjp(t -> t.exp(), x, f64(1, 2, 3)),
        "vjp: v has invalid size: should be [2] but got [3]");
    assertMessage(
        () -> AutogradFunctional.jvp(t -> t.exp(), x, f64(1)),
        "jvp: v has invalid size: should be [2] but got [1]");
    assertMessage(
        () ->
            AutogradFunctional.vjp(
                in -> new Tensor[] {in[0], in[0].sum()},
                new Tensor[] {x},
                new Tensor[] {f64(1, 1), f64(1, 1)}),
        "vjp: Entry 1 in v has invalid size: should be [] but got [2]");
    assertMessage(
        () -> AutogradFunctional.vjp(in -> in, new Tensor[] {x}, new Tensor[] {f64(1, 1), x}),
        "vjp: v is an array of invalid length: should be 1 but got 2");
    assertMessage(
        () -> AutogradFunctional.vjp(t -> t.exp(), x, null),
        "vjp: The vector v can only be null if the user-provided function returns a single Tensor"
            + " with a single element; it returned of shape [2]");
    assertMessage(
        () -> AutogradFunctional.hvp(t -> t.pow(3).sum(), x, null),
        "hvp: The vector v can only be null if the input",
        "[2]");
    assertMessage(
        () -> AutogradFunctional.hvp(t -> t.pow(3).sum(), x, f64(1, 2, 3)),
        "hvp: v has invalid size: should be [2] but got [3]");
  }

  @Test
  void hessiansNeedAScalarFunction() {
    Tensor x = f64(1, 2);
    assertMessage(
        () -> AutogradFunctional.hessian(t -> t.pow(3), x),
        "hessian: The Tensor returned by the function given to hessian should contain a single"
            + " element; it has shape [2]");
    assertMessage(
        () -> AutogradFunctional.vhp(t -> t.pow(3), x, f64(1, 1)),
        "vhp: The Tensor returned by the function given to vhp should contain a single element");
  }

  @Test
  void misuse() {
    Tensor x = f64(1, 2);
    assertMessage(
        () -> AutogradFunctional.jacobian(t -> null, x), "jacobian: the function returned null");
    assertMessage(
        () -> AutogradFunctional.jacobian(in -> new Tensor[] {in[0], null}, new Tensor[] {x}),
        "jacobian: output 1 of the function is null");
    assertMessage(
        () -> AutogradFunctional.jacobian(t -> t, Tensor.of(new long[] {1, 2})),
        "jacobian: input 0 is int64; only floating-point inputs can be differentiated");
    assertMessage(
        () -> AutogradFunctional.jacobian(in -> in, new Tensor[] {x, null}),
        "jacobian: inputs[1] is null");
    assertMessage(
        () -> AutogradFunctional.hessian(t -> t.sum(), x, null), "hessian: options is null");
    assertMessage(
        () -> AutogradFunctional.jacobian((Function<Tensor, Tensor>) null, x),
        "jacobian: f is null");
  }

  @Test
  void optionsAreValues() {
    AutogradFunctional.Options o = AutogradFunctional.Options.defaults();
    assertFalse(o.createGraph());
    assertFalse(o.strict());
    assertTrue(o.createGraph(true).createGraph());
    assertFalse(o.createGraph(true).strict());
    assertFalse(o.createGraph(), "setters return a new object");
    assertEquals(o.strict(true).createGraph(true), o.createGraph(true).strict(true));
    assertEquals("Options(createGraph=true, strict=false)", o.createGraph(true).toString());
  }
}
