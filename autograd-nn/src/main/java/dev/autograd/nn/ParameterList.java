package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of parameters, as PyTorch's {@code ParameterList}: registered under {@code "0"}, {@code
 * "1"}, ..., so a parent that holds it finds, saves and converts them. It has no forward.
 *
 * <pre>{@code
 * ParameterList scales = new ParameterList(Tensor.ones(4), Tensor.ones(4));
 * scales.get(1); // the second parameter, which requires grad
 * }</pre>
 */
public final class ParameterList extends Module {
  /**
   * A list of the given tensors, each registered as a parameter (switched to require grad).
   *
   * @param parameters floating-point tensors
   * @throws TensorException if a tensor is null or not floating point
   */
  public ParameterList(Tensor... parameters) {
    for (Tensor p : Arguments.requireNoNulls("ParameterList", "parameters", parameters)) add(p);
  }

  /**
   * Appends a parameter under the next index.
   *
   * @param parameter a floating-point tensor
   * @return this list
   * @throws TensorException if the tensor is null or not floating point
   */
  public ParameterList add(Tensor parameter) {
    Arguments.requireNonNull("ParameterList.add", "parameter", parameter);
    registerParameter(Integer.toString(size()), parameter);
    return this;
  }

  /**
   * The parameter at {@code index} (after {@code to(dtype)}, the converted one).
   *
   * @param index in [-size(), size())
   * @return the parameter
   * @throws IndexOutOfBoundsException if index is out of range
   */
  public Tensor get(int index) {
    int size = size();
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          "ParameterList: index " + index + " is out of range for " + size + " parameters");
    }
    return parameter(Integer.toString(index < 0 ? size + index : index));
  }

  /**
   * The number of parameters.
   *
   * @return the size
   */
  public int size() {
    return ownParameterCount();
  }

  /**
   * The parameters, in order.
   *
   * @return a new list
   */
  public List<Tensor> asList() {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < size(); i++) out.add(get(i));
    return out;
  }

  /**
   * Not defined: a ParameterList only holds parameters.
   *
   * @param input unused
   * @return never
   * @throws TensorException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new TensorException("ParameterList.forward: a ParameterList has no forward");
  }
}
