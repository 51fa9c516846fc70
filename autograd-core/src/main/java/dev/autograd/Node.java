package dev.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One recorded op of the computation graph: its inputs, the tensors its derivative needs (with
 * their versions at the time they were saved) and the derivative itself.
 */
final class Node implements GradFn {

  /**
   * The derivative of an op: given {@code grad}, the gradient of the final output with respect to
   * this op's result, returns the gradient with respect to each input (null where {@code
   * needsGrad[i]} is false or the input is not differentiable). It is written with tensor ops, so
   * that it is itself recorded when a graph of the backward pass is requested.
   */
  @FunctionalInterface
  interface Backward {
    Tensor[] apply(Tensor grad, boolean[] needsGrad);
  }

  private String name;
  private final Tensor[] inputs;
  private final boolean[] needsGrad;
  private Backward backward;
  private Tensor[] saved;
  private int[] savedVersions;
  private final StackTraceElement[] createdAt;

  Node(String name, Tensor[] inputs, Tensor[] saved, Backward backward) {
    this.name = name;
    // NOTE: constants are not kept: gradients never flow to them, and a graph kept alive after
    // backward (a loss stored for logging) must not hold on to the data it was computed from.
    this.inputs = new Tensor[inputs.length];
    this.needsGrad = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      needsGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
      if (needsGrad[i]) this.inputs[i] = inputs[i];
    }
    this.backward = backward;
    this.saved = saved;
    this.savedVersions = new int[saved.length];
    for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].version();
    this.createdAt = Autograd.isAnomalyDetectionEnabled() ? new Throwable().getStackTrace() : null;
  }

  /**
   * Makes {@code out} the result of a recorded op, when grad recording is on and some input
   * requires grad; otherwise returns {@code out} untouched (a constant).
   */
  static Tensor record(
      String name, Tensor out, Tensor[] inputs, Tensor[] saved, Backward backward) {
    if (!GradMode.isEnabled()) return out;
    for (Tensor in : inputs) {
      if (in != null && in.requiresGrad()) {
        return out.attach(new Node(name, inputs, saved, backward));
      }
    }
    return out;
  }

  /**
   * Names this node after the user-facing op when it is the last primitive of a composite (mean is
   * a sum and a division; its result's gradFn() says MeanBackward, as in PyTorch).
   */
  void rename(String opName) {
    this.name = opName;
  }

  @Override
  public String name() {
    return name;
  }

  /** The inputs that require grad (null for constants, and for every input once freed). */
  @Override
  public List<Tensor> inputs() {
    return Collections.unmodifiableList(Arrays.asList(inputs));
  }

  Tensor[] inputArray() {
    return inputs;
  }

  /** Runs the derivative, after checking that nothing it saved was modified in place since. */
  Tensor[] apply(Tensor grad) {
    if (backward == null) {
      throw new TensorException(
          "Trying to backward through the graph a second time (or directly access saved tensors"
              + " after they have already been freed): "
              + name
              + "'s saved values were freed by the previous backward. Specify"
              + " retainGraph=true on the first backward if you need to go through the graph again.");
    }
    for (int i = 0; i < saved.length; i++) {
      int now = saved[i].version();
      if (now != savedVersions[i]) {
        throw new TensorException(
            "one of the tensors needed for gradient computation has been modified by an in-place"
                + " operation: ["
                + saved[i].dtype().pytorchName()
                + " "
                + java.util.Arrays.toString(saved[i].shape())
                + "], which is saved tensor "
                + i
                + " of "
                + name
                + ", is at version "
                + now
                + "; expected version "
                + savedVersions[i]
                + " instead. Make a copy (clone()) before modifying it, or modify it after backward.");
      }
    }
    return backward.apply(grad, needsGrad);
  }

  /**
   * Drops the derivative, the saved tensors and the edges to the inputs, so that a result kept
   * after backward (a loss stored for logging) does not keep the whole graph's data alive. A later
   * backward that reaches this node throws, as in PyTorch.
   */
  void release() {
    backward = null;
    Arrays.fill(inputs, null);
    saved = new Tensor[0];
    savedVersions = new int[0];
  }

  /** Where the forward op was called, when anomaly detection was on at that time; else null. */
  StackTraceElement[] createdAt() {
    return createdAt;
  }

  @Override
  public String toString() {
    return "<" + name + ">";
  }
}
