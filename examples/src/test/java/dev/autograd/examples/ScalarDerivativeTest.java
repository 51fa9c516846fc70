package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalarDerivativeTest {

  @Test
  void printsFirstDerivativeEightAndSecondDerivativeTwelve(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(ScalarDerivative::run, dir);
    assertTrue(run.printed().contains("x=2时导数:8.0"), run.printed());
    assertTrue(run.printed().contains("x=2时二阶导数:12.0"), run.printed());
    assertEquals(8.0, ExampleRun.after(run.lineWith("x=2时导数"), "导数:"));
    assertEquals(12.0, ExampleRun.after(run.lineWith("二阶导数"), "导数:"));
  }

  @Test
  void tracesTheChainRuleAndDrawsTheGraph(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(ScalarDerivative::run, dir);
    assertTrue(run.printed().contains("  ∂y/∂x = -4 + 12 = 8\n"), run.printed());
    run.assertImages(dir, ScalarDerivative.FIGURE);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
