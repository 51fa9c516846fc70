package dev.autograd.spark;

import java.util.function.Supplier;

/** Three steps of local training: what {@link LocalTrainerWithoutSparkTest} runs without Spark. */
public final class LocalRun implements Supplier<double[]> {
  @Override
  public double[] get() {
    Trainer trainer =
        new LocalTrainer(
            Fixtures.config(Fixtures::mlp64, Fixtures.adam()).maxGradNorm(0.1).build(),
            Fixtures.examples(24));
    trainer.train(3);
    return Flat.values(trainer.model().parameters());
  }
}
