package dev.autograd.testing;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A golden case of one call in float64: {@code inputs} (the tensors, in the call's order), {@code
 * requires_grad} for each, {@code kwargs}, {@code output}, {@code upstream} (the gradient given to
 * backward) and {@code grads} (null for the inputs that do not require grad), as losses19.py writes
 * them.
 */
public final class GoldenCall {
  /** 1e-10 relative, for float64 values and gradients that should agree to rounding. */
  public static final Golden.Tolerance TIGHT = new Golden.Tolerance(1e-10, 1e-14);

  private GoldenCall() {}

  /** The case's PyTorch keyword arguments. */
  public static Map<String, Object> kwargs(Map<String, Object> c) {
    return Json.asObject(c.get("kwargs"));
  }

  /** A number among the kwargs, or PyTorch's default when the case leaves it out. */
  public static double number(Map<String, Object> kwargs, String key, double byDefault) {
    return kwargs.containsKey(key) ? Json.asDouble(kwargs.get(key)) : byDefault;
  }

  /** A flag among the kwargs, or PyTorch's default when the case leaves it out. */
  public static boolean bool(Map<String, Object> kwargs, String key, boolean byDefault) {
    return kwargs.containsKey(key) ? (Boolean) kwargs.get(key) : byDefault;
  }

  /**
   * Calls {@code call} on the case's inputs and asserts that its output, and the gradients of the
   * inputs after backward from the case's upstream, are PyTorch's within {@link #TIGHT}.
   */
  public static void check(Map<String, Object> c, Function<Tensor[], Tensor> call) {
    List<Object> inputs = Json.asList(c.get("inputs"));
    List<Object> requiresGrad = Json.asList(c.get("requires_grad"));
    List<Object> grads = Json.asList(c.get("grads"));
    Tensor[] in = new Tensor[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] =
          Golden.tensor(inputs.get(i), DType.FLOAT64).requiresGrad((Boolean) requiresGrad.get(i));
    }
    String what = c.get("fn") + " " + c.get("kwargs");
    Tensor out = call.apply(in);
    Golden.assertClose(what, c.get("output"), out, TIGHT);
    out.backward(Golden.tensor(c.get("upstream"), DType.FLOAT64));
    for (int i = 0; i < in.length; i++) {
      if (grads.get(i) != null) {
        Golden.assertClose(what + ", gradient " + i, grads.get(i), in[i].grad(), TIGHT);
      }
    }
  }
}
