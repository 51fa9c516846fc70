/**
 * Synchronous data-parallel training of {@link dev.autograd.nn.Module}s: one {@link
 * dev.autograd.spark.Trainer} interface, run in one process by {@link
 * dev.autograd.spark.LocalTrainer} or on Apache Spark by {@link dev.autograd.spark.SparkTrainer},
 * so that a training program moves to a cluster by changing the line that builds its trainer.
 *
 * <pre>{@code
 * TrainingConfig config =
 *     TrainingConfig.builder()
 *         .model(() -> new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 1)))
 *         .loss((output, target) -> output.sub(target).pow(2).mean())
 *         .optimizer(params -> SGD.builder(params).lr(0.1).momentum(0.9).build())
 *         .batchSize(32)
 *         .seed(1)
 *         .build();
 * Trainer trainer = new LocalTrainer(config, examples); // or new SparkTrainer(config, rdd)
 * trainer.train(100);
 * }</pre>
 *
 * <p>Both trainers cut the same global batches from the seed and the step number, and a Spark step
 * applies, on the driver, the gradient of exactly the global batch the local trainer would use: the
 * two give the same parameters up to rounding (see {@code docs/spark.md}).
 *
 * <p>Modules: this module has no module descriptor, and its jar names the automatic module {@code
 * dev.autograd.spark}. Spark and Scala are not modular (their jars have no descriptors, and some
 * share packages, which the module path refuses), and Spark runs its drivers and executors on the
 * class path with {@code --add-opens} flags for everything unnamed: a named module here would have
 * to {@code requires} the derived names of Spark's jars and could still only be run from the class
 * path. As an automatic module a module-path program can still {@code requires dev.autograd.spark};
 * on the class path, where Spark puts it, the name does not matter.
 */
package dev.autograd.spark;
