package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Tensor;
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
    Tensor.HookHandle pre = first.registerForwardPreHook((m, in) -> in.mul(2));
    List<int[]> seen = new ArrayList<>();
    Tensor.HookHandle post =
        model
            .get(2)
            .registerForwardHook(
                (m, in, out) -> {
                  seen.add(out.shape());
                  return out.add(1);
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
              seen[0] = gradInput;
              seen[1] = gradOutput;
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
    last.registerFullBackwardHook((m, gi, go) -> gi.mul(0));
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
}
