package dev.autograd;

import java.util.List;
import java.util.Objects;

/**
 * Switches and entry points of the autograd engine.
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) {
 *   w.sub_(w.grad().mul(0.1)); // not recorded
 * }
 * Tensor[] g = Autograd.grad(y, x); // dy/dx without touching x.grad()
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** A scope that restores the previous setting when closed; use with try-with-resources. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Stops recording ops on the calling thread until the returned scope is closed. Results of ops
   * made inside do not require grad. Other threads are unaffected.
   *
   * @return the scope; closing it restores the setting that was in force before
   */
  public static Scope noGrad() {
    boolean previous = GradMode.set(false);
    return () -> GradMode.set(previous);
  }

  /**
   * Resumes recording on the calling thread (inside a {@link #noGrad()}) until closed.
   *
   * @return the scope; closing it restores the setting that was in force before
   */
  public static Scope enableGrad() {
    boolean previous = GradMode.set(true);
    return () -> GradMode.set(previous);
  }

  /**
   * Whether ops on the calling thread are recorded for backward.
   *
   * @return true unless inside a {@link #noGrad()} scope (and not in a nested {@link
   *     #enableGrad()})
   */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /**
   * Turns on anomaly detection on this thread until the scope is closed: ops remember where they
   * were called, and the first NaN or infinity produced by a backward function throws a {@link
   * TensorException} naming the op and that place in the forward code. It slows every op down; use
   * it to debug.
   *
   * @return the scope; closing it ends this thread's anomaly detection (scopes nest)
   */
  public static Scope detectAnomaly() {
    GradMode.enterAnomaly(1);
    return () -> GradMode.enterAnomaly(-1);
  }

  /**
   * Turns anomaly detection on or off for all threads. See {@link #detectAnomaly()}.
   *
   * @param enabled true to detect anomalies on every thread, false to leave it to the per-thread
   *     scopes
   */
  public static void setDetectAnomaly(boolean enabled) {
    GradMode.anomalyGlobal = enabled;
  }

  /**
   * Whether anomaly detection is on for the calling thread.
   *
   * @return true if switched on globally or by an open {@link #detectAnomaly()} scope on this
   *     thread
   */
  public static boolean isAnomalyDetectionEnabled() {
    return GradMode.anomalyEnabled();
  }

  /**
   * The gradients of a one-element {@code output} with respect to {@code inputs}, without touching
   * their {@code grad()}. Frees the graph afterwards. Equivalent to {@code
   * torch.autograd.grad(output, inputs)}.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
   * Tensor y = x.pow(2).sum();
   * Autograd.grad(y, x)[0]; // tensor([2., 4., 6.])
   * }</pre>
   *
   * @param output the tensor to differentiate; it must have one element
   * @param inputs the tensors to differentiate with respect to; each must require grad
   * @return {@code d output / d inputs[i]} for each input, shaped like that input
   * @throws TensorException if {@code output} has more than one element, an input does not require
   *     grad or is not used to compute {@code output}, or the graph was already freed
   */
  public static Tensor[] grad(Tensor output, Tensor... inputs) {
    return grad(List.of(output), List.of(inputs), null, false, false, false).toArray(new Tensor[0]);
  }

  /**
   * The gradients of {@code outputs} with respect to {@code inputs}: {@code sum_i gradOutputs[i] .
   * d outputs[i] / d input}, as {@code torch.autograd.grad}.
   *
   * @param outputs the tensors to differentiate
   * @param inputs the tensors to differentiate with respect to; each must require grad
   * @param gradOutputs one gradient per output, shaped like it; null (or a null entry) for a
   *     one-element output means 1
   * @param retainGraph keep the graph so it can be differentiated again
   * @param createGraph record the backward pass, so the returned gradients can be differentiated
   *     again (higher-order derivatives, Hessian-vector products); implies retainGraph
   * @param allowUnused return null for an input that the outputs do not depend on, instead of
   *     throwing
   * @return one gradient per input, shaped like it (null for an unused input if {@code
   *     allowUnused})
   * @throws TensorException if an input does not require grad, an input is unused and not {@code
   *     allowUnused}, a gradient output is missing for an output of more than one element or has
   *     the wrong shape, or the graph was already freed
   */
  public static List<Tensor> grad(
      List<Tensor> outputs,
      List<Tensor> inputs,
      List<Tensor> gradOutputs,
      boolean retainGraph,
      boolean createGraph,
      boolean allowUnused) {
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(inputs, "inputs");
    Tensor[] roots = outputs.toArray(new Tensor[0]);
    Tensor[] rootGrads = new Tensor[roots.length];
    for (int i = 0; i < roots.length; i++) {
      Tensor given = gradOutputs == null ? null : gradOutputs.get(i);
      rootGrads[i] = Tensor.rootGradient("grad", roots[i], given);
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!inputs.get(i).requiresGrad()) {
        throw new TensorException(
            "grad: input " + i + " does not require grad; call requiresGrad(true) on it first");
      }
    }
    Tensor[] result =
        Engine.run(
            roots,
            rootGrads,
            retainGraph || createGraph,
            createGraph,
            inputs.toArray(new Tensor[0]));
    for (int i = 0; i < result.length; i++) {
      if (result[i] == null && !allowUnused) {
        throw new TensorException(
            "grad: input "
                + i
                + " was not used in the graph of the outputs; pass allowUnused=true to get null for it");
      }
    }
    return java.util.Arrays.asList(result);
  }
}
