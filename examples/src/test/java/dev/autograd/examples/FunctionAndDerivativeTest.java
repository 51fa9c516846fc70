package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionAndDerivativeTest {

  @Test
  void derivativeIsThreeXSquaredMinusFourAndVanishesAtTheExtrema(@TempDir Path dir)
      throws Exception {
    ExampleRun run = ExampleRun.of(FunctionAndDerivative::run, dir);
    double difference = ExampleRun.after(run.lineWith("largest difference"), "3x²-4 is");
    assertTrue(difference < 1e-4, "float32 autograd vs the formula: " + difference);

    List<String> zeros = run.linesWith("f′(x) = 0 near x =");
    assertEquals(2, zeros.size(), run.printed());
    double root = 2 / Math.sqrt(3);
    assertEquals(-root, ExampleRun.after(zeros.get(0), "near x ="), 0.006);
    assertTrue(zeros.get(0).contains("local maximum"), zeros.get(0));
    assertEquals(-1.92, ExampleRun.after(zeros.get(0), "f ="), 0.006);
    assertEquals(root, ExampleRun.after(zeros.get(1), "near x ="), 0.006);
    assertTrue(zeros.get(1).contains("local minimum"), zeros.get(1));
    assertEquals(-8.08, ExampleRun.after(zeros.get(1), "f ="), 0.006);

    run.assertImages(dir, FunctionAndDerivative.FIGURE);
  }
}
