package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.testing.Golden;
import dev.autograd.testing.Golden.Tolerance;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Linalg} against PyTorch 1.13 ({@code golden/linalg.json}, made by {@code linalg.py} beside
 * it): values, gradients and second-order gradients of the ops and of sign-invariant functions of
 * their outputs, float64 to 1e-10 relative; PyTorch's singular and degenerate cases; the shapes of
 * the modes and of empty batches; and the refusals, with PyTorch's messages.
 */
class LinalgTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/golden/linalg.json");
  private static final Map<String, Object> SPECIAL = Json.asObject(GOLDEN.get("special"));

  /**
   * float64 to 1e-10 relative; float32 to 1e-4 relative, 1e-5 absolute: PyTorch's float32 comes
   * from LAPACK's single-precision routines, this library's from double rounded once.
   */
  private static Tolerance tolerance(DType dtype) {
    return dtype == DType.FLOAT64 ? new Tolerance(1e-10, 1e-12) : new Tolerance(1e-4, 1e-5);
  }

  /** The library's side of linalg.py's FNS. */
  static Tensor call(String fn, Tensor[] in) {
    Tensor a = in[0];
    switch (fn) {
      case "inv":
        return Linalg.inv(a);
      case "solve":
        return Linalg.solve(a, in[1]);
      case "det":
        return Linalg.det(a);
      case "slogdet.logabsdet":
        return Linalg.slogdet(a).logabsdet();
      case "cholesky":
        return Linalg.cholesky(a);
      case "cholesky(upper)":
        return Linalg.cholesky(a, true);
      case "qr.q":
        return Linalg.qr(a).q();
      case "qr.r":
        return Linalg.qr(a).r();
      case "qr(complete).q":
        return Linalg.qr(a, "complete").q();
      case "qr(complete).r":
        return Linalg.qr(a, "complete").r();
      case "eigh.eigenvalues":
        return Linalg.eigh(a).eigenvalues();
      case "eigh(U).eigenvalues":
        return Linalg.eigh(a, "U").eigenvalues();
      case "eigh.projection":
        {
          Tensor v0 = Linalg.eigh(a).eigenvectors().narrow(-1, 0, 1);
          return v0.matmul(v0.transpose(-2, -1));
        }
      case "eigh.exp":
        {
          Linalg.Eigh e = Linalg.eigh(a);
          Tensor v = e.eigenvectors();
          return v.mul(e.eigenvalues().exp().unsqueeze(-2)).matmul(v.transpose(-2, -1));
        }
      case "eigh.abs(eigenvectors)":
        return Linalg.eigh(a).eigenvectors().abs();
      case "svd.s":
        return Linalg.svd(a, false).s();
      case "svdvals":
        return Linalg.svdvals(a);
      case "svd.u0v0":
        {
          Linalg.Svd f = Linalg.svd(a, false);
          return f.u().narrow(-1, 0, 1).matmul(f.vh().narrow(-2, 0, 1));
        }
      case "svd.uut":
        {
          Tensor u = Linalg.svd(a, false).u();
          return u.matmul(u.transpose(-2, -1));
        }
      case "svd.abs(u)":
        return Linalg.svd(a, false).u().abs();
      case "svd.abs(vh)":
        return Linalg.svd(a, false).vh().abs();
      case "svd(full).abs(u)":
        {
          int k = Math.min(a.shape()[a.dim() - 2], a.shape()[a.dim() - 1]);
          return Linalg.svd(a, true).u().narrow(-1, 0, k).abs();
        }
      default:
        throw new AssertionError("unknown fn " + fn);
    }
  }

  @TestFactory
  Stream<DynamicTest> valuesGradientsAndSecondGradientsMatchPyTorch() {
    List<Map<String, Object>> cases = Golden.cases(GOLDEN);
    assertEquals(80, cases.size());
    return cases.stream().map(c -> dynamicTest(Json.asString(c.get("name")), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    String name = Json.asString(c.get("name"));
    DType dtype = Golden.dtype(Json.asString(c.get("dtype")));
    Tolerance tol = tolerance(dtype);
    List<Object> specs = Json.asList(c.get("inputs"));
    Tensor[] in = new Tensor[specs.size()];
    for (int i = 0; i < in.length; i++)
      in[i] = Golden.tensor(specs.get(i), dtype).requiresGrad(true);
    Tensor out = call(Json.asString(c.get("fn")), in);
    assertEquals(dtype, out.dtype(), name);
    Golden.assertClose(name + " output", c.get("output"), out, tol);
    Tensor upstream = Golden.tensor(c.get("upstream"), dtype);
    List<Tensor> grads =
        Autograd.grad(
            List.of(out),
            List.of(in),
            GradOptions.defaults().gradOutputs(List.of(upstream)).createGraph(true));
    List<Object> expected = Json.asList(c.get("grads"));
    for (int i = 0; i < in.length; i++) {
      Golden.assertClose(name + " grad " + i, expected.get(i), grads.get(i), tol);
    }
    if (!c.containsKey("gradgrads")) return;
    Tensor total = null;
    List<Object> vs = Json.asList(c.get("vs"));
    for (int i = 0; i < in.length; i++) {
      Tensor term = grads.get(i).mul(Golden.tensor(vs.get(i), dtype)).sum();
      total = total == null ? term : total.add(term);
    }
    List<Tensor> second =
        Autograd.grad(List.of(total), List.of(in), GradOptions.defaults().allowUnused(true));
    List<Object> expectedSecond = Json.asList(c.get("gradgrads"));
    for (int i = 0; i < in.length; i++) {
      Golden.assertClose(name + " gradgrad " + i, expectedSecond.get(i), second.get(i), tol);
    }
  }

  // ================================================================ PyTorch's special cases

  /**
   * At an exactly singular matrix, det's first-order gradient is 0 (PyTorch solves with the zero
   * pivot replaced by epsilon, and multiplies by det = 0); recorded, it is the cofactor matrix,
   * through the SVD.
   */
  @Test
  void detGradientAtASingularMatrixIsPyTorchs() {
    Tensor a = Golden.tensor(SPECIAL.get("det_singular"), DType.FLOAT64).requiresGrad(true);
    Tensor first = Autograd.grad(List.of(Linalg.det(a)), List.of(a), GradOptions.defaults()).get(0);
    Golden.assertClose(
        "first order", SPECIAL.get("det_singular_first"), first, tolerance(DType.FLOAT64));
    Tensor recorded =
        Autograd.grad(List.of(Linalg.det(a)), List.of(a), GradOptions.defaults().createGraph(true))
            .get(0);
    Golden.assertClose(
        "recorded", SPECIAL.get("det_singular_recorded"), recorded, new Tolerance(1e-10, 1e-14));
    assertTrue(recorded.requiresGrad(), "the recorded gradient can be differentiated again");
  }

  @Test
  void slogdetOfAPermutationHasSignMinusOneAndNoGradientOnTheSign() {
    List<Object> expected = Json.asList(SPECIAL.get("slogdet_permutation"));
    Tensor p = Tensor.of(new double[][] {{0, 1}, {1, 0}}, DType.FLOAT64).requiresGrad(true);
    Linalg.Slogdet r = Linalg.slogdet(p);
    assertEquals(Json.asDouble(expected.get(0)), r.sign().item(), 0);
    assertEquals(Json.asDouble(expected.get(1)), r.logabsdet().item(), 0);
    assertFalse(r.sign().requiresGrad(), "sign is not differentiable");
    assertEquals("LinalgSlogdetBackward", r.logabsdet().gradFn().name());
  }

  @Test
  void slogdetOfASingularMatrixIsZeroAndMinusInfinity() {
    Linalg.Slogdet r = Linalg.slogdet(Tensor.zeros(DType.FLOAT64, 2, 2));
    assertEquals(0, r.sign().item(), 0);
    assertEquals(Double.NEGATIVE_INFINITY, r.logabsdet().item(), 0);
  }

  /**
   * At repeated singular values and eigenvalues (the identity), the gradient through S or the
   * eigenvalues alone is finite, and through the vectors NaN, as PyTorch's.
   */
  @Test
  void repeatedValuesGiveFiniteGradientsThroughValuesAndNaNThroughVectors() {
    Tolerance tol = tolerance(DType.FLOAT64);
    Tensor eye = Tensor.eye(3).to(DType.FLOAT64).requiresGrad(true);
    Linalg.svd(eye).s().sum().backward();
    Golden.assertClose("svd S", SPECIAL.get("svd_repeated_s_grad"), eye.grad(), tol);
    eye = Tensor.eye(3).to(DType.FLOAT64).requiresGrad(true);
    Linalg.svd(eye).u().sum().backward();
    Golden.assertClose("svd U", SPECIAL.get("svd_repeated_u_grad"), eye.grad(), tol);
    eye = Tensor.eye(3).to(DType.FLOAT64).requiresGrad(true);
    Linalg.eigh(eye).eigenvalues().sum().backward();
    Golden.assertClose("eigh L", SPECIAL.get("eigh_repeated_values_grad"), eye.grad(), tol);
    eye = Tensor.eye(3).to(DType.FLOAT64).requiresGrad(true);
    Linalg.eigh(eye).eigenvectors().sum().backward();
    Golden.assertClose("eigh V", SPECIAL.get("eigh_repeated_vectors_grad"), eye.grad(), tol);
  }

  @Test
  void gradFnNamesArePyTorchs() {
    Tensor a = Tensor.of(new double[][] {{2, 1}, {1, 3}}, DType.FLOAT64).requiresGrad(true);
    assertEquals("LinalgInvExBackward", Linalg.inv(a).gradFn().name());
    assertEquals("LinalgSolveExBackward", Linalg.solve(a, a).gradFn().name());
    assertEquals("LinalgSolveExBackward", Linalg.solve(a, a.select(0, 0)).gradFn().name());
    assertEquals("LinalgDetBackward", Linalg.det(a).gradFn().name());
    assertEquals("LinalgCholeskyExBackward", Linalg.cholesky(a).gradFn().name());
    assertEquals("LinalgCholeskyExBackward", Linalg.cholesky(a, true).gradFn().name());
    assertEquals("LinalgQrBackward", Linalg.qr(a).q().gradFn().name());
    assertEquals("LinalgQrBackward", Linalg.qr(a).r().gradFn().name());
    assertEquals("LinalgEighBackward", Linalg.eigh(a).eigenvalues().gradFn().name());
    assertEquals("LinalgSvdBackward", Linalg.svd(a).vh().gradFn().name());
    assertEquals("LinalgSvdBackward", Linalg.svdvals(a).gradFn().name());
  }

  // ================================================================ shapes

  @Test
  void qrModesGiveTheirShapes() {
    Tensor tall = Tensor.rand(new Generator(3), 2, 5, 3).to(DType.FLOAT64);
    assertShapes(Linalg.qr(tall), new int[] {2, 5, 3}, new int[] {2, 3, 3});
    assertShapes(Linalg.qr(tall, "complete"), new int[] {2, 5, 5}, new int[] {2, 5, 3});
    assertShapes(Linalg.qr(tall, "r"), new int[] {0}, new int[] {2, 3, 3});
    Linalg.Qr complete = Linalg.qr(tall, "complete");
    Tensor qtq = complete.q().transpose(-2, -1).matmul(complete.q());
    OpInfoTest.assertClose(
        Tensor.eye(5).expand(2, 5, 5).toDoubleArray(), qtq.toDoubleArray(), 0, 1e-14);
    Tensor wide = Tensor.rand(new Generator(4), 3, 5);
    assertShapes(Linalg.qr(wide, "complete"), new int[] {3, 3}, new int[] {3, 5});
  }

  private static void assertShapes(Linalg.Qr f, int[] q, int[] r) {
    assertArrayEquals(q, f.q().shape(), "Q");
    assertArrayEquals(r, f.r().shape(), "R");
  }

  @Test
  void svdFullMatricesCompletesOrthonormalBases() {
    Tensor a = Tensor.rand(new Generator(5), 5, 2).to(DType.FLOAT64);
    Linalg.Svd f = Linalg.svd(a, true);
    assertArrayEquals(new int[] {5, 5}, f.u().shape());
    assertArrayEquals(new int[] {2}, f.s().shape());
    assertArrayEquals(new int[] {2, 2}, f.vh().shape());
    Tensor utu = f.u().t().matmul(f.u());
    OpInfoTest.assertClose(Tensor.eye(5).toDoubleArray(), utu.toDoubleArray(), 0, 1e-14);
    Tensor rebuilt = f.u().narrow(1, 0, 2).mul(f.s()).matmul(f.vh());
    OpInfoTest.assertClose(a.toDoubleArray(), rebuilt.toDoubleArray(), 0, 1e-14);
    // A rank-deficient matrix: its zero singular value's vectors complete the bases too.
    Tensor rank1 = Tensor.of(new double[][] {{1, 2}, {2, 4}, {3, 6}}, DType.FLOAT64);
    Linalg.Svd g = Linalg.svd(rank1, true);
    OpInfoTest.assertClose(
        Tensor.eye(3).toDoubleArray(), g.u().t().matmul(g.u()).toDoubleArray(), 0, 1e-14);
    assertEquals(0, g.s().get(1), 1e-14);
  }

  @Test
  void emptyBatchesAndEmptyMatricesGivePyTorchsShapes() {
    Tensor none = Tensor.zeros(DType.FLOAT64, 0, 3, 3);
    assertArrayEquals(new int[] {0, 3, 3}, Linalg.inv(none).shape());
    assertArrayEquals(new int[] {0}, Linalg.det(none).shape());
    assertArrayEquals(new int[] {0, 3}, Linalg.eigh(none).eigenvalues().shape());
    assertArrayEquals(new int[] {0, 3, 3}, Linalg.cholesky(none).shape());
    Linalg.Svd f = Linalg.svd(Tensor.zeros(DType.FLOAT64, 0, 3, 2), true);
    assertArrayEquals(new int[] {0, 3, 3}, f.u().shape());
    assertArrayEquals(new int[] {0, 2}, f.s().shape());
    assertEquals(1.0, Linalg.det(Tensor.zeros(DType.FLOAT64, 0, 0)).item(), 0, "det of 0x0 is 1");
    Linalg.Svd thin = Linalg.svd(Tensor.zeros(DType.FLOAT64, 3, 0), true);
    assertArrayEquals(Tensor.eye(3).toDoubleArray(), thin.u().toDoubleArray(), 0);
    assertArrayEquals(new int[] {0, 0}, thin.vh().shape());
    Tensor a = Tensor.zeros(DType.FLOAT64, 0, 2, 2).requiresGrad(true);
    Linalg.det(a).sum().backward();
    assertArrayEquals(new int[] {0, 2, 2}, a.grad().shape());
  }

  @Test
  void float32InputsGiveFloat32Results() {
    Tensor a = Tensor.of(new double[][] {{4, 1}, {1, 3}});
    assertEquals(DType.FLOAT32, Linalg.inv(a).dtype());
    assertEquals(DType.FLOAT32, Linalg.eigh(a).eigenvectors().dtype());
    assertEquals(DType.FLOAT32, Linalg.svd(a).u().dtype());
    assertEquals(DType.FLOAT32, Linalg.slogdet(a).sign().dtype());
  }

  @Test
  void nanInputsGiveNaNWherePyTorchDoesAndAnErrorForSvd() {
    Tensor nan = Tensor.full(Double.NaN, DType.FLOAT64, 2, 2);
    assertTrue(Double.isNaN(Linalg.inv(nan).get(0, 0)));
    assertTrue(Double.isNaN(Linalg.det(nan).item()));
    assertTrue(Double.isNaN(Linalg.eigh(nan).eigenvalues().get(0)));
    assertTrue(Double.isNaN(Linalg.cholesky(nan).get(0, 0)));
    assertMessage(
        () -> Linalg.svd(nan),
        "linalg.svd: The algorithm failed to converge because the input matrix contained"
            + " non-finite values.");
  }

  /**
   * 200x200 matrices, the size the kernels are meant for, stay well within the plain kernels'
   * reach.
   */
  @Test
  void decompositionsOfA200By200MatrixAreAccurate() {
    Tensor a = Tensor.randn(new Generator(7), 200, 200).to(DType.FLOAT64);
    Linalg.Svd f = Linalg.svd(a, false);
    Tensor rebuilt = f.u().mul(f.s()).matmul(f.vh());
    OpInfoTest.assertClose(a.toDoubleArray(), rebuilt.toDoubleArray(), 0, 1e-11);
    Tensor sym = a.add(a.t());
    Linalg.Eigh e = Linalg.eigh(sym);
    Tensor residual = sym.matmul(e.eigenvectors()).sub(e.eigenvectors().mul(e.eigenvalues()));
    assertTrue(residual.abs().max().item() < 1e-11, "A V = V L");
    Tensor inverse = Linalg.inv(a);
    Tensor identity = a.matmul(inverse);
    OpInfoTest.assertClose(Tensor.eye(200).toDoubleArray(), identity.toDoubleArray(), 0, 1e-10);
  }

  // ================================================================ refusals

  @Test
  void refusalsNameTheOpTheShapesAndWhatWasExpected() {
    Tensor singular = Tensor.of(new double[][] {{1, 2}, {2, 4}}, DType.FLOAT64);
    assertMessage(
        () -> Linalg.inv(singular),
        "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because"
            + " the input matrix is singular.");
    assertMessage(
        () -> Linalg.inv(Tensor.stack(List.of(Tensor.eye(2).to(DType.FLOAT64), singular), 0)),
        "linalg.inv: (Batch element 1): The diagonal element 2 is zero");
    assertMessage(
        () -> Linalg.solve(singular, Tensor.ones(DType.FLOAT64, 2)),
        "torch.linalg.solve: The solver failed because the input matrix is singular.");
    assertMessage(
        () -> Linalg.cholesky(Tensor.of(new double[][] {{1, 2}, {2, 1}})),
        "linalg.cholesky: The factorization could not be completed because the input is not"
            + " positive-definite (the leading minor of order 2 is not positive-definite).");
    assertMessage(
        () -> Linalg.inv(Tensor.zeros(2, 3)),
        "linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices",
        "[2, 3]");
    assertMessage(
        () -> Linalg.det(Tensor.zeros(3)),
        "linalg.det: The input tensor A must have at least 2 dimensions",
        "[3]");
    assertMessage(
        () -> Linalg.qr(Tensor.zeros(DType.INT64, 2, 2)),
        "linalg.qr: Expected a floating point tensor as input. Got int64");
    assertMessage(
        () -> Linalg.solve(Tensor.eye(2), Tensor.ones(3)),
        "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1",
        "[2, 2] and [3]");
    assertMessage(
        () -> Linalg.solve(Tensor.eye(2), Tensor.ones(DType.FLOAT64, 2)),
        "linalg.solve: Expected A and B to have the same dtype, but found A of type float32 and B"
            + " of type float64 instead");
    assertMessage(
        () -> Linalg.solve(Tensor.zeros(3, 2, 2), Tensor.zeros(4, 2, 1)),
        "linalg.solve: the batch dims of A [3, 2, 2] and B [4, 2, 1] cannot be broadcast");
    assertMessage(
        () -> Linalg.qr(Tensor.eye(2), "full"),
        "linalg.qr: qr received unrecognized mode 'full' but expected one of 'reduced' (default),"
            + " 'r', or 'complete'");
    assertMessage(
        () -> Linalg.eigh(Tensor.eye(2), "X"),
        "linalg.eigh: Expected UPLO argument to be 'L' or 'U', but got X");
  }

  @Test
  void qrBackwardRefusesTheModesPyTorchRefuses() {
    Tensor tall = Tensor.rand(new Generator(8), 4, 2).to(DType.FLOAT64).requiresGrad(true);
    Linalg.Qr complete = Linalg.qr(tall, "complete");
    assertMessage(
        () -> complete.q().sum().backward(),
        "linalg.qr: The QR decomposition is not differentiable when mode='complete' and nrows >"
            + " ncols");
    Linalg.Qr r = Linalg.qr(tall, "r");
    assertMessage(
        () -> r.r().sum().backward(),
        "linalg.qr: The derivative of linalg.qr depends on Q, which is not computed when"
            + " mode='r'.");
    // complete with m <= n is the reduced decomposition, and differentiable
    Tensor wide = Tensor.rand(new Generator(9), 2, 4).to(DType.FLOAT64).requiresGrad(true);
    Linalg.qr(wide, "complete").r().sum().backward();
    assertArrayEquals(new int[] {2, 4}, wide.grad().shape());
  }

  @Test
  void forwardModeThroughFullMatricesOfANonSquareMatrixIsRefused() {
    Tensor a = Tensor.rand(new Generator(10), 3, 2).to(DType.FLOAT64);
    List<Tensor> kept = new ArrayList<>();
    try (ForwardAD.DualLevel level = ForwardAD.dualLevel()) {
      Tensor dual = ForwardAD.makeDual(a, Tensor.onesLike(a));
      assertMessage(() -> kept.add(Linalg.svd(dual, true).u()), "linalg.svd", "fullMatrices");
      Tensor s = Linalg.svd(dual, false).s();
      assertEquals(2, ForwardAD.unpackDual(s).tangent().numel());
    }
    assertTrue(kept.isEmpty(), Arrays.toString(kept.toArray()));
  }
}
