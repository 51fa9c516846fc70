package dev.autograd.plot.internal;

/**
 * A fixed parallel projection of 3-D points onto the screen, seen from {@code azimuth} degrees
 * around the z axis and {@code elevation} degrees above the x-y plane (matplotlib's {@code azim}
 * and {@code elev}; its default view is -60 and 30).
 *
 * <p>The data box is first scaled to [-1, 1] in x and y and to [-{@code zScale}, {@code zScale}] in
 * z, so the picture does not depend on the units.
 */
public final class Projection {
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final double z0;
  private final double z1;
  private final double zScale;
  private final double cosA;
  private final double sinA;
  private final double cosE;
  private final double sinE;

  /** A projection of the box [x0, x1] x [y0, y1] x [z0, z1]. */
  public Projection(
      double x0,
      double x1,
      double y0,
      double y1,
      double z0,
      double z1,
      double azimuth,
      double elevation,
      double zScale) {
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
    this.z0 = z0;
    this.z1 = z1 > z0 ? z1 : z0 + 1;
    this.zScale = zScale;
    double a = Math.toRadians(azimuth);
    double e = Math.toRadians(elevation);
    cosA = Math.cos(a);
    sinA = Math.sin(a);
    cosE = Math.cos(e);
    sinE = Math.sin(e);
  }

  private double nx(double x) {
    return 2 * (x - x0) / (x1 - x0) - 1;
  }

  private double ny(double y) {
    return 2 * (y - y0) / (y1 - y0) - 1;
  }

  private double nz(double z) {
    return zScale * (2 * (z - z0) / (z1 - z0) - 1);
  }

  /** The horizontal screen coordinate of (x, y, z): along the view's right vector. */
  public double u(double x, double y, double z) {
    return -nx(x) * sinA + ny(y) * cosA;
  }

  /** The vertical screen coordinate of (x, y, z): along the view's up vector. */
  public double v(double x, double y, double z) {
    return -nx(x) * cosA * sinE - ny(y) * sinA * sinE + nz(z) * cosE;
  }

  /**
   * How near the viewer the vertical line through (x, y) is, along the horizontal part of the
   * viewing direction (greater is nearer): for a height field, the key of a back-to-front order.
   */
  public double depth(double x, double y) {
    return nx(x) * cosA + ny(y) * sinA;
  }

  /**
   * The direction towards the viewer in data units, {@code {dx, dy, dz}}: a step along it moves a
   * point straight towards the eye, so its place on the screen stays the same.
   */
  public double[] towardViewer() {
    return new double[] {
      cosE * cosA * (x1 - x0) / 2, cosE * sinA * (y1 - y0) / 2, sinE * (z1 - z0) / (2 * zScale)
    };
  }

  /** Whether the view looks down on the x-y plane (a positive elevation). */
  public boolean fromAbove() {
    return sinE > 0;
  }

  /** The height of {@code z} in [0, 1] within the box. */
  public double height(double z) {
    return (z - z0) / (z1 - z0);
  }
}
