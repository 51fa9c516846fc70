package dev.autograd.plot;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The points an optimizer visits in a plane: (x, y) after 0, 1, 2, ... steps. Give the points as
 * data, or let {@link #record(Tensor, int, Runnable)} run a step function you supply and read the
 * parameters after each step.
 *
 * <pre>{@code
 * Tensor p = Tensor.of(new double[] {-1.5, 2}, DType.FLOAT64).requiresGrad(true);
 * Trajectory path = Trajectory.record(p, 100, () -> {
 *   p.zeroGrad();
 *   f(p.select(0, 0), p.select(0, 1)).backward();
 *   try (var s = Autograd.noGrad()) {
 *     p.sub_(p.grad().mul(0.01)); // or optimizer.step()
 *   }
 * });
 * path.size(); // 101: the start and one point per step
 * }</pre>
 *
 * <p>Every point must be finite: a path with NaN or infinite coordinates (an optimizer that
 * diverged) is refused when it is made, with the index of the first bad point, rather than drawn as
 * a broken line.
 */
public final class Trajectory {
  private final double[] xs;
  private final double[] ys;

  private Trajectory(double[] xs, double[] ys) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(
          "Trajectory: " + xs.length + " x values but " + ys.length + " y values");
    }
    if (xs.length == 0) throw new IllegalArgumentException("Trajectory: no points");
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
        throw new IllegalArgumentException(
            "Trajectory: point "
                + i
                + " is ("
                + xs[i]
                + ", "
                + ys[i]
                + "); the optimization diverged or produced NaN");
      }
    }
    this.xs = xs;
    this.ys = ys;
  }

  /**
   * The path through ({@code xs[i]}, {@code ys[i]}), in order.
   *
   * @param xs the x coordinates; copied
   * @param ys the y coordinates, as many as {@code xs}; copied
   * @return a new trajectory
   * @throws IllegalArgumentException if the arrays differ in length or are empty, or a coordinate
   *     is not finite
   * @throws NullPointerException if an array is null
   */
  public static Trajectory of(double[] xs, double[] ys) {
    return new Trajectory(xs.clone(), ys.clone());
  }

  /**
   * The path through the given points, each {@code {x, y}}, in order.
   *
   * @param points the points, at least one, each an array of two coordinates
   * @return a new trajectory
   * @throws IllegalArgumentException if there are no points, a point does not have two coordinates,
   *     or a coordinate is not finite
   * @throws NullPointerException if {@code points} or a point is null
   */
  public static Trajectory of(List<double[]> points) {
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < xs.length; i++) {
      double[] p = points.get(i);
      if (p.length != 2) {
        throw new IllegalArgumentException(
            "Trajectory: point " + i + " has " + p.length + " coordinates, expected 2");
      }
      xs[i] = p[0];
      ys[i] = p[1];
    }
    return new Trajectory(xs, ys);
  }

  /**
   * Records {@code point} (a tensor of two elements, x and y) now and after each of {@code steps}
   * calls of {@code step}, which should update it in place (an optimizer step).
   *
   * @param point a tensor of two elements, read in row-major order as x and y (such as a parameter
   *     of shape [2])
   * @param steps the number of steps to run, non-negative
   * @param step one step of the optimization; it must update {@code point} in place, not replace it
   * @return the {@code steps + 1} points visited
   * @throws IllegalArgumentException if {@code point} does not have 2 elements, {@code steps} is
   *     negative, or a point visited is not finite
   * @throws NullPointerException if {@code point} or {@code step} is null
   */
  public static Trajectory record(Tensor point, int steps, Runnable step) {
    Objects.requireNonNull(point, "point");
    if (point.numel() != 2) {
      throw new IllegalArgumentException(
          "Trajectory.record: the point must have 2 elements (x, y), got " + point.numel());
    }
    return record(() -> point.detach().toDoubleArray(), steps, step);
  }

  /**
   * Records the one-element tensors {@code x} and {@code y} now and after each of {@code steps}
   * calls of {@code step}, for a function of two separate parameters.
   *
   * <pre>{@code
   * Tensor x = Tensor.scalar(-1.5).requiresGrad(true);
   * Tensor y = Tensor.scalar(2.0).requiresGrad(true);
   * Optimizer adam = new Adam(List.of(x, y), 0.1);
   * Trajectory path = Trajectory.record(x, y, 100, () -> {
   *   adam.zeroGrad();
   *   x.square().add(y.square()).backward();
   *   adam.step();
   * });
   * }</pre>
   *
   * @param x the x coordinate, a one-element tensor
   * @param y the y coordinate, a one-element tensor
   * @param steps the number of steps to run, non-negative
   * @param step one step of the optimization; it must update {@code x} and {@code y} in place
   * @return the {@code steps + 1} points visited
   * @throws IllegalArgumentException if {@code steps} is negative or a point visited is not finite
   * @throws NullPointerException if {@code x}, {@code y} or {@code step} is null
   */
  public static Trajectory record(Tensor x, Tensor y, int steps, Runnable step) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    return record(() -> new double[] {x.item(), y.item()}, steps, step);
  }

  private static Trajectory record(
      java.util.function.Supplier<double[]> read, int steps, Runnable step) {
    Objects.requireNonNull(step, "step");
    if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    List<double[]> points = new ArrayList<>(steps + 1);
    points.add(read.get());
    for (int i = 0; i < steps; i++) {
      step.run();
      points.add(read.get());
    }
    return of(points);
  }

  /**
   * The number of points (steps + 1).
   *
   * @return at least 1
   */
  public int size() {
    return xs.length;
  }

  /**
   * The x coordinates, in order.
   *
   * @return a new array
   */
  public double[] xs() {
    return xs.clone();
  }

  /**
   * The y coordinates, in order.
   *
   * @return a new array
   */
  public double[] ys() {
    return ys.clone();
  }

  /**
   * The starting point.
   *
   * @return a new array {@code {x, y}}
   */
  public double[] start() {
    return new double[] {xs[0], ys[0]};
  }

  /**
   * The last point.
   *
   * @return a new array {@code {x, y}}
   */
  public double[] end() {
    return new double[] {xs[xs.length - 1], ys[ys.length - 1]};
  }

  /** Each path cut to its first {@code points} points (whole if it has no more). */
  static Map<String, Trajectory> firstPoints(Map<String, Trajectory> paths, int points) {
    Map<String, Trajectory> out = new LinkedHashMap<>();
    paths.forEach(
        (name, t) ->
            out.put(
                name,
                t.size() <= points
                    ? t
                    : new Trajectory(Arrays.copyOf(t.xs, points), Arrays.copyOf(t.ys, points))));
    return out;
  }
}
