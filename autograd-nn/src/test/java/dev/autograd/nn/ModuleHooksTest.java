package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward pre-hooks, forward hooks, full backward hooks, and the summary built on them. */
class ModuleHooksTest {
  private static Sequential mlp() {
    return new Sequential(
        new Linear(3, 4, true, new Generator(1)),
        new Tanh(),
        new Linear(4, 2, true, new Generator(2)));
  }

  @Test
  void forwardHooksSeeAndReplaceInputsAndOutputsUntilRemoved() {
    Sequential model = mlp();
    Tensor x = Tensor.randn(new Generator(3), 5, 3);
    Tensor plain = model.forward(x);
    Module first = model.get(0);
    Tensor.HookHandle pre = first.registerForwardPreHook((m, in) -> List.of(in.get(0).mul(2)));
    List<int[]> seen = new ArrayList<>();
    Tensor.HookHandle post =
        model
            .get(2)
            .registerForwardHook(
                (m, in, out) -> {
                  seen.add(out.get(0).shape());
                  return List.of(out.get(0).add(1));
                });
    Tensor hooked = model.forward(x);
    Tensor expected = model.get(2).forward(model.get(1).forward(first.forward(x.mul(2)))).add(1);
    assertArrayEquals(expected.toDoubleArray(), hooked.toDoubleArray(), 1e-6);
    assertEquals(1, seen.size());
    assertArrayEquals(new int[] {5, 2}, seen.get(0));
    // calling forward directly skips the module's own hooks, as in PyTorch
    assertArrayEquals(
        first.forward(x).toDoubleArray(),
        new Sequential(first).forward(x.div(2)).toDoubleArray(),
        1e-6);
    pre.remove();
    post.remove();
    assertArrayEquals(plain.toDoubleArray(), model.forward(x).toDoubleArray(), 0);
  }

  @Test
  void fullBackwardHooksSeeTheModulesGradientsAndMayReplaceTheInputsOne() {
    Sequential model = mlp();
    Tensor x = Tensor.randn(new Generator(4), 5, 3).requiresGrad(true);
    Tensor[] seen = new Tensor[2];
    Module last = model.get(2);
    Tensor.HookHandle handle =
        last.registerFullBackwardHook(
            (m, gradInput, gradOutput) -> {
              seen[0] = gradInput.get(0);
              seen[1] = gradOutput.get(0);
              return null;
            });
    Tensor out = model.forward(x);
    Tensor upstream = Tensor.randn(new Generator(5), 5, 2);
    out.backward(upstream);
    assertNotNull(seen[0]);
    assertArrayEquals(upstream.toDoubleArray(), seen[1].toDoubleArray(), 0);
    // gradInput = upstream @ W, the gradient with respect to the last layer's input
    Tensor w = ((Linear) last).weight().detach();
    assertArrayEquals(upstream.matmul(w).toDoubleArray(), seen[0].toDoubleArray(), 1e-6);
    handle.remove();

    // a hook that zeroes gradInput stops the gradient before the last layer
    model.zeroGrad();
    x.setGrad(null);
    last.registerFullBackwardHook((m, gi, go) -> List.of(gi.get(0).mul(0)));
    model.forward(x).backward(upstream);
    Linear first = (Linear) model.get(0);
    assertTrue(first.weight().grad().abs().sum().item() == 0, "nothing reaches the first layer");
    assertTrue(
        ((Linear) last).weight().grad().abs().sum().item() > 0, "the last layer still learns");
    assertTrue(x.grad().abs().sum().item() == 0);
  }

  @Test
  void theSummaryListsEveryModuleWithItsOutputShapeAndParameters() {
    Sequential lenet =
        new Sequential(
            new Conv2d(1, 6, 5, ConvOptions.defaults().padding(2)),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(6, 16, 5),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(400, 120),
            new ReLU(),
            new Linear(120, 84),
            new ReLU(),
            new Linear(84, 10));
    lenet.get(0).requiresGrad_(false);
    String table = lenet.summary(1, 1, 28, 28);
    assertTrue(table.contains("Conv2d (0)"), table);
    assertTrue(table.matches("(?s).*Conv2d \\(0\\)\\s+\\[1, 6, 28, 28\\]\\s+156\\n.*"), table);
    assertTrue(table.matches("(?s).*MaxPool2d \\(5\\)\\s+\\[1, 16, 5, 5\\]\\s+--\\n.*"), table);
    assertTrue(table.matches("(?s).*Linear \\(7\\)\\s+\\[1, 120\\]\\s+48,120\\n.*"), table);
    // LeNet-5's 61,706 parameters, as torchinfo counts them; the first layer's 156 frozen
    assertTrue(table.contains("Total params: 61,706"), table);
    assertTrue(table.contains("Trainable params: 61,550"), table);
    assertTrue(table.contains("Non-trainable params: 156"), table);
    assertTrue(Autograd.isGradEnabled(), "the summary restores grad mode");
    assertEquals(0, lenet.get(0).parameters().stream().filter(p -> p.grad() != null).count());
  }

  private static Tensor vec(double... values) {
    return Tensor.of(values, DType.FLOAT64, values.length);
  }

  /** a * b and a + b: two inputs, two outputs. */
  private static final class ProductAndSum extends Module {
    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
      Tensor a = inputs.get(0);
      Tensor b = inputs.get(1);
      return List.of(a.mul(b), a.add(b));
    }
  }

  @Test
  void aModuleOfSeveralInputsAndOutputsIsCalledWithListsAndItsHooksSeeThemAll() {
    ProductAndSum module = new ProductAndSum();
    Tensor a = vec(1.0, 2.0).requiresGrad(true);
    Tensor b = vec(3.0, -4.0).requiresGrad(true);
    module.registerForwardPreHook((m, in) -> List.of(in.get(0), in.get(1).mul(2)));
    List<List<Tensor>> seen = new ArrayList<>();
    module.registerForwardHook(
        (m, in, out) -> {
          seen.add(List.of(in.get(1), out.get(0), out.get(1)));
          return null;
        });
    List<List<Tensor>> grads = new ArrayList<>();
    module.registerFullBackwardHook(
        (m, gradIn, gradOut) -> {
          grads.add(gradIn);
          grads.add(gradOut);
          return null;
        });
    List<Tensor> out = module.call(List.of(a, b));
    assertEquals(2, out.size());
    assertArrayEquals(new double[] {6, -16}, out.get(0).toDoubleArray(), 0);
    assertArrayEquals(new double[] {7, -6}, out.get(1).toDoubleArray(), 0);
    assertArrayEquals(new double[] {6, -8}, seen.get(0).get(0).toDoubleArray(), 0);
    // L = sum(3 (a * 2b) + (a + 2b)): the hook is called once, with both gradients of each side
    out.get(0).mul(3).add(out.get(1)).sum().backward();
    assertEquals(2, grads.size(), "one call per backward pass");
    List<Tensor> gradIn = grads.get(0);
    List<Tensor> gradOut = grads.get(1);
    assertArrayEquals(new double[] {3, 3}, gradOut.get(0).toDoubleArray(), 0);
    assertArrayEquals(new double[] {1, 1}, gradOut.get(1).toDoubleArray(), 0);
    // with respect to the inputs of forward (a and 2b): 3 * 2b + 1 and 3a + 1
    assertArrayEquals(new double[] {19, -23}, gradIn.get(0).toDoubleArray(), 0);
    assertArrayEquals(new double[] {4, 7}, gradIn.get(1).toDoubleArray(), 0);
    assertArrayEquals(new double[] {8, 14}, b.grad().toDoubleArray(), 0);
    assertEquals("BackwardHookFunctionBackward", out.get(0).gradFn().name());
  }

  @Test
  void backwardHooksGetNullForInputsWithoutGradAndForOutputsNoGradientReached() {
    ProductAndSum module = new ProductAndSum();
    Tensor a = vec(1.0, 2.0).requiresGrad(true);
    Tensor b = vec(3.0, -4.0);
    Tensor[] seen = new Tensor[4];
    module.registerFullBackwardHook(
        (m, gradIn, gradOut) -> {
          gradIn.toArray(seen);
          seen[2] = gradOut.get(0);
          seen[3] = gradOut.get(1);
          return List.of(gradIn.get(0).mul(10), b); // the second entry is ignored: b needs none
        });
    module.call(List.of(a, b)).get(0).sum().backward();
    assertArrayEquals(b.toDoubleArray(), seen[0].toDoubleArray(), 0);
    assertEquals(null, seen[1]);
    assertArrayEquals(new double[] {1, 1}, seen[2].toDoubleArray(), 0);
    assertEquals(null, seen[3], "the sum a + b took no part in the loss");
    assertArrayEquals(new double[] {30, -40}, a.grad().toDoubleArray(), 0, "replaced");
  }

  @Test
  void whenNoInputRequiresGradTheBackwardHookRunsWithTheOutputsGradientsAndMayNotReplace() {
    Linear layer = new Linear(3, 2, true, new Generator(6));
    Tensor x = Tensor.randn(new Generator(7), 4, 3);
    Tensor[] seen = new Tensor[2];
    Tensor.HookHandle handle =
        layer.registerFullBackwardHook(
            (m, gradIn, gradOut) -> {
              seen[0] = gradIn.get(0);
              seen[1] = gradOut.get(0);
              return null;
            });
    layer.call(x).sum().backward();
    assertEquals(null, seen[0]);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, seen[1].toDoubleArray(), 0);
    handle.remove();
    layer.registerFullBackwardHook((m, gradIn, gradOut) -> List.of(gradOut.get(0)));
    Tensor loss = layer.call(x).sum();
    TensorException e = assertThrows(TensorException.class, loss::backward);
    assertTrue(e.getMessage().contains("no input requires grad"), e.getMessage());
  }

  @Test
  void singleTensorCallsOfAModuleOfSeveralOutputsAndModulesWithoutForwardAreRefused() {
    Module twice =
        new Module() {
          @Override
          public List<Tensor> forward(List<Tensor> inputs) {
            return List.of(inputs.get(0), inputs.get(0));
          }
        };
    TensorException e = assertThrows(TensorException.class, () -> twice.call(vec(1.0)));
    assertTrue(
        e.getMessage().contains("call: returned 2 outputs where one was expected"), e.getMessage());
    TensorException two =
        assertThrows(TensorException.class, () -> new Linear(1, 1).call(List.of(vec(1), vec(2))));
    assertTrue(
        two.getMessage().startsWith("Linear.forward: takes 1 input, got 2"), two.getMessage());
    TensorException none = assertThrows(TensorException.class, () -> new Module() {});
    assertTrue(
        none.getMessage().contains("overrides neither forward(Tensor) nor forward(List<Tensor>)"),
        none.getMessage());
  }

  @Test
  void sequentialPassesEachModulesOutputsToTheNextAndTheSummaryShowsThemAll() {
    Sequential chain = new Sequential(new ProductAndSum(), new ProductAndSum());
    Tensor a = vec(1.0, 2.0);
    Tensor b = vec(3.0, 4.0);
    List<Tensor> out = chain.call(List.of(a, b));
    // (ab)(a + b) and ab + a + b
    assertArrayEquals(new double[] {12, 48}, out.get(0).toDoubleArray(), 0);
    assertArrayEquals(new double[] {7, 14}, out.get(1).toDoubleArray(), 0);
    String table = chain.summary(List.of(a, b));
    assertTrue(table.matches("(?s).*ProductAndSum \\(0\\)\\s+\\[2\\], \\[2\\]\\s+--\\n.*"), table);
  }
}
