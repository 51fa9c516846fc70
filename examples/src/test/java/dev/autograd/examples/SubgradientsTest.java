package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubgradientsTest {

  /** The golden case (subgradients.py) of each printed row, by the row's label. */
  private static final Map<String, String> GOLDEN_KEYS =
      Map.ofEntries(
          Map.entry("relu(x)", "relu"),
          Map.entry("leakyRelu(x, 0.01)", "leakyRelu"),
          Map.entry("elu(x, 0.5)", "elu"),
          Map.entry("abs(x)", "abs"),
          Map.entry("sign(x), a jump", "sign"),
          Map.entry("clamp(x, -1, 1) at its lower bound", "clampLower"),
          Map.entry("clamp(x, -1, 1) at its upper bound", "clampUpper"),
          Map.entry("clampMin(x, 0)", "clampMin"),
          Map.entry("maximum(x, 1), a tie", "maximum"),
          Map.entry("minimum(x, 1), a tie", "minimum"),
          Map.entry("max() of [x, 1], a tie", "max"),
          Map.entry("amax() of [x, 1], a tie", "amax"),
          Map.entry("max(0) of [x, 1], a tie", "maxDim"),
          Map.entry("sqrt(x)", "sqrt"),
          Map.entry("norm() of [x, 0]", "norm"),
          Map.entry("l1Loss(x, 0)", "l1Loss"));

  private static JsonNode golden() throws Exception {
    try (InputStream in = SubgradientsTest.class.getResourceAsStream("/golden/subgradients.json")) {
      return JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .readTree(in)
          .get("cases");
    }
  }

  /** The row's printed value in column {@code column} (0: at, 1: left, 2: right, 3: backward). */
  private static double column(String line, String label, int column) {
    String[] cells = line.substring(line.indexOf(label) + label.length()).trim().split("\\s+");
    String cell = cells[column];
    return switch (cell) {
      case "undefined" -> Double.NaN;
      case "+∞" -> Double.POSITIVE_INFINITY;
      case "-∞" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(cell);
    };
  }

  @Test
  void everyKinkGetsPyTorchsValue(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(Subgradients::run, dir);
    JsonNode golden = golden();
    assertEquals(GOLDEN_KEYS.size(), Subgradients.KINKS.size());
    for (Subgradients.Kink kink : Subgradients.KINKS) {
      String key = GOLDEN_KEYS.get(kink.label());
      JsonNode expected = golden.get(key);
      double torch = expected.isArray() ? expected.get(0).asDouble() : expected.asDouble();
      String line = run.lineWith("  " + kink.label() + " ");
      assertEquals(torch, column(line, kink.label(), 3), 1e-12, line);
      assertEquals(kink.at(), column(line, kink.label(), 0), line);
    }
  }

  @Test
  void atAKinkBackwardLiesBetweenTheOneSidedDerivatives(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(Subgradients::run, dir);
    int kinks = 0;
    for (Subgradients.Kink kink : Subgradients.KINKS) {
      String line = run.lineWith("  " + kink.label() + " ");
      double left = column(line, kink.label(), 1);
      double right = column(line, kink.label(), 2);
      double chosen = column(line, kink.label(), 3);
      if (!Double.isFinite(left) || !Double.isFinite(right)) continue;
      kinks++;
      assertTrue(left != right, "a kink has two one-sided derivatives: " + line);
      assertTrue(Math.min(left, right) <= chosen && chosen <= Math.max(left, right), line);
    }
    assertEquals(Subgradients.KINKS.size() - 2, kinks, "all but sign's jump and sqrt at 0");
  }

  @Test
  void oneSidedDerivativesAreThoseOfTheFunctions() {
    Subgradients.Kink relu = Subgradients.KINKS.get(0);
    assertEquals(0, Subgradients.oneSided(relu, -1), 1e-9);
    assertEquals(1, Subgradients.oneSided(relu, 1), 1e-9);
    Subgradients.Kink sqrt =
        Subgradients.KINKS.stream().filter(k -> k.label().equals("sqrt(x)")).findFirst().get();
    assertTrue(Double.isNaN(Subgradients.oneSided(sqrt, -1)));
    assertEquals(Double.POSITIVE_INFINITY, Subgradients.oneSided(sqrt, 1));
    assertEquals("0.01", Subgradients.number(0.01));
    assertEquals("1000", Subgradients.number(1000));
    assertEquals("-1", Subgradients.number(-1));
    assertEquals("0", Subgradients.number(-1e-9));
  }
}
