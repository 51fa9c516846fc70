package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The tutorial's remark on activations, "若激活函数不可导(如ReLU在零点),需采用次梯度或近似方法" (where an activation has
 * no derivative, as ReLU at zero, a subgradient or an approximation is used): at every kink of the
 * library's activations, losses and reductions, the one-sided derivatives beside the value {@code
 * backward()} returns there, which is PyTorch's choice (the tests compare it with PyTorch 1.13's).
 * It prints only; there is no figure.
 *
 * <p>Each row differentiates one output with respect to one float64 input x at the kink; the
 * one-sided derivatives are difference quotients {@code (f(x0 + h) - f(x0)) / h} and {@code (f(x0)
 * - f(x0 - h)) / h} with h = 10⁻⁷, printed as ±∞ where they grow without bound as h shrinks.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=Subgradients}.
 */
public final class Subgradients {
  private Subgradients() {}

  /** A function of one input at a point where it has no derivative. */
  record Kink(String label, double at, UnaryOperator<Tensor> f) {}

  private static final Tensor ONE = Tensor.scalar(1.0, DType.FLOAT64);
  private static final Tensor ZERO = Tensor.scalar(0.0, DType.FLOAT64);

  /** x and 1 as the elements of a vector, x first: ties for the reductions. */
  private static Tensor withOne(Tensor x) {
    return Tensor.stack(List.of(x, ONE), 0);
  }

  /** The kinks, each labelled as the op is called in Java. */
  static final List<Kink> KINKS =
      List.of(
          new Kink("relu(x)", 0, Tensor::relu),
          new Kink("leakyRelu(x, 0.01)", 0, x -> x.leakyRelu(0.01)),
          new Kink("elu(x, 0.5)", 0, x -> x.elu(0.5)),
          new Kink("abs(x)", 0, Tensor::abs),
          new Kink("sign(x), a jump", 0, Tensor::sign),
          new Kink("clamp(x, -1, 1) at its lower bound", -1, x -> x.clamp(-1, 1)),
          new Kink("clamp(x, -1, 1) at its upper bound", 1, x -> x.clamp(-1, 1)),
          new Kink("clampMin(x, 0)", 0, x -> x.clampMin(0)),
          new Kink("maximum(x, 1), a tie", 1, x -> x.maximum(ONE)),
          new Kink("minimum(x, 1), a tie", 1, x -> x.minimum(ONE)),
          new Kink("max() of [x, 1], a tie", 1, x -> withOne(x).max()),
          new Kink("amax() of [x, 1], a tie", 1, x -> withOne(x).amax()),
          new Kink("max(0) of [x, 1], a tie", 1, x -> withOne(x).max(0, false).values()),
          new Kink("sqrt(x)", 0, Tensor::sqrt),
          new Kink("norm() of [x, 0]", 0, x -> Tensor.stack(List.of(x, ZERO), 0).norm()),
          new Kink("l1Loss(x, 0)", 0, x -> Functional.l1Loss(x, ZERO)));

  /** The step of the difference quotients. */
  static final double H = 1e-7;

  /** Prints one row per kink. */
  public static void run(PrintStream out) {
    out.println("若激活函数不可导(如ReLU在零点),需采用次梯度 (where there is no derivative, a subgradient):");
    out.println(
        "at a kink, backward() returns a value between the one-sided derivatives, PyTorch's");
    out.printf(
        Locale.ROOT, "  %-36s %7s %10s %10s %11s%n", "op", "at x =", "left", "right", "backward()");
    for (Kink k : KINKS) {
      Tensor x = Tensor.scalar(k.at(), DType.FLOAT64).requiresGrad(true);
      k.f().apply(x).backward();
      out.printf(
          Locale.ROOT,
          "  %-36s %7s %10s %10s %11s%n",
          k.label(),
          number(k.at()),
          number(oneSided(k, -1)),
          number(oneSided(k, 1)),
          number(x.grad().item()));
    }
    out.println("ties: maximum, minimum, max() and amax() split the gradient evenly between the");
    out.println("tied elements; max(dim) gives all of it to the index it returns");
  }

  /**
   * The derivative from the right ({@code side} 1) or the left (-1) at the kink: NaN where f is
   * undefined on that side, an infinity where the difference quotient keeps growing as h shrinks.
   */
  static double oneSided(Kink k, int side) {
    double d = quotient(k, side, H);
    double finer = quotient(k, side, H / 100);
    if (Math.abs(finer) > 5 * Math.abs(d) && Math.abs(finer) > 1) {
      return Math.copySign(Double.POSITIVE_INFINITY, finer);
    }
    return d;
  }

  private static double quotient(Kink k, int side, double h) {
    double at = value(k, k.at());
    double beside = value(k, k.at() + side * h);
    return side * (beside - at) / h;
  }

  private static double value(Kink k, double x) {
    return k.f().apply(Tensor.scalar(x, DType.FLOAT64)).item();
  }

  /** A number as the table prints it: rounded to 4 decimals, ±∞, or "undefined" for NaN. */
  static String number(double v) {
    if (Double.isNaN(v)) return "undefined";
    if (Double.isInfinite(v)) return v > 0 ? "+∞" : "-∞";
    double rounded = Math.round(v * 1e4) / 1e4;
    if (rounded == 0) rounded = 0; // no "-0"
    String s = String.format(Locale.ROOT, "%.4g", rounded);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /**
   * As {@link #run(PrintStream)}, in the form every example shares; {@code folder} is unused.
   *
   * @return no files
   */
  public static List<Path> run(Path folder, PrintStream out) {
    run(out);
    return List.of();
  }

  /** Entry point: {@code --help} prints the arguments every example takes. */
  public static void main(String[] args) throws java.io.IOException {
    Launcher.main("Subgradients", args, Subgradients::run);
  }
}
