package dev.autograd.nn;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import org.junit.jupiter.api.Test;

class LayersTest {

  @Test
  void linearComputesXTimesWeightTransposedPlusBias() {
    Linear layer = new Linear(3, 2);
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 2}, 2, 3);
    double[] w = layer.weight().toDoubleArray();
    double[] b = layer.bias().toDoubleArray();
    double[] y = layer.forward(x).toDoubleArray();
    double[] xs = x.toDoubleArray();
    for (int i = 0; i < 2; i++) {
      for (int o = 0; o < 2; o++) {
        double expected = b[o];
        for (int k = 0; k < 3; k++) expected += xs[i * 3 + k] * w[o * 3 + k];
        assertEquals(expected, y[i * 2 + o], 1e-6);
      }
    }
  }

  @Test
  void linearInitialisationIsUniformWithinOneOverSqrtFanIn() {
    Linear layer = new Linear(16, 64, true, new Generator(3));
    double bound = 1 / Math.sqrt(16);
    double max = 0;
    for (double v : layer.weight().toDoubleArray()) {
      assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
      max = Math.max(max, Math.abs(v));
    }
    for (double v : layer.bias().toDoubleArray()) assertTrue(Math.abs(v) <= bound);
    assertTrue(
        max > 0.9 * bound, "1024 uniform draws should come close to the bound, max was " + max);
  }

  @Test
  void linearInitialisationIsReproducibleFromTheGlobalSeed() {
    Tensor.manualSeed(7);
    double[] first = new Linear(4, 4).weight().toDoubleArray();
    Tensor.manualSeed(7);
    double[] second = new Linear(4, 4).weight().toDoubleArray();
    assertArrayEquals(first, second);
    assertNotEquals(first[0], new Linear(4, 4).weight().toDoubleArray()[0]);
  }

  @Test
  void linearRefusesInputWithTheWrongNumberOfFeatures() {
    TensorException e =
        assertThrows(TensorException.class, () -> new Linear(3, 2).forward(Tensor.ones(4, 5)));
    assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());
  }

  @Test
  void aFloat32LinearRefusesFloat64InputAsPyTorchDoes() {
    Linear layer = new Linear(2, 1);
    Tensor input = Tensor.ones(DType.FLOAT64, 3, 2);
    assertMessage(
        () -> layer.forward(input),
        "linear: mat1 and mat2 must have the same dtype",
        "input float64, weight float32 and bias float32");
    assertEquals(DType.FLOAT64, layer.to(DType.FLOAT64).forward(input).dtype());
  }

  @Test
  void sequentialGetCountsNegativeIndicesFromTheEnd() {
    Tanh last = new Tanh();
    ReLU first = new ReLU();
    Sequential model = new Sequential(first, new Linear(1, 1), last);
    assertSame(last, model.get(-1));
    assertSame(first, model.get(-3));
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> model.get(-4));
    assertEquals("Sequential: index -4 is out of range for 3 modules", e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> model.get(3));
  }

  @Test
  void activationsMatchTheirTensorOps() {
    Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 2});
    assertArrayEquals(x.sigmoid().toDoubleArray(), new Sigmoid().forward(x).toDoubleArray());
    assertArrayEquals(x.relu().toDoubleArray(), new ReLU().forward(x).toDoubleArray());
    assertArrayEquals(x.tanh().toDoubleArray(), new Tanh().forward(x).toDoubleArray());
    assertArrayEquals(
        x.leakyRelu(0.01).toDoubleArray(), new LeakyReLU().forward(x).toDoubleArray());
    assertArrayEquals(
        x.leakyRelu(0.2).toDoubleArray(), new LeakyReLU(0.2).forward(x).toDoubleArray());
    assertArrayEquals(x.toDoubleArray(), new Identity().forward(x).toDoubleArray());
  }

  @Test
  void preluLearnsItsSlopeFromTheNegativeInputs() {
    PReLU prelu = new PReLU();
    Tensor x = Tensor.of(new double[] {-2, -1, 3});
    Tensor y = prelu.forward(x);
    assertArrayEquals(new double[] {-0.5, -0.25, 3}, y.toDoubleArray(), 1e-7);
    y.sum().backward();
    assertEquals(-3.0, prelu.weight().grad().item(), 1e-6); // sum of the inputs <= 0
  }

  @Test
  void preluWithOneSlopePerChannelBroadcastsAlongDimOne() {
    PReLU prelu = new PReLU(2, 0.5);
    Tensor x = Tensor.of(new double[] {-1, -1, -4, 2}, 2, 2);
    assertArrayEquals(new double[] {-0.5, -0.5, -2, 2}, prelu.forward(x).toDoubleArray(), 1e-7);
    assertThrows(TensorException.class, () -> prelu.forward(Tensor.ones(2, 3)));
  }

  @Test
  void softmaxAndLogSoftmaxModulesUseTheirDim() {
    Tensor x = Tensor.randn(new Generator(4), 3, 4);
    assertArrayEquals(x.softmax(0).toDoubleArray(), new Softmax(0).forward(x).toDoubleArray());
    assertArrayEquals(
        x.logSoftmax(1).toDoubleArray(), new LogSoftmax(1).forward(x).toDoubleArray());
  }

  @Test
  void flattenKeepsTheBatchDim() {
    assertArrayEquals(new int[] {2, 12}, new Flatten().forward(Tensor.zeros(2, 3, 4)).shape());
    assertArrayEquals(new int[] {6, 4}, new Flatten(0, 1).forward(Tensor.zeros(2, 3, 4)).shape());
  }

  @Test
  void dropoutInTrainingZeroesAboutPAndScalesTheRest() {
    Dropout dropout = new Dropout(0.25, new Generator(5));
    double[] y = dropout.forward(Tensor.ones(DType.FLOAT64, 100_000)).toDoubleArray();
    int zeros = 0;
    for (double v : y) {
      if (v == 0) zeros++;
      else assertEquals(1 / 0.75, v, 1e-12);
    }
    assertEquals(0.25, zeros / 100_000.0, 0.01);
  }

  @Test
  void dropoutInEvaluationPassesItsInputThrough() {
    Dropout dropout = new Dropout(0.9);
    dropout.eval();
    Tensor x = Tensor.randn(new Generator(6), 50);
    assertArrayEquals(x.toDoubleArray(), dropout.forward(x).toDoubleArray());
  }

  @Test
  void dropoutRefusesAProbabilityOutsideZeroToOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    assertTrue(e.getMessage().contains("1.5"));
  }
}
