package dev.autograd.examples;

import dev.autograd.Tensor;
import dev.autograd.data.io.Idx;
import dev.autograd.data.io.IdxType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A data set of handwriting-like digits, 28 × 28 grey images as MNIST's, drawn with Java2D from the
 * installed fonts: the program {@link Digits}'s data, for a machine that cannot download MNIST.
 *
 * <p>Each image is a digit 0–9 in a font family and style (plain, bold, italic, bold italic) drawn
 * from the given list, its outline rotated (±14°), sheared (±0.3), stretched (0.8–1.2 in each
 * direction), fitted into a 20 × 20 box at 75–100% of its size as MNIST's were, drawn thicker or
 * thinner (a stroke of −0.5 to 2 pixels along the outline), anti-aliased at 4 × 4 subpixels,
 * centred by its centre of mass (as MNIST's) and moved by up to ±2 pixels, then blurred a little,
 * scaled so that its darkest ink is 255 and, for half the images, given noise. The values are
 * bytes, 0 the background, 255 ink.
 *
 * <p>Image {@code i} of a set depends only on the seed, the set (train or test), {@code i} and the
 * font list: each has a random stream of its own, so the images are drawn on several threads and
 * the same seed gives the same bytes, whatever the number of threads (on one JDK: Java2D's
 * rasterizer may differ between versions).
 */
final class SyntheticDigits {
  /** The side of an image, as MNIST's. */
  static final int SIZE = 28;

  /** Subpixels per pixel along each axis, for anti-aliasing and sub-pixel centring. */
  private static final int SUPER = 4;

  private static final int CANVAS = SIZE * SUPER;

  private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};

  /** Java's logical fonts, used only when no physical font draws digits. */
  private static final List<String> LOGICAL =
      List.of("Dialog", "DialogInput", "Monospaced", "SansSerif", "Serif");

  /**
   * The outline of each digit in each font: [font][digit], the fonts in families x STYLES order.
   */
  private final Shape[][] outlines;

  private final List<String> families;
  private final boolean centre;

  /** Images and their labels: image {@code i} is bytes {@code [i * 784, (i + 1) * 784)}. */
  record Samples(byte[] images, byte[] labels) {
    int size() {
      return labels.length;
    }

    /** The images as a FLOAT32 tensor [n, 28, 28] of the bytes' values, 0 to 255. */
    Tensor imageTensor() {
      float[] v = new float[images.length];
      for (int i = 0; i < v.length; i++) v[i] = images[i] & 0xff;
      return Tensor.of(v, size(), SIZE, SIZE);
    }

    /** The labels as a FLOAT32 tensor [n]. */
    Tensor labelTensor() {
      float[] v = new float[labels.length];
      for (int i = 0; i < v.length; i++) v[i] = labels[i];
      return Tensor.of(v, labels.length);
    }
  }

  /**
   * A generator drawing from {@code families}.
   *
   * @param families font family names, at least one (see {@link #installedFonts()})
   * @param centre whether to centre each digit by its centre of mass, as MNIST's
   */
  SyntheticDigits(List<String> families, boolean centre) {
    if (families.isEmpty()) {
      throw new IllegalArgumentException("SyntheticDigits: the font list is empty");
    }
    this.families = List.copyOf(families);
    this.centre = centre;
    FontRenderContext frc = new FontRenderContext(null, true, true);
    this.outlines = new Shape[this.families.size() * STYLES.length][10];
    int f = 0;
    for (String family : this.families) {
      for (int style : STYLES) {
        Font font = new Font(family, style, 100);
        for (int d = 0; d < 10; d++) {
          outlines[f][d] = font.createGlyphVector(frc, String.valueOf(d)).getOutline();
        }
        f++;
      }
    }
  }

  /** A generator drawing from {@link #installedFonts()}, centring by the centre of mass. */
  static SyntheticDigits withInstalledFonts() {
    return new SyntheticDigits(installedFonts(), true);
  }

  /** The font families drawn from. */
  List<String> families() {
    return families;
  }

  /**
   * The installed font families that draw all ten digits, sorted by name; Java's logical fonts
   * (Dialog, SansSerif, Serif, ...) only if there is no other, since they are other fonts under
   * other names. Works headless.
   */
  static List<String> installedFonts() {
    GraphicsEnvironment env = GraphicsEnvironment.getLocalGraphicsEnvironment();
    List<String> physical = new ArrayList<>();
    for (String family : env.getAvailableFontFamilyNames(java.util.Locale.ROOT)) {
      if (LOGICAL.contains(family)) continue;
      if (new Font(family, Font.PLAIN, 12).canDisplayUpTo("0123456789") == -1) physical.add(family);
    }
    physical.sort(null);
    return physical.isEmpty() ? LOGICAL : List.copyOf(physical);
  }

  /**
   * {@code n} images of the set {@code stream} (0 train, 1 test) for {@code seed}, drawn in
   * parallel.
   */
  Samples generate(int n, long seed, int stream) {
    byte[] images = new byte[n * SIZE * SIZE];
    byte[] labels = new byte[n];
    long base = mix(mix(seed) + stream);
    ThreadLocal<BufferedImage> canvases =
        ThreadLocal.withInitial(
            () -> new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_BYTE_GRAY));
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              SplittableRandom random = new SplittableRandom(mix(base + i));
              int digit = random.nextInt(10);
              labels[i] = (byte) digit;
              draw(canvases.get(), digit, random, images, i * SIZE * SIZE);
            });
    return new Samples(images, labels);
  }

  /**
   * Writes a training set of {@code train} images and a test set of {@code test} into {@code
   * folder} as MNIST's four files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
   * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte).
   */
  void writeMnist(Path folder, int train, int test, long seed) throws IOException {
    write(folder, "train", generate(train, seed, 0));
    write(folder, "t10k", generate(test, seed, 1));
  }

  private static void write(Path folder, String prefix, Samples set) throws IOException {
    Idx.write(folder.resolve(prefix + "-images-idx3-ubyte"), set.imageTensor(), IdxType.UINT8);
    Idx.write(folder.resolve(prefix + "-labels-idx1-ubyte"), set.labelTensor(), IdxType.UINT8);
  }

  /** Draws {@code digit} on {@code canvas} and writes its 28 × 28 bytes at {@code out[at...]}. */
  private void draw(BufferedImage canvas, int digit, SplittableRandom r, byte[] out, int at) {
    Shape outline = outlines[r.nextInt(outlines.length)][digit];
    Graphics2D g = canvas.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, CANVAS, CANVAS);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

    AffineTransform distort = new AffineTransform();
    distort.rotate(Math.toRadians(r.nextDouble(-14, 14)));
    distort.shear(r.nextDouble(-0.3, 0.3), 0);
    distort.scale(r.nextDouble(0.8, 1.2), r.nextDouble(0.8, 1.2));
    Shape shape = distort.createTransformedShape(outline);

    // Fitted into MNIST's 20 x 20 box (the longer side), in the middle of the canvas.
    Rectangle2D b = shape.getBounds2D();
    double k = SUPER * 20 * r.nextDouble(0.75, 1.0) / Math.max(b.getWidth(), b.getHeight());
    AffineTransform place = new AffineTransform();
    place.translate(CANVAS / 2.0, CANVAS / 2.0);
    place.scale(k, k);
    place.translate(-b.getCenterX(), -b.getCenterY());
    Shape glyph = place.createTransformedShape(shape);

    g.setColor(Color.WHITE);
    g.fill(glyph);
    double stroke = r.nextDouble(-0.5, 2.0) * SUPER;
    if (stroke > 0.5) {
      g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(glyph);
    } else if (stroke < -0.5) {
      // thinner: the outline's neighbourhood painted as background eats into the strokes
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke((float) -stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(glyph);
    }
    g.dispose();

    byte[] hi = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    double shiftX = r.nextDouble(-2, 2) * SUPER;
    double shiftY = r.nextDouble(-2, 2) * SUPER;
    if (centre) {
      double[] c = centreOfMass(hi);
      shiftX += CANVAS / 2.0 - c[0];
      shiftY += CANVAS / 2.0 - c[1];
    }
    float[] pixels = downsample(hi, (int) Math.round(shiftX), (int) Math.round(shiftY));
    double sigma = r.nextDouble(0, 0.8);
    if (sigma > 0.25) pixels = blur(pixels, sigma);
    // The darkest ink at full scale, as MNIST's strokes are, however thin the stroke was.
    float max = 0;
    for (float v : pixels) max = Math.max(max, v);
    if (max > 0) for (int i = 0; i < pixels.length; i++) pixels[i] /= max;
    double noise = r.nextBoolean() ? r.nextDouble(0, 0.08) : 0;
    for (int i = 0; i < pixels.length; i++) {
      double v = pixels[i] + (noise > 0 ? noise * r.nextGaussian() : 0);
      out[at + i] = (byte) Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }

  /** The centre of mass (x, y) of the canvas's ink, in subpixels; the middle if it is empty. */
  private static double[] centreOfMass(byte[] hi) {
    long m = 0;
    long mx = 0;
    long my = 0;
    for (int y = 0; y < CANVAS; y++) {
      long row = 0;
      for (int x = 0; x < CANVAS; x++) {
        int v = hi[y * CANVAS + x] & 0xff;
        row += v;
        mx += (long) v * x;
      }
      m += row;
      my += row * y;
    }
    // + 0.5: a subpixel's mass sits at its middle
    return m == 0
        ? new double[] {CANVAS / 2.0, CANVAS / 2.0}
        : new double[] {mx / (double) m + 0.5, my / (double) m + 0.5};
  }

  /** The canvas moved by (dx, dy) subpixels, averaged over blocks of SUPER x SUPER: 28 x 28. */
  private static float[] downsample(byte[] hi, int dx, int dy) {
    float[] out = new float[SIZE * SIZE];
    float scale = 1f / (255f * SUPER * SUPER);
    for (int row = 0; row < SIZE; row++) {
      for (int col = 0; col < SIZE; col++) {
        int sum = 0;
        for (int sy = 0; sy < SUPER; sy++) {
          int y = row * SUPER + sy - dy;
          if (y < 0 || y >= CANVAS) continue;
          for (int sx = 0; sx < SUPER; sx++) {
            int x = col * SUPER + sx - dx;
            if (x >= 0 && x < CANVAS) sum += hi[y * CANVAS + x] & 0xff;
          }
        }
        out[row * SIZE + col] = sum * scale;
      }
    }
    return out;
  }

  /** A 3 x 3 Gaussian blur of standard deviation {@code sigma} pixels (zero beyond the edges). */
  private static float[] blur(float[] in, double sigma) {
    double side = Math.exp(-1 / (2 * sigma * sigma));
    double[] w = {side / (1 + 2 * side), 1 / (1 + 2 * side), side / (1 + 2 * side)};
    float[] tmp = new float[in.length];
    float[] out = new float[in.length];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double s = 0;
        for (int k = -1; k <= 1; k++) {
          int xx = x + k;
          if (xx >= 0 && xx < SIZE) s += w[k + 1] * in[y * SIZE + xx];
        }
        tmp[y * SIZE + x] = (float) s;
      }
    }
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double s = 0;
        for (int k = -1; k <= 1; k++) {
          int yy = y + k;
          if (yy >= 0 && yy < SIZE) s += w[k + 1] * tmp[yy * SIZE + x];
        }
        out[y * SIZE + x] = (float) s;
      }
    }
    return out;
  }

  /** SplitMix64's finalizer: a well-spread seed of a sum of seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
