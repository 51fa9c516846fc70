package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.XYStyler;

class FontTest {
  private static final String TITLE = "函数及其导数图像对比";

  private static boolean installed(String family) {
    return Arrays.stream(
            GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames(Locale.ROOT))
        .anyMatch(family::equalsIgnoreCase);
  }

  @Test
  void chineseTitleIsDrawnWithAFontThatCanDisplayIt() throws Exception {
    Figure figure =
        Plots.functionAndDerivative(FunctionChartTest.CUBIC, -3, 3)
            .title(TITLE)
            .labels("原函数", "导数")
            .build();
    String family = figure.fontFamily();
    assertEquals(-1, new Font(family, Font.PLAIN, 16).canDisplayUpTo(TITLE), family);
    assertTrue(figure.fontCoversText());
    XYStyler s = figure.charts().get(0).getStyler();
    for (Font f :
        new Font[] {
          s.getChartTitleFont(), s.getAxisTitleFont(), s.getAxisTickLabelsFont(), s.getLegendFont()
        }) {
      assertEquals(family, f.getFamily(Locale.ROOT), "every text is drawn in the chosen family");
      assertEquals(-1, f.canDisplayUpTo(TITLE));
    }
    BufferedImage image = Pixels.savePng(figure, "font-chinese");
    Pixels.assertSeriesVisible(figure, image, 20);
  }

  @Test
  void theRequestedFontIsUsedWhenItCanDisplayTheText() {
    Figure figure =
        LossChart.builder().title("Loss").font("Serif").series("a", new double[] {2, 1}).build();
    assertEquals("Serif", figure.fontFamily());
    assertEquals(
        "Serif", figure.charts().get(0).getStyler().getLegendFont().getFamily(Locale.ROOT));
  }

  @Test
  void aRequestedFontWithoutTheGlyphsIsReplaced() {
    Assumptions.assumeTrue(installed("DejaVu Sans"), "needs a Latin-only font to request");
    Figure figure =
        LossChart.builder()
            .title(TITLE)
            .font("DejaVu Sans")
            .series("a", new double[] {2, 1})
            .build();
    assertFalse(figure.fontFamily().equals("DejaVu Sans"));
    assertEquals(-1, new Font(figure.fontFamily(), Font.PLAIN, 12).canDisplayUpTo(TITLE));
  }

  @Test
  void textNoFontCanDisplayIsDrawnAnyway() {
    // U+0378 is unassigned: no font has a glyph for it.
    Figure figure =
        LossChart.builder().title("\u0378 loss").series("a", new double[] {2, 1}).build();
    assertFalse(figure.fontCoversText());
    BufferedImage image = figure.toImage();
    assertEquals(figure.width(), image.getWidth());
  }
}
