package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimationTest {
  private static final String SGD = "SGD, lr=0.1";

  /** Ten steps of SGD on the bowl, x ← 0.8 x, animated one frame per point. */
  private static DescentPathChart descent() {
    return Plots.descentPath(Descent.BOWL, -3, 3, -3, 3)
        .size(400, 325)
        .resolution(60)
        .path(SGD, Descent.sgd(Descent.BOWL, 2.5, -2, 0.1, 10));
  }

  /** Where the path's point {@code k} is drawn (every frame has the same axes). */
  private static Point2D.Double pointOnScreen(Animation animation, int k) {
    Figure last = animation.frame(animation.frames() - 1);
    last.toImage(); // lays the chart out
    double x = 2.5 * Math.pow(0.8, k);
    double y = -2 * Math.pow(0.8, k);
    return Pixels.screen(last, 0, x, y);
  }

  private static int near(BufferedImage image, Point2D.Double p, Color c) {
    return Pixels.count(image, new Rectangle2D.Double(p.x - 3, p.y - 3, 7, 7), null, c, 60);
  }

  private static Color pathColour(Animation animation) {
    return animation.frame(0).charts().get(0).getSeries(SGD).getLineColor();
  }

  /** Frame k shows the path up to point k, not beyond: point k appears in frame k, not before. */
  private static void assertFramesFollowThePath(Animation animation, List<BufferedImage> frames) {
    Color c = pathColour(animation);
    for (int k = 1; k <= 3; k++) {
      Point2D.Double p = pointOnScreen(animation, k);
      assertEquals(0, near(frames.get(k - 1), p, c), "point " + k + " is not in frame " + (k - 1));
      assertTrue(near(frames.get(k), p, c) > 3, "point " + k + " is in frame " + k);
      assertTrue(near(frames.get(frames.size() - 1), p, c) > 3, "point " + k + " in the last");
    }
  }

  @Test
  void descentAsAGifOneFramePerStep() throws Exception {
    Animation animation = descent().animation().fps(5).holdLast(1);
    assertEquals(11, animation.frames(), "the start and ten steps");
    Path file = Pixels.OUT.resolve("descent.gif");
    animation.save(file);

    Movies.Gif gif = Movies.readGif(file);
    assertEquals(11, gif.frames().size());
    for (int i = 0; i < 10; i++) assertEquals(20, gif.delays().get(i), "1/5 s per frame");
    assertEquals(120, gif.delays().get(10), "the last frame held 1 s more");
    assertEquals(0, gif.loopCount(), "loops for ever");
    assertEquals(400, gif.frames().get(0).getWidth());
    assertEquals(325, gif.frames().get(0).getHeight());
    assertFramesFollowThePath(animation, gif.frames());
    assertOnlyChangesStored(gif.stored());
  }

  /** After the whole first frame, each frame stores a small rectangle: where the path moved. */
  private static void assertOnlyChangesStored(List<java.awt.Rectangle> stored) {
    assertEquals(new java.awt.Rectangle(0, 0, 400, 325), stored.get(0));
    for (int i = 1; i < stored.size(); i++) {
      java.awt.Rectangle r = stored.get(i);
      assertTrue(r.width * r.height < 400 * 325 / 4, "frame " + i + " stores " + r);
    }
  }

  @Test
  void descentAsAnApngWithItsChunksInOrder() throws Exception {
    Animation animation = descent().animation().fps(4).plays(3);
    Path file = Pixels.OUT.resolve("descent.apng");
    animation.save(file);

    Movies.Apng apng = Movies.readApng(file);
    assertEquals(11, apng.frames().size());
    assertEquals(3, apng.plays());
    for (double d : apng.delays()) assertEquals(0.25, d, 1e-9);
    assertFramesFollowThePath(animation, apng.frames());
    assertOnlyChangesStored(apng.stored());
    // Viewers without APNG support show the default image: the first frame.
    BufferedImage still = javax.imageio.ImageIO.read(file.toFile());
    assertEquals(apng.frames().get(0).getRGB(200, 160), still.getRGB(200, 160));
  }

  @Test
  void fewerFramesThanStepsSpreadOverThePath() {
    DescentPathChart chart =
        descent().path("long", Descent.sgd(Descent.BOWL, -2.5, 2.5, 0.01, 300));
    Animation animation = chart.animation(31);
    assertEquals(31, animation.frames());
    // The last frame shows the whole paths; the first, their starts.
    var last = animation.frame(30).charts().get(0).getSeries("long");
    assertEquals(301, last.getXData().length);
    assertEquals(1, animation.frame(0).charts().get(0).getSeries("long").getXData().length);
    assertEquals(11, animation.frame(1).charts().get(0).getSeries("long").getXData().length);
  }

  @Test
  void theLegendStaysWhereTheFullChartHasIt() {
    Animation animation = descent().animation();
    var full = animation.frame(10).charts().get(0).getStyler().getLegendPosition();
    for (int i = 0; i < 10; i++) {
      assertEquals(full, animation.frame(i).charts().get(0).getStyler().getLegendPosition());
    }
  }

  @Test
  void aLossCurveGrowingFromAFunctionOfTheFrame(@TempDir Path dir) throws Exception {
    double[] losses = new double[40];
    for (int i = 0; i < losses.length; i++) losses[i] = 9 * Math.pow(0.9, i);
    Path file = dir.resolve("loss.gif");
    Plots.animation(
            8,
            i ->
                Plots.lossHistory()
                    .size(300, 200)
                    .series("SGD", Arrays.copyOf(losses, 5 * i + 5))
                    .build())
        .plays(1)
        .save(file);
    Movies.Gif gif = Movies.readGif(file);
    assertEquals(8, gif.frames().size());
    assertNull(gif.loopCount(), "played once: no loop extension");
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void slowFramesKeepTheirDelaysInBothFormats(@TempDir Path dir) throws Exception {
    Figure a = Plots.lossHistory().size(120, 80).series("a", new double[] {1, 2}).build();
    Figure b = Plots.lossHistory().size(120, 80).series("a", new double[] {2, 1}).build();
    Animation slow = Animation.of(List.of(a, b)).fps(0.1).holdLast(60);
    Path png = dir.resolve("slow.png");
    slow.save(png);
    // 70 s is more milliseconds than 16 bits hold: the APNG gives it in hundredths.
    assertEquals(List.of(10.0, 70.0), Movies.readApng(png).delays());
    Path gif = dir.resolve("slow.gif");
    slow.save(gif);
    assertEquals(List.of(1000, 7000), Movies.readGif(gif).delays());
  }

  @Test
  void framesOfDifferentSizesAreRefusedAndNothingIsWritten(@TempDir Path dir) {
    Figure small = Plots.lossHistory().size(300, 200).series("a", new double[] {1, 2}).build();
    Figure large = Plots.lossHistory().size(400, 200).series("a", new double[] {1, 2}).build();
    Path file = dir.resolve("bad.gif");
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Animation.of(List.of(small, large)).save(file));
    assertEquals(
        "Animation.save: frame 1 is 400 x 200 pixels but frame 0 is 300 x 200; every frame must"
            + " have the same size and dpi",
        e.getMessage());
    assertTrue(Files.notExists(file), "no file, not half of one");
  }

  @Test
  void badSettingsAreRefusedWithTheCall() {
    Figure one = Plots.lossHistory().series("a", new double[] {1, 2}).build();
    Animation a = Animation.of(List.of(one));
    var ext = assertThrows(IllegalArgumentException.class, () -> a.save(Path.of("movie.mp4")));
    assertEquals(
        "Animation.save: cannot tell the format of 'movie.mp4' from its extension '.mp4';"
            + " supported extensions: .gif, .png (APNG), .apng",
        ext.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.fps(0));
    assertThrows(IllegalArgumentException.class, () -> a.fps(60));
    assertThrows(IllegalArgumentException.class, () -> a.plays(-1));
    assertThrows(IllegalArgumentException.class, () -> a.holdLast(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Animation.of(0, i -> one));
    var none =
        assertThrows(IllegalArgumentException.class, () -> Animation.of(2, i -> null).frame(1));
    assertEquals("Animation: the frame function returned null for frame 1 of 2", none.getMessage());
    var noPath =
        assertThrows(
            IllegalStateException.class,
            () -> Plots.descentPath(Descent.BOWL, -1, 1, -1, 1).animation());
    assertEquals("animation: add a path first, with path(name, trajectory)", noPath.getMessage());
  }
}
