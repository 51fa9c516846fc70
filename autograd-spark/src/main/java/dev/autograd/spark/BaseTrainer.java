package dev.autograd.spark;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Checkpoint;
import dev.autograd.nn.Module;
import dev.autograd.optim.ClipGrad;
import dev.autograd.optim.EpochScheduler;
import dev.autograd.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's half of both trainers: the model, optimizer and scheduler, the step count, applying
 * a step's summed gradient, progress and checkpoints. The implementations only compute a step's
 * gradient.
 */
abstract class BaseTrainer implements Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  final TrainingConfig config;
  final Module model;
  final List<Tensor> params;
  final int flatSize;
  private final Optimizer optimizer;
  private final EpochScheduler scheduler;
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private GlobalBatches batches;
  private long step;

  BaseTrainer(TrainingConfig config) {
    if (config == null) throw new TrainingException(name() + ": config is null");
    this.config = config;
    this.model = config.model().create();
    if (model == null) throw new TrainingException(name() + ": the model factory returned null");
    this.params = model.parameters();
    this.flatSize = Flat.size(params);
    this.optimizer = config.optimizer().apply(params);
    if (optimizer == null) {
      throw new TrainingException(name() + ": the optimizer factory returned null");
    }
    this.scheduler = config.scheduler() == null ? null : config.scheduler().apply(optimizer);
  }

  /** The class's name, for messages. */
  final String name() {
    return getClass().getSimpleName();
  }

  /** Checks the examples as both trainers require them, then cuts batches over their indices. */
  final void setExamples(long count, List<String> distinctShapes) {
    String op = name();
    if (count == 0) throw new TrainingException(op + ": there are no examples to train on");
    if (count > Integer.MAX_VALUE) {
      throw new TrainingException(
          op + ": " + count + " examples; at most 2^31 - 1 can be indexed for batches");
    }
    if (config.batchSize() > count) {
      throw new TrainingException(
          op
              + ": batchSize "
              + config.batchSize()
              + " is larger than the number of examples, "
              + count);
    }
    if (distinctShapes.size() > 1) {
      throw new TrainingException(
          op
              + ": the examples' shapes disagree, so they cannot be stacked into batches: "
              + String.join(" vs ", distinctShapes));
    }
    this.batches = new GlobalBatches(config.seed(), (int) count, config.batchSize());
  }

  /**
   * The gradient of the step whose micro-batches hold {@code microBatches}' example indices, at the
   * driver's parameters (version {@code step}). Must not touch the driver's model, optimizer or
   * scheduler except to read the parameters.
   */
  abstract GradientSum computeGradient(long step, long[][] microBatches);

  @Override
  public final StepReport step() {
    long start = System.nanoTime();
    long[][] micro = new long[config.accumulationSteps()][];
    for (int m = 0; m < micro.length; m++) {
      micro[m] = batches.batch(step * micro.length + m);
    }
    long gradientStart = System.nanoTime();
    GradientSum sum = computeGradient(step, micro);
    double gradientSeconds = (System.nanoTime() - gradientStart) / 1e9;
    double lr = optimizer.paramGroups().get(0).lr();
    Flat.setGradients(params, sum.grad, sum.hasGrad);
    if (!Double.isNaN(config.maxGradNorm())) ClipGrad.clipGradNorm(params, config.maxGradNorm());
    optimizer.step();
    optimizer.zeroGrad();
    if (scheduler != null) scheduler.step();
    StepReport report =
        new StepReport(
            step,
            sum.loss(),
            config.batchSize() * config.accumulationSteps(),
            (System.nanoTime() - start) / 1e9,
            lr,
            sum.timings(gradientSeconds));
    step++;
    if (LOG.isInfoEnabled()) LOG.info(progressLine(report));
    for (ProgressListener l : listeners) l.onStep(report);
    return report;
  }

  /**
   * The progress line of a step, the same in every locale: {@code step 12: loss 0.25, 1234.5
   * examples/s, 3.2% communication}.
   */
  static String progressLine(StepReport r) {
    return String.format(
        Locale.ROOT,
        "step %d: loss %s, %.1f examples/s, %.1f%% communication",
        r.step(),
        r.loss(),
        r.examplesPerSecond(),
        100 * r.communicationFraction());
  }

  @Override
  public final List<StepReport> train(int steps) {
    if (steps < 0) {
      throw new TrainingException(name() + ".train: steps must be non-negative, got " + steps);
    }
    List<StepReport> out = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) out.add(step());
    return out;
  }

  @Override
  public final long stepCount() {
    return step;
  }

  @Override
  public final Module model() {
    return model;
  }

  @Override
  public final Optimizer optimizer() {
    return optimizer;
  }

  @Override
  public final EpochScheduler scheduler() {
    return scheduler;
  }

  @Override
  public final void addListener(ProgressListener listener) {
    if (listener == null) throw new TrainingException(name() + ".addListener: listener is null");
    listeners.add(listener);
  }

  @Override
  public final void saveCheckpoint(Path path) throws IOException {
    if (path == null) throw new TrainingException(name() + ".saveCheckpoint: path is null");
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("model", model.stateDict());
    state.put("optimizer", optimizer.stateDict());
    if (scheduler != null) state.put("scheduler", scheduler.stateDict());
    state.put("generator", Generator.global().getState());
    state.put("step", step);
    state.put("seed", config.seed());
    state.put("batchSize", config.batchSize());
    state.put("accumulationSteps", config.accumulationSteps());
    Checkpoint.save(path, state);
  }

  @Override
  public final void resume(Path path) throws IOException {
    String op = name() + ".resume";
    if (path == null) throw new TrainingException(op + ": path is null");
    Map<String, Object> saved = Checkpoint.load(path);
    requireSame(op, path, saved, "seed", config.seed());
    requireSame(op, path, saved, "batchSize", config.batchSize());
    requireSame(op, path, saved, "accumulationSteps", config.accumulationSteps());
    if (!(saved.get("step") instanceof Long)) {
      throw new TrainingException(op + ": " + path + " has no step count; keys " + saved.keySet());
    }
    if (scheduler != null && !saved.containsKey("scheduler")) {
      throw new TrainingException(
          op + ": " + path + " has no scheduler state, but this trainer has a scheduler");
    }
    try {
      model.loadStateDict(Checkpoint.tensors(saved, "model"), true);
      optimizer.loadStateDict(Checkpoint.map(saved, "optimizer"));
      if (scheduler != null) scheduler.loadStateDict(Checkpoint.map(saved, "scheduler"));
      Checkpoint.restoreGenerator(saved, "generator", Generator.global());
    } catch (IllegalArgumentException e) {
      throw new TrainingException(
          op + ": " + path + " does not fit this trainer: " + e.getMessage(), e);
    }
    step = (Long) saved.get("step");
  }

  private static void requireSame(
      String op, Path path, Map<String, Object> saved, String key, Object expected) {
    Object value = saved.get(key);
    if (!expected.equals(value)) {
      throw new TrainingException(
          op
              + ": "
              + path
              + " was written with "
              + key
              + " "
              + value
              + ", but this trainer has "
              + key
              + " "
              + expected
              + "; the batches would differ");
    }
  }
}
