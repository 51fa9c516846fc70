package dev.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks the gradients autograd computes against central finite differences, in float64, as {@code
 * torch.autograd.gradcheck} does.
 *
 * <p>For each input that requires grad and each of its elements {@code x_k}, the numerical
 * derivative of output element {@code j} is {@code (f_j(x + eps e_k) - f_j(x - eps e_k)) / (2
 * eps)}; the analytical one is row {@code j} of the Jacobian found by backward with a one-hot
 * gradient. They must agree within {@code atol + rtol |numerical|}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.check(in -> in[0].sin().mul(in[0]), x); // true, or throws naming the mismatch
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /**
   * Compares the analytical and numerical Jacobians of {@code f} at {@code inputs}, with PyTorch's
   * defaults: eps 1e-6, atol 1e-5, rtol 1e-3.
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @return true when every derivative agrees
   * @throws GradCheckException naming the output element, the input and its element, and both
   *     values, at the first disagreement
   * @throws TensorException if an input that requires grad is not FLOAT64
   */
  public static boolean check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return check(f, 1e-6, 1e-5, 1e-3, inputs);
  }

  /**
   * Compares the analytical and numerical Jacobians of {@code f} at {@code inputs}.
   *
   * @param f the function; it receives copies of the inputs, in order
   * @param eps the step of the central differences
   * @param atol the absolute tolerance
   * @param rtol the tolerance relative to the numerical derivative
   * @param inputs FLOAT64 tensors; those that require grad are checked
   * @return true when every derivative agrees
   * @throws GradCheckException naming the output element, the input and its element, and both
   *     values, at the first disagreement
   * @throws TensorException if an input that requires grad is not FLOAT64
   */
  public static boolean check(
      Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
    Tensor[] work = new Tensor[inputs.length];
    List<Integer> checked = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in.requiresGrad()) {
        if (in.dtype() != DType.FLOAT64) {
          throw new TensorException(
              "gradcheck: input "
                  + i
                  + " requires grad but is "
                  + in.dtype().pytorchName()
                  + "; finite differences need FLOAT64 (call to(DType.FLOAT64))");
        }
        checked.add(i);
        work[i] = in.detach().clone().requiresGrad(true);
      } else {
        work[i] = in;
      }
    }
    Tensor out = f.apply(work.clone());
    int outputs = out.numel();
    // analytical[c][j][k]: d out_j / d input_c[k]
    double[][][] analytical = new double[checked.size()][outputs][];
    List<Tensor> wrt = new ArrayList<>();
    for (int c : checked) wrt.add(work[c]);
    if (out.requiresGrad()) {
      for (int j = 0; j < outputs; j++) {
        Tensor oneHot = Tensor.zeros(out.dtype(), out.shape());
        oneHot.storage.set(j, 1);
        List<Tensor> grads =
            Autograd.grad(
                List.of(out),
                wrt,
                GradOptions.defaults().gradOutputs(oneHot).retainGraph(true).allowUnused(true));
        for (int c = 0; c < checked.size(); c++) {
          Tensor g = grads.get(c);
          analytical[c][j] = g == null ? new double[wrt.get(c).numel()] : g.toDoubleArray();
        }
      }
    } else {
      for (int c = 0; c < checked.size(); c++) {
        for (int j = 0; j < outputs; j++) analytical[c][j] = new double[wrt.get(c).numel()];
      }
    }
    for (int c = 0; c < checked.size(); c++) {
      Tensor x = work[checked.get(c)];
      for (int k = 0; k < x.numel(); k++) {
        double original = x.storage.get(k);
        double[] plus;
        double[] minus;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
          x.storage.set(k, original + eps);
          plus = f.apply(work.clone()).toDoubleArray();
          x.storage.set(k, original - eps);
          minus = f.apply(work.clone()).toDoubleArray();
        } finally {
          x.storage.set(k, original);
        }
        for (int j = 0; j < outputs; j++) {
          double numerical = (plus[j] - minus[j]) / (2 * eps);
          double a = analytical[c][j][k];
          boolean bothNaN = Double.isNaN(numerical) && Double.isNaN(a);
          if (!bothNaN && !(Math.abs(a - numerical) <= atol + rtol * Math.abs(numerical))) {
            throw new GradCheckException(
                "Jacobian mismatch for output 0 (element "
                    + j
                    + ") with respect to input "
                    + checked.get(c)
                    + " (element "
                    + k
                    + "): numerical "
                    + numerical
                    + ", analytical "
                    + a
                    + " (tolerance atol "
                    + atol
                    + " + rtol "
                    + rtol
                    + " * |numerical|)");
          }
        }
      }
    }
    return true;
  }
}
