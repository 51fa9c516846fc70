package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.optim.Adam;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.SGD;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Models trained end to end with modules, losses and optimizers. */
class TrainingTest {

  /**
   * The tutorial's activation comparison: Sequential(Linear(1, 1), activation) from fixed weights,
   * SGD lr 0.01, 100 fixed batches of 10 inputs with targets 2x + 1, MSE loss. Each activation's
   * 100 losses equal PyTorch's.
   */
  @TestFactory
  Stream<DynamicTest> tutorialActivationComparisonReproducesPyTorchsLosses() {
    Map<String, Object> golden =
        Json.asObject(Golden.load("/golden/optim.json").get("seed_activation_comparison"));
    Map<String, Object> init = Json.asObject(golden.get("init"));
    double lr = Json.asDouble(golden.get("lr"));
    List<Object> batches = Json.asList(golden.get("inputs"));
    Map<String, Object> curves = Json.asObject(golden.get("curves"));
    Map<String, Supplier<Module>> activations = new LinkedHashMap<>();
    activations.put("Sigmoid", Sigmoid::new);
    activations.put("ReLU", ReLU::new);
    activations.put("LeakyReLU(0.01)", () -> new LeakyReLU(0.01));
    assertEquals(curves.keySet(), activations.keySet());
    return activations.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey(),
                    () -> {
                      Sequential model = new Sequential(new Linear(1, 1), e.getValue().get());
                      Map<String, Tensor> start = new LinkedHashMap<>();
                      start.put("0.weight", Tensor.full(Json.asDouble(init.get("weight")), 1, 1));
                      start.put("0.bias", Tensor.full(Json.asDouble(init.get("bias")), 1));
                      model.loadStateDict(start, true);
                      Optimizer optimizer = new SGD(model.parameters(), lr);
                      MSELoss criterion = new MSELoss();
                      double[] expected =
                          Json.asList(curves.get(e.getKey())).stream()
                              .mapToDouble(Json::asDouble)
                              .toArray();
                      double[] losses = new double[batches.size()];
                      for (int i = 0; i < batches.size(); i++) {
                        double[] xs =
                            Json.asList(batches.get(i)).stream()
                                .mapToDouble(Json::asDouble)
                                .toArray();
                        Tensor x = Tensor.of(xs, xs.length, 1);
                        Tensor loss = criterion.forward(model.forward(x), x.mul(2).add(1));
                        optimizer.zeroGrad();
                        loss.backward();
                        optimizer.step();
                        losses[i] = loss.item();
                      }
                      assertEquals(100, losses.length);
                      for (int i = 0; i < losses.length; i++) {
                        assertEquals(
                            expected[i],
                            losses[i],
                            1e-4 * Math.abs(expected[i]) + 1e-5,
                            e.getKey() + " step " + i);
                      }
                    }));
  }

  private static double accuracy(Module model, Tensor x, Tensor labels) {
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor predicted = model.forward(x).argmax(1, false);
      return predicted.eq(labels).to(DType.FLOAT64).mean().item();
    }
  }

  private static void train(Module model, Optimizer optimizer, Tensor x, Tensor labels, int steps) {
    CrossEntropyLoss criterion = new CrossEntropyLoss();
    for (int step = 0; step < steps; step++) {
      Tensor loss = criterion.forward(model.forward(x), labels);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
  }

  @Test
  void mlpLearnsXorPerfectly() {
    Tensor.manualSeed(0);
    Tensor x = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    Tensor labels = Tensor.of(new long[] {0, 1, 1, 0});
    Sequential model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 2));
    train(model, new Adam(model.parameters(), 0.05), x, labels, 300);
    assertEquals(1.0, accuracy(model, x, labels));
  }

  /** Two interleaved half circles with noise, as scikit-learn's make_moons. */
  private static Tensor[] twoMoons(int n, double noise, Generator gen) {
    double[] points = new double[2 * n];
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      double t = Math.PI * gen.nextUniform();
      boolean upper = i % 2 == 0;
      points[2 * i] = (upper ? Math.cos(t) : 1 - Math.cos(t)) + noise * gen.nextGaussian();
      points[2 * i + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * gen.nextGaussian();
      labels[i] = upper ? 0 : 1;
    }
    return new Tensor[] {Tensor.of(points, n, 2), Tensor.of(labels)};
  }

  @Test
  void mlpSeparatesTwoMoonsPerfectly() {
    Generator gen = new Generator(11);
    Tensor[] data = twoMoons(200, 0.05, gen);
    Sequential model =
        new Sequential(
            new Linear(2, 32, true, gen),
            new ReLU(),
            new Linear(32, 32, true, gen),
            new ReLU(),
            new Linear(32, 2, true, gen));
    train(model, new Adam(model.parameters(), 0.01), data[0], data[1], 600);
    assertEquals(1.0, accuracy(model, data[0], data[1]));
  }

  @Test
  void l1AndL2PenaltiesWrittenAsTensorExpressionsShrinkTheWeights() {
    Generator gen = new Generator(12);
    Tensor x = Tensor.randn(gen, 64, 5);
    Tensor y = x.matmul(Tensor.of(new double[] {3, -2, 0, 0, 0}, 5, 1));
    double[] plain = fit(x, y, 0, 0);
    double[] l1 = fit(x, y, 0.5, 0);
    double[] l2 = fit(x, y, 0, 0.5);
    double sumPlain = 0;
    double sumL1 = 0;
    double sumL2 = 0;
    for (int i = 0; i < 5; i++) {
      sumPlain += Math.abs(plain[i]);
      sumL1 += Math.abs(l1[i]);
      sumL2 += Math.abs(l2[i]);
    }
    assertEquals(3.0, plain[0], 0.05);
    // With X^T X / n close to I the optimum of mse + l1 |w|_1 moves each nonzero weight by l1 / 2
    // towards 0 (|w| shrinks by about 0.5 in all), and that of mse + l2 |w|^2 divides w by 1 + l2.
    assertTrue(
        sumL1 < sumPlain - 0.3, "L1 penalty should shrink |w|: " + sumL1 + " vs " + sumPlain);
    assertTrue(
        sumL2 < sumPlain / 1.3, "L2 penalty should shrink |w|: " + sumL2 + " vs " + sumPlain);
    // L1 drives the useless weights towards exactly zero more than L2 does.
    assertTrue(Math.abs(l1[2]) + Math.abs(l1[3]) + Math.abs(l1[4]) < 0.05);
  }

  private static double[] fit(Tensor x, Tensor y, double l1, double l2) {
    Linear layer = new Linear(5, 1, false, new Generator(13));
    Optimizer optimizer = new Adam(layer.parameters(), 0.05);
    MSELoss mse = new MSELoss();
    for (int step = 0; step < 500; step++) {
      Tensor w = layer.weight();
      Tensor loss =
          mse.forward(layer.forward(x), y).add(w.abs().sum().mul(l1)).add(w.square().sum().mul(l2));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
    return layer.weight().toDoubleArray();
  }

  @Test
  void frozenLayerStaysUnchangedWhileTheRestTrains() {
    Generator gen = new Generator(14);
    Sequential model =
        new Sequential(new Linear(3, 4, true, gen), new Sigmoid(), new Linear(4, 1, true, gen));
    Linear frozen = (Linear) model.get(0);
    frozen.weight().requiresGrad(false);
    frozen.bias().requiresGrad(false);
    double[] frozenBefore = frozen.weight().toDoubleArray();
    double[] trainedBefore = ((Linear) model.get(2)).weight().toDoubleArray();
    Optimizer optimizer = new SGD(model.parameters(), 0.1);
    Tensor x = Tensor.randn(gen, 8, 3);
    for (int step = 0; step < 5; step++) {
      optimizer.zeroGrad();
      new MSELoss().forward(model.forward(x), Tensor.ones(8, 1)).backward();
      optimizer.step();
    }
    assertArrayEquals(frozenBefore, frozen.weight().toDoubleArray());
    assertTrue(
        Math.abs(trainedBefore[0] - ((Linear) model.get(2)).weight().toDoubleArray()[0]) > 1e-4);
  }
}
