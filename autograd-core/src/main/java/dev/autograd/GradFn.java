package dev.autograd;

import java.util.List;

/**
 * The node of the computation graph that made a tensor: {@code y.gradFn().name()} is, for example,
 * {@code "MulBackward"} when {@code y = a.mul(b)}. Leaves and tensors made without grad recording
 * have none.
 */
public interface GradFn {
  /**
   * The op's backward name, as PyTorch prints it without the trailing digit ({@code AddBackward}).
   *
   * @return the name, such as {@code "MulBackward"}
   */
  String name();

  /**
   * The tensors the op was applied to, in order; an entry is null where that input is a constant,
   * and every entry is null once a backward pass has freed the graph.
   *
   * @return the inputs, one entry per input of the op
   */
  List<Tensor> inputs();
}
