package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.Tanh;
import dev.autograd.optim.Adam;
import dev.autograd.optim.ClipGrad;
import dev.autograd.optim.EpochScheduler;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The small MLP workload the trainer tests share, and their comparisons. */
final class Fixtures {
  static final int FEATURES = 4;

  private Fixtures() {}

  /** A 4-8-1 tanh MLP in float64, the same initial values on every call. */
  static Module mlp64() {
    return mlp().to(DType.FLOAT64);
  }

  static Module mlp32() {
    return mlp();
  }

  private static Module mlp() {
    Generator g = new Generator(11);
    return new Sequential(new Linear(FEATURES, 8, true, g), new Tanh(), new Linear(8, 1, true, g));
  }

  /** {@code n} examples of a smooth target, y = sin(x . w) + 0.1 x0^2. */
  static List<Example> examples(int n) {
    Generator g = new Generator(5);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[FEATURES];
      double dot = 0;
      for (int k = 0; k < FEATURES; k++) {
        x[k] = 2 * g.nextUniform() - 1;
        dot += x[k] * (k + 1) * 0.5;
      }
      out.add(Example.of(x, new double[] {Math.sin(dot) + 0.1 * x[0] * x[0]}));
    }
    return out;
  }

  static Tensor mse(Tensor output, Tensor target) {
    return output.sub(target).pow(2).mean();
  }

  static Function<List<Tensor>, Optimizer> sgdMomentum() {
    return params -> SGD.builder(params).lr(0.1).momentum(0.9).weightDecay(1e-3).build();
  }

  static Function<List<Tensor>, Optimizer> adam() {
    return params -> Adam.builder(params).lr(0.01).build();
  }

  static TrainingConfig.Builder config(ModelFactory model, Function<List<Tensor>, Optimizer> opt) {
    return TrainingConfig.builder()
        .model(model)
        .loss(Fixtures::mse)
        .optimizer(opt)
        .batchSize(8)
        .seed(3);
  }

  /**
   * The single-process reference, written out as a user would: per step, M global batches, each
   * {@code (loss / M).backward()}, then clipping, the optimizer's step and the scheduler's.
   */
  static List<double[]> plainLoop(TrainingConfig config, List<Example> examples, int steps) {
    Module model = config.model().create();
    List<Tensor> params = model.parameters();
    Optimizer optimizer = config.optimizer().apply(params);
    EpochScheduler scheduler =
        config.scheduler() == null ? null : config.scheduler().apply(optimizer);
    GlobalBatches batches = new GlobalBatches(config.seed(), examples.size(), config.batchSize());
    int m = config.accumulationSteps();
    for (int s = 0; s < steps; s++) {
      optimizer.zeroGrad();
      for (int k = 0; k < m; k++) {
        List<Example> batch = new ArrayList<>();
        for (long i : batches.batch((long) s * m + k)) batch.add(examples.get((int) i));
        Tensor[] xy = ShareGradient.stack(batch, params.get(0).dtype());
        config.loss().compute(model.call(xy[0]), xy[1]).div(m).backward();
      }
      if (!Double.isNaN(config.maxGradNorm())) ClipGrad.clipGradNorm(params, config.maxGradNorm());
      optimizer.step();
      if (scheduler != null) scheduler.step();
    }
    List<double[]> out = new ArrayList<>();
    for (Tensor p : params) out.add(p.toDoubleArray());
    return out;
  }

  static List<double[]> parameters(Trainer trainer) {
    List<double[]> out = new ArrayList<>();
    for (Tensor p : trainer.model().parameters()) out.add(p.toDoubleArray());
    return out;
  }

  /**
   * Each parameter of {@code actual} within {@code relTol} of {@code expected}, relative to the
   * largest magnitude of that parameter (an element near 0 has no meaningful relative error).
   */
  static void assertClose(List<double[]> expected, List<double[]> actual, double relTol) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      double[] e = expected.get(i);
      double[] a = actual.get(i);
      assertEquals(e.length, a.length);
      double scale = 0;
      for (double v : e) scale = Math.max(scale, Math.abs(v));
      for (int k = 0; k < e.length; k++) {
        double err = Math.abs(e[k] - a[k]);
        int param = i;
        int index = k;
        assertTrue(
            err <= relTol * scale,
            () ->
                "parameter "
                    + param
                    + "["
                    + index
                    + "]: expected "
                    + e[index]
                    + ", got "
                    + a[index]);
      }
    }
  }

  /** The largest difference between two parameter lists: to show that training moved them. */
  static double maxDifference(List<double[]> a, List<double[]> b) {
    double d = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int k = 0; k < a.get(i).length; k++) {
        d = Math.max(d, Math.abs(a.get(i)[k] - b.get(i)[k]));
      }
    }
    return d;
  }
}
