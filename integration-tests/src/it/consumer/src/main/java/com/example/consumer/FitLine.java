package com.example.consumer;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.optim.Adam;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.nio.file.Path;

/** What a user writes: fit y = 2x + 1 with a Linear layer, then chart the loss. */
public final class FitLine {
  private FitLine() {}

  /** Trains for {@code steps} steps, saves the loss chart to {@code chart}, returns the layer. */
  public static Linear fit(int steps, Path chart) throws IOException {
    Generator gen = new Generator(42);
    Linear model = new Linear(1, 1, true, gen);
    Adam optimizer = new Adam(model.parameters(), 0.1);
    MSELoss criterion = new MSELoss();
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      Tensor x = Tensor.randn(gen, 16, 1);
      Tensor loss = criterion.forward(model.forward(x), x.mul(2).add(1));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses[step] = loss.item();
    }
    Plots.lossHistory().title("y = 2x + 1").series("Adam", losses).logY().save(chart);
    return model;
  }

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    Linear model = fit(300, Path.of(args.length > 0 ? args[0] : "loss.png"));
    System.out.println("weight " + model.weight().item() + ", bias " + model.bias().item());
  }
}
