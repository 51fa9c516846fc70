package dev.autograd.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The {@link Trainer} in one process, without Spark: each step's global batches go through the
 * driver's model whole, as in a plain training loop. This class and the classes it uses touch no
 * Spark type, so it runs with Spark absent from the class path.
 *
 * <pre>{@code
 * Trainer trainer = new LocalTrainer(config, examples);
 * trainer.train(100);
 * }</pre>
 */
public final class LocalTrainer extends BaseTrainer {
  private final List<Example> examples;

  /**
   * A trainer over {@code examples}.
   *
   * @param config what to train and how
   * @param examples the training examples, all of the same shapes; copied (the list, not the
   *     examples, which are immutable)
   * @throws TrainingException if an argument or an example is null, there are no examples, the
   *     batch size is larger than their number, or their shapes disagree
   */
  public LocalTrainer(TrainingConfig config, List<Example> examples) {
    super(config);
    if (examples == null) throw new TrainingException("LocalTrainer: examples is null");
    this.examples = new ArrayList<>(examples);
    LinkedHashSet<String> shapes = new LinkedHashSet<>();
    for (int i = 0; i < this.examples.size(); i++) {
      Example e = this.examples.get(i);
      if (e == null) throw new TrainingException("LocalTrainer: example " + i + " is null");
      // Two are enough for the message.
      if (shapes.size() < 2) shapes.add(e.shapes());
    }
    setExamples(this.examples.size(), new ArrayList<>(shapes));
  }

  @Override
  GradientSum computeGradient(long step, long[][] microBatches) {
    long start = System.nanoTime();
    GradientSum sum = new GradientSum(flatSize, params.size(), microBatches.length);
    List<List<Example>> batches = new ArrayList<>(microBatches.length);
    for (long[] indices : microBatches) {
      List<Example> batch = new ArrayList<>(indices.length);
      for (long i : indices) batch.add(examples.get((int) i));
      batches.add(batch);
    }
    long scanned = System.nanoTime();
    for (int m = 0; m < microBatches.length; m++) {
      ShareGradient.accumulate(
          model,
          params,
          config.loss(),
          config.batchSize(),
          microBatches.length,
          batches.get(m),
          m,
          sum);
    }
    return sum.timeTask(scanned - start, System.nanoTime() - scanned);
  }

  /** Nothing to release. */
  @Override
  public void close() {}
}
