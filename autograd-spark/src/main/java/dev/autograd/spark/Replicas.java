package dev.autograd.spark;

import dev.autograd.Tensor;
import dev.autograd.nn.Module;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The models an executor JVM computes with, per trainer: built once from the factory and reused by
 * the trainer's later tasks, one per concurrently running task (a model's gradients are not shared
 * between threads).
 */
final class Replicas {
  /** A model and the version of the parameters it holds. */
  static final class Replica {
    final Module model;
    final List<Tensor> params;
    long version = -1;

    Replica(Module model) {
      this.model = model;
      this.params = model.parameters();
    }
  }

  private static final Map<String, Queue<Replica>> POOLS = new ConcurrentHashMap<>();

  private Replicas() {}

  /** A replica of trainer {@code id}'s model holding the plan's parameters. */
  static Replica acquire(String id, ModelFactory factory, StepPlan plan) {
    Replica r = POOLS.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).poll();
    if (r == null) r = new Replica(factory.create());
    if (r.version != plan.version) {
      r.version = -1; // a load that fails half-way leaves no valid version behind
      if (Flat.size(r.params) != plan.size()) {
        throw new TrainingException(
            "SparkTrainer: the model factory built a model with "
                + Flat.size(r.params)
                + " parameter values on an executor, but the driver's has "
                + plan.size()
                + "; the factory must build the same architecture every time");
      }
      plan.loadInto(r.params);
      r.version = plan.version;
    }
    return r;
  }

  static void release(String id, Replica r) {
    POOLS.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(r);
  }

  /** Forgets trainer {@code id}'s replicas in this JVM. */
  static void drop(String id) {
    POOLS.remove(id);
  }
}
