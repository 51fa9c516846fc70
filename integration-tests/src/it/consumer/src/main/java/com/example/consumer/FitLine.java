package com.example.consumer;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MSELoss;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.nio.file.Path;

/** Fits y = 2x + 1 with a Linear layer and Adam, and saves the loss curve. */
public final class FitLine {
  private FitLine() {}

  /** Trains for {@code steps} steps, saves the loss chart to {@code chart}, returns the layer. */
  public static Linear fit(int steps, Path chart) throws IOException {
    Generator gen = new Generator(42); // seeded: the same run every time
    Linear model = new Linear(1, 1, true, gen);
    Optimizer optimizer = new Adam(model.parameters(), 0.1);
    MSELoss criterion = new MSELoss();
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      Tensor x = Tensor.randn(gen, 16, 1); // a batch of 16 inputs, shape [16, 1]
      Tensor loss = criterion.forward(model.forward(x), x.mul(2).add(1));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses[step] = loss.item();
    }
    Plots.lossHistory().title("y = 2x + 1").series("Adam", losses).logY().save(chart);
    return model;
  }

  /** Trains, saves the chart to the file given (loss.png by default) and prints w and b. */
  public static void main(String[] args) throws IOException {
    Linear model = fit(300, Path.of(args.length > 0 ? args[0] : "loss.png"));
    System.out.printf("w = %.3f, b = %.3f%n", model.weight().item(), model.bias().item());
  }
}
