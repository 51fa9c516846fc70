package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Functional;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embedding and EmbeddingBag: PyTorch's parameters, initialisation, printouts and calls. */
class EmbeddingModulesTest {
  @Test
  void anEmbeddingIsANormalTableWithAZeroPaddingRowAndPyTorchsName() {
    Embedding e = new Embedding(200, 50, -1, null, 2, false, new Generator(4));
    assertEquals(List.of("weight"), List.copyOf(e.stateDict().keySet()));
    assertArrayEquals(new int[] {200, 50}, e.weight().shape());
    assertEquals(0, e.weight().narrow(0, 199, 1).abs().sum().item());
    // N(0, 1): 9950 values, their mean within 0.05 and standard deviation within 0.05 of 1
    Tensor rest = e.weight().narrow(0, 0, 199);
    assertEquals(0, rest.mean().item(), 0.05);
    assertEquals(1, rest.std().item(), 0.05);
    assertEquals("Embedding(200, 50, padding_idx=199)", e.toString());
    assertEquals(
        "Embedding(10, 3, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True)",
        new Embedding(10, 3, null, 1.0, 1, true, new Generator(1)).toString());
  }

  @Test
  void forwardLooksUpTheRowsAndThePaddingRowLearnsNothing() {
    Embedding e = new Embedding(5, 2, 0);
    Tensor idx = Tensor.of(new long[][] {{1, 0}, {4, 1}});
    Tensor out = e.call(idx);
    assertArrayEquals(new int[] {2, 2, 2}, out.shape());
    assertArrayEquals(
        e.weight().narrow(0, 4, 1).toDoubleArray(), out.select(0, 1).select(0, 0).toDoubleArray());
    out.sum().backward();
    double[] grad = e.weight().grad().toDoubleArray();
    assertArrayEquals(new double[] {0, 0, 2, 2, 0, 0, 0, 0, 1, 1}, grad);
  }

  @Test
  void fromPretrainedKeepsTheTensorAndFreezesIt() {
    Tensor table = Tensor.randn(4, 3);
    Embedding frozen = Embedding.fromPretrained(table, true, 1);
    assertTrue(frozen.weight() == table, "the tensor itself");
    assertFalse(table.requiresGrad());
    assertTrue(table.narrow(0, 1, 1).abs().sum().item() > 0, "the padding row is not zeroed");
    assertEquals("Embedding(4, 3, padding_idx=1)", frozen.toString());
    TensorException e =
        assertThrows(
            TensorException.class, () -> Embedding.fromPretrained(Tensor.ones(3), true, null));
    assertTrue(e.getMessage().contains("expected to be 2-dimensional"), e.getMessage());
  }

  @Test
  void anEmbeddingBagTakesOneToThreeInputsAsPyTorchsForward() {
    EmbeddingBag bag = new EmbeddingBag(6, 3, "sum", false, 2, new Generator(5));
    assertEquals("EmbeddingBag(6, 3, mode=sum, padding_idx=2)", bag.toString());
    assertEquals(List.of("weight"), List.copyOf(bag.stateDict().keySet()));
    Tensor idx = Tensor.of(new long[] {1, 2, 4, 5, 0});
    Tensor offsets = Tensor.of(new long[] {0, 3});
    Tensor weights = Tensor.of(new double[] {0.5, 1, 2, 1, -1}, 5);
    Tensor direct = bag.forward(idx, offsets, weights);
    Tensor called = bag.call(Arrays.asList(idx, offsets, weights)).get(0);
    assertArrayEquals(direct.toDoubleArray(), called.toDoubleArray(), 0);
    Tensor expected = Functional.embeddingBag(idx, bag.weight(), offsets, "sum", weights, false, 2);
    assertArrayEquals(expected.toDoubleArray(), direct.toDoubleArray(), 0);
    assertArrayEquals(new int[] {2, 3}, bag.call(Tensor.of(new long[][] {{1, 3}, {0, 5}})).shape());
    TensorException e = assertThrows(TensorException.class, () -> new EmbeddingBag(4, 2, "median"));
    assertTrue(e.getMessage().contains("mode has to be one of sum, mean or max"), e.getMessage());
  }
}
