package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersComparedTest {

  @Test
  void fourOptimizersDescendTheValleyAndAdamReachesTheMinimum(@TempDir Path dir) throws Exception {
    ExampleRun run = ExampleRun.of(OptimizersCompared::run, dir);
    List<String> names =
        OptimizersCompared.contenders().stream().map(OptimizersCompared.Contender::name).toList();
    assertEquals(4, names.size());
    double start = 100 * Math.pow(2 - 2.25, 2) + Math.pow(2.5, 2); // f(-1.5, 2) = 12.5
    for (String name : names) {
      String line = run.lineWith("  " + name + " ");
      double f = ExampleRun.after(line, "f =");
      assertTrue(f < start / 10, name + " went down the valley: " + line);
    }
    double[] adam = ExampleRun.numbers(run.lineWith("Adam").split("ends at")[1]);
    assertEquals(1, adam[0], 1e-3);
    assertEquals(1, adam[1], 1e-3);
    run.assertImages(dir, OptimizersCompared.PATHS_FIGURE, OptimizersCompared.LOSSES_FIGURE);
  }
}
