package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A composite op's result names the op the user called, as PyTorch 1.13 prints it (without the
 * trailing digit), not the last primitive it was built from.
 */
class GradFnNamesTest {

  static List<Arguments> ops() {
    return List.of(
        op("MeanBackward", x -> x.mean()),
        op("VarBackward", x -> x.var(true)),
        op("SoftmaxBackward", x -> x.softmax(1)),
        op("LogSoftmaxBackward", x -> x.logSoftmax(1)),
        op("LogsumexpBackward", x -> x.logsumexp(1, false)),
        op("TransposeBackward", x -> x.transpose(0, 1)),
        op("TBackward", x -> x.t()),
        op("UnsqueezeBackward", x -> x.unsqueeze(0)),
        op("SqueezeBackward", x -> x.unsqueeze(0).squeeze(0)),
        op("SelectBackward", x -> x.select(0, 1)),
        op("SliceBackward", x -> x.narrow(1, 0, 2)),
        op("ReshapeAliasBackward", x -> x.reshape(6)),
        op("UnsafeViewBackward", x -> x.t().reshape(6)),
        op("ViewBackward", x -> x.view(3, 2)),
        op("MmBackward", x -> x.matmul(Tensor.ones(3, 2))),
        op("MvBackward", x -> x.matmul(Tensor.ones(3))),
        op("DotBackward", x -> x.select(0, 0).matmul(Tensor.ones(3))),
        op("StackBackward", x -> Tensor.stack(List.of(x, x), 0)),
        op("GeluBackward", x -> x.gelu()),
        op("SiluBackward", x -> x.silu()),
        op("EluBackward", x -> x.elu(1.0)),
        op("AddmmBackward", x -> Functional.linear(x, Tensor.ones(4, 3), Tensor.ones(4))),
        op("MseLossBackward", x -> Functional.mseLoss(x, Tensor.zeros(2, 3))),
        op("HuberLossBackward", x -> Functional.huberLoss(x, Tensor.zeros(2, 3))),
        op("NllLossBackward", x -> Functional.crossEntropy(x, Tensor.of(new long[] {0, 2}))),
        op(
            "BinaryCrossEntropyWithLogitsBackward",
            x -> Functional.binaryCrossEntropyWithLogits(x, Tensor.zeros(2, 3))));
  }

  private static Arguments op(String name, Function<Tensor, Tensor> f) {
    return Arguments.of(name, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void compositeResultIsNamedAfterTheCalledOp(String expected, Function<Tensor, Tensor> f) {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    assertEquals(expected, f.apply(x).gradFn().name());
  }

  @ParameterizedTest(name = "{0} without grad")
  @MethodSource("ops")
  void compositeOfConstantsHasNoGradFn(String expected, Function<Tensor, Tensor> f) {
    assertNull(f.apply(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)).gradFn());
  }
}
