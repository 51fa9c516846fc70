package dev.autograd.plot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.plot.Figure;
import dev.autograd.plot.LossChart;
import dev.autograd.plot.Plots;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FontsTest {
  /** The tutorial's titles and labels, as the examples draw them. */
  static final List<String> TUTORIAL_TEXTS =
      List.of(
          "函数及其导数图像对比",
          "原函数",
          "导数",
          "梯度下降:f(x)=x²",
          "梯度下降:f(x,y)=x²+y²",
          "不同激活函数的损失下降对比",
          "线性回归:均方差损失   (linear regression, MSE)",
          "L(w, b) 与梯度下降路径   (the loss surface and the path of (w, b))",
          "优化器对比:Rosenbrock   (optimizers on Rosenbrock's valley)",
          "梯度消失:各层梯度范数   (gradient norm of each layer's weights)");

  /** A machine with one Latin font and the logical fonts, none of which can draw Chinese. */
  static final Fonts.InstalledFonts LATIN_ONLY =
      new Fonts.InstalledFonts() {
        @Override
        public List<String> families() {
          return List.of(
              "DejaVu Sans", "Dialog", "DialogInput", "Monospaced", "SansSerif", "Serif");
        }

        @Override
        public boolean canDisplay(String family, String text) {
          return text.codePoints().allMatch(cp -> cp < 0x2E80);
        }
      };

  @AfterEach
  void useTheMachinesFontsAgain() {
    Fonts.useInstalledFonts(Fonts.SYSTEM);
  }

  @Test
  void withoutAnInstalledCjkFontTheTutorialsTitlesAreDrawnInTheBundledFont() {
    Fonts.useInstalledFonts(LATIN_ONLY);
    for (String text : TUTORIAL_TEXTS) {
      Figure figure = LossChart.builder().title(text).series("损失", new double[] {2, 1}).build();
      assertEquals(Fonts.BUNDLED_FAMILY, figure.fontFamily(), text);
      assertTrue(figure.fontCoversText(), text);
      Font title = figure.charts().get(0).getStyler().getChartTitleFont();
      // The family of a Font made by name is "Dialog" unless the name was found: registered.
      assertEquals(Fonts.BUNDLED_FAMILY, title.getFamily(Locale.ROOT), text);
      assertGlyphsAreNotBoxes(title, text);
    }
  }

  @Test
  void theBundledFontDrawsTheTourTitleInAWholeFigure() throws Exception {
    Fonts.useInstalledFonts(LATIN_ONLY);
    Figure figure =
        Plots.functionAndDerivative(x -> x.pow(3).sub(x.mul(4)).sub(5), -3, 3)
            .title("函数及其导数图像对比")
            .labels("原函数", "导数")
            .build();
    assertEquals(Fonts.BUNDLED_FAMILY, figure.fontFamily());
    BufferedImage image = figure.toImage();
    Path file = Path.of("target", "plots", "font-bundled.png");
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
    assertEquals(figure.width(), image.getWidth());
  }

  @Test
  void anInstalledCjkFontWinsOverTheBundledOne() {
    Fonts.useInstalledFonts(
        new Fonts.InstalledFonts() {
          @Override
          public List<String> families() {
            return List.of("SansSerif", "WenQuanYi Micro Hei");
          }

          @Override
          public boolean canDisplay(String family, String text) {
            return family.equals("WenQuanYi Micro Hei") || LATIN_ONLY.canDisplay(family, text);
          }
        });
    Fonts.Choice choice = Fonts.choose(null, List.of(TUTORIAL_TEXTS.get(0)));
    assertEquals(new Fonts.Choice("WenQuanYi Micro Hei", true), choice);
  }

  @Test
  void latinTextKeepsTheDefaultFamilyWithoutAnyCjkFont() {
    Fonts.useInstalledFonts(LATIN_ONLY);
    assertEquals(
        new Fonts.Choice(Fonts.DEFAULT_FAMILY, true), Fonts.choose(null, List.of("loss per step")));
  }

  @Test
  void textTheBundledFontCannotDrawEitherIsReported() {
    Fonts.useInstalledFonts(LATIN_ONLY);
    // U+0378 is unassigned: no font has a glyph for it.
    Fonts.Choice choice = Fonts.choose(null, List.of("函数 \u0378"));
    assertFalse(choice.complete());
    assertEquals(Fonts.DEFAULT_FAMILY, choice.family());
  }

  /**
   * Asserts that each character of {@code text} has a glyph of its own in {@code font}: not the
   * missing-glyph code, and drawn differently from the missing-glyph box.
   */
  static void assertGlyphsAreNotBoxes(Font font, String text) {
    Font big = font.deriveFont(Font.PLAIN, 48f);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    int missing = big.getMissingGlyphCode();
    int[] box = pixels(big.createGlyphVector(frc, new int[] {missing}));
    text.codePoints()
        .filter(cp -> !Character.isWhitespace(cp))
        .forEach(
            cp -> {
              String c = new String(Character.toChars(cp));
              GlyphVector glyph = big.createGlyphVector(frc, c);
              assertNotEquals(missing, glyph.getGlyphCode(0), "'" + c + "' has no glyph");
              assertFalse(Arrays.equals(box, pixels(glyph)), "'" + c + "' is drawn as a box");
            });
  }

  private static int[] pixels(GlyphVector glyph) {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 64, 64);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.drawGlyphVector(glyph, 4, 52);
    g.dispose();
    return image.getRGB(0, 0, 64, 64, null, 0, 64);
  }
}
