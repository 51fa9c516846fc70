package com.example.fitline;

import dev.autograd.Generator;
import dev.autograd.Parallelism;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Fits y = 2x + 1 on [-1, 1] with one Linear layer and plain SGD. */
public final class FitLine {
  private FitLine() {}

  /** The loss at each of {@code steps} steps, before the step's update. */
  public static double[] train(int steps) {
    Linear model = new Linear(1, 1, true, new Generator(0));
    SGD optimizer = new SGD(model.parameters(), 0.1);
    MSELoss criterion = new MSELoss();
    Tensor x = Tensor.linspace(-1, 1, 32).reshape(32, 1);
    Tensor y = x.mul(2).add(1);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      optimizer.zeroGrad();
      Tensor loss = criterion.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
      losses[step] = loss.item();
    }
    return losses;
  }

  /**
   * Trains for 50 steps and prints a line starting with "ok:", or exits with status 1 naming what
   * was not as expected.
   *
   * @param args the kernels to expect ("plain" or "vector") and where the library is expected to
   *     be: "module" (named modules) or "classpath" (the unnamed module)
   */
  public static void main(String[] args) {
    String expectedKernels = args[0];
    boolean expectModules = args[1].equals("module");
    List<String> problems = new ArrayList<>();

    int steps = 50;
    double[] losses = train(steps);
    double first = losses[0];
    double last = losses[steps - 1];
    if (!(last < first / 10)) problems.add("the loss did not fall tenfold");

    String kernels = Parallelism.kernels();
    if (!kernels.equals(expectedKernels)) {
      problems.add("kernels " + kernels + ", expected " + expectedKernels);
    }

    Module core = Tensor.class.getModule();
    Module nn = Linear.class.getModule();
    if (expectModules) {
      if (!"dev.autograd.core".equals(core.getName()) || !"dev.autograd.nn".equals(nn.getName())) {
        problems.add("the library is not in modules dev.autograd.core and dev.autograd.nn");
      }
      // What the library's module descriptors promise: core's implementation package is exported
      // to the library's own modules only.
      if (core.isExported("dev.autograd.internal", FitLine.class.getModule())) {
        problems.add("dev.autograd.internal is exported to this application");
      }
      if (!core.isExported("dev.autograd.internal", nn)) {
        problems.add("dev.autograd.internal is not exported to dev.autograd.nn");
      }
    } else if (core.isNamed()) {
      problems.add("expected the library on the class path, found module " + core.getName());
    }

    String summary =
        String.format(
            Locale.ROOT,
            "fit-line: loss %.4f -> %.6f in %d steps, %s kernels, library %s, java.home %s",
            first,
            last,
            steps,
            kernels,
            core.isNamed() ? "in module " + core.getName() : "on the class path",
            System.getProperty("java.home"));
    if (problems.isEmpty()) {
      System.out.println("ok: " + summary);
    } else {
      System.out.println("FAILED: " + summary + ": " + String.join("; ", problems));
      System.exit(1);
    }
  }
}
