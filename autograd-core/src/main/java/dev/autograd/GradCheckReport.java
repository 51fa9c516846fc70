package dev.autograd;

import java.util.List;

/**
 * What a {@link GradCheck} found: for each checked input, the entries of the Jacobian where the
 * analytical derivative (autograd's) is furthest from the numerical one (central finite
 * differences), in absolute and in relative terms, and the first entry where they disagree beyond
 * the tolerance.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {0, 1.5}, DType.FLOAT64, 2).requiresGrad(true);
 * GradCheckReport r =
 *     GradCheck.check(in -> in[0].relu(), GradCheckOptions.defaults().raiseException(false), x);
 * r.passed();                                       // false: relu has a kink at 0
 * r.input(0).worstAbsolute().numerical();           // 0.5, half the step lands on each side
 * r.input(0).worstAbsolute().analytical();          // 0.0, autograd's choice at the kink
 * }</pre>
 *
 * <p>The errors of an entry with analytical derivative {@code a} and numerical {@code n}: the
 * absolute error {@code |a - n|} and the relative error {@code |a - n| / |n|} (0 where {@code a =
 * n}, infinite where {@code n = 0} and {@code a} is not). An entry where only one is NaN has NaN
 * errors and counts as the worst; one where both are NaN agrees, with errors 0.
 */
public final class GradCheckReport {
  /**
   * One entry of the Jacobian: {@code d outputs[output][outputElement] / d
   * inputs[input][inputElement]}, with elements numbered row-major.
   *
   * @param output the position of the output among those of the function (0 for a function with
   *     one)
   * @param outputElement the element of that output, numbered row-major
   * @param inputElement the element of the input, numbered row-major
   * @param numerical the central finite difference {@code (f(x + eps) - f(x - eps)) / (2 eps)}
   * @param analytical the derivative autograd computed
   */
  public record Entry(
      int output, int outputElement, int inputElement, double numerical, double analytical) {

    /**
     * The absolute error.
     *
     * @return {@code |analytical - numerical|}; 0 if both are NaN, NaN if one is
     */
    public double absoluteError() {
      if (Double.isNaN(numerical) && Double.isNaN(analytical)) return 0;
      return Math.abs(analytical - numerical);
    }

    /**
     * The relative error.
     *
     * @return {@code |analytical - numerical| / |numerical|}: 0 where they are equal (or both NaN),
     *     infinite where the numerical derivative is 0 and the analytical one is not
     */
    public double relativeError() {
      double error = absoluteError();
      return error == 0 ? 0 : error / Math.abs(numerical);
    }

    /**
     * Where the entry is and what both derivatives are.
     *
     * @return for example {@code output 0 element 3, input element 1: numerical 0.5, analytical
     *     0.0}
     */
    @Override
    public String toString() {
      return "output "
          + output
          + " element "
          + outputElement
          + ", input element "
          + inputElement
          + ": numerical "
          + numerical
          + ", analytical "
          + analytical;
    }
  }

  /**
   * What the check found for one input.
   *
   * @param input the input's position in the inputs given to the check
   * @param worstAbsolute the entry with the largest absolute error, or null if the input or every
   *     output has no elements
   * @param worstRelative the entry with the largest relative error, or null as {@code
   *     worstAbsolute}
   * @param firstMismatch the first entry beyond the tolerance (by output, then input element, then
   *     output element), or null if every entry agrees
   */
  public record InputCheck(
      int input, Entry worstAbsolute, Entry worstRelative, Entry firstMismatch) {

    /**
     * Whether every derivative with respect to this input agrees.
     *
     * @return true if there is no {@link #firstMismatch()}
     */
    public boolean passed() {
      return firstMismatch == null;
    }
  }

  private final String check;
  private final GradCheckOptions options;
  private final List<InputCheck> inputs;
  private final String legend;

  GradCheckReport(String check, GradCheckOptions options, List<InputCheck> inputs, String legend) {
    this.check = check;
    this.options = options;
    this.inputs = List.copyOf(inputs);
    this.legend = legend;
  }

  /**
   * Whether every derivative agreed within the tolerance.
   *
   * @return true if every input passed
   */
  public boolean passed() {
    return inputs.stream().allMatch(InputCheck::passed);
  }

  /**
   * The checked inputs (those that require grad), in order.
   *
   * @return one result per checked input, unmodifiable
   */
  public List<InputCheck> inputs() {
    return inputs;
  }

  /**
   * The result for one input.
   *
   * @param input the input's position in the inputs given to the check
   * @return its result
   * @throws TensorException if that input was not checked (it does not require grad, or there is no
   *     such input)
   */
  public InputCheck input(int input) {
    for (InputCheck c : inputs) if (c.input() == input) return c;
    throw new TensorException(
        check
            + " report: input "
            + input
            + " was not checked; it does not require grad or is not"
            + " one of the inputs");
  }

  /**
   * The step and tolerances the check used.
   *
   * @return the options
   */
  public GradCheckOptions options() {
    return options;
  }

  /**
   * A summary: passed or failed, the options, and for each input its worst errors and first
   * mismatch.
   *
   * @return several lines, for example {@code gradcheck passed (eps 1.0E-6, atol 1.0E-5, rtol
   *     0.001)} followed by one line per input
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(check)
        .append(passed() ? " passed" : " failed")
        .append(" (eps ")
        .append(options.eps())
        .append(", atol ")
        .append(options.atol())
        .append(", rtol ")
        .append(options.rtol())
        .append(')');
    if (legend != null) s.append("\n  ").append(legend);
    for (InputCheck c : inputs) {
      s.append("\n  input ").append(c.input()).append(':');
      if (c.worstAbsolute() == null) {
        s.append(" no elements");
        continue;
      }
      if (c.firstMismatch() != null)
        s.append(" mismatch at ").append(c.firstMismatch()).append(';');
      s.append(" worst absolute error ")
          .append(c.worstAbsolute().absoluteError())
          .append(" at ")
          .append(c.worstAbsolute())
          .append("; worst relative error ")
          .append(c.worstRelative().relativeError())
          .append(" at ")
          .append(c.worstRelative());
    }
    return s.toString();
  }
}
