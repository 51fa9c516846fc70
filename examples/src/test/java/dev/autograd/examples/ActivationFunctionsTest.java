package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationFunctionsTest {

  /** The printed lines that follow the one starting with {@code name}. */
  private static List<String> block(ExampleRun run, String name) {
    String[] lines = run.printed().split("\\R");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(name + ":")) return List.of(lines[i], lines[i + 1], lines[i + 2]);
    }
    throw new AssertionError(name + " not printed:\n" + run.printed());
  }

  @Test
  void printsWhereEachDerivativeVanishes(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(ActivationFunctions::run, dir);

    // σ′(x) = σ(x)(1 − σ(x)) is never 0, largest (1/4) at 0 and below 0.01 beyond |x| = 4.585.
    List<String> sigmoid = block(run, "Sigmoid");
    assertTrue(sigmoid.get(0).contains("梯度消失"), sigmoid.get(0));
    assertEquals(0.25, ExampleRun.after(sigmoid.get(1), "largest"), 1e-4);
    assertEquals(0.0, ExampleRun.after(sigmoid.get(1), "largest 0.2500 at x ="), 1e-9);
    assertTrue(sigmoid.get(2).startsWith("  vanishes (= 0) nowhere;"), sigmoid.get(2));
    double[] near = ExampleRun.numbers(sigmoid.get(2).substring(sigmoid.get(2).indexOf("for x")));
    double edge = Math.log((1 + Math.sqrt(0.96)) / (1 - Math.sqrt(0.96))); // σ′ = 0.01
    assertEquals(4, near.length, sigmoid.get(2));
    assertEquals(-5, near[0]);
    assertEquals(-edge, near[1], 0.011);
    assertEquals(edge, near[2], 0.011);
    assertEquals(5, near[3]);

    // relu′ is 0 for x ≤ 0 (PyTorch's choice at 0) and 1 beyond.
    List<String> relu = block(run, "ReLU");
    assertTrue(relu.get(0).contains("死亡神经元"), relu.get(0));
    assertTrue(relu.get(2).startsWith("  vanishes (= 0) for x in [-5.00, 0.00];"), relu.get(2));
    assertTrue(relu.get(2).endsWith("nowhere"), relu.get(2));

    // leaky_relu′ is 0.01 for x < 0: it never vanishes.
    List<String> leaky = block(run, "Leaky ReLU (α=0.01)");
    assertEquals(0.01, ExampleRun.after(leaky.get(1), "smallest"), 1e-12);
    assertEquals(1.0, ExampleRun.after(leaky.get(1), "largest"), 1e-12);
    assertEquals(
        "  vanishes (= 0) nowhere; nearly (0 < |d| < 0.01) nowhere", leaky.get(2), leaky.get(2));

    run.assertImages(dir, ActivationFunctions.FIGURE);
  }
}
