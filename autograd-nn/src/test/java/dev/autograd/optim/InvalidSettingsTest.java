package dev.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** Each invalid setting is refused when the optimizer is built, with PyTorch's message. */
class InvalidSettingsTest {

  private static List<Tensor> params() {
    return List.of(Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true));
  }

  /** An invalid setting, the message it must be refused with, and the code that builds it. */
  private record Case(String setting, String message, Executable build) {}

  @TestFactory
  Stream<DynamicTest> invalidSettingsAreRefusedWithAMessageNamingThem() {
    List<Case> cases =
        List.of(
            new Case("SGD lr -0.1", "Invalid learning rate: -0.1", () -> new SGD(params(), -0.1)),
            new Case(
                "Adam lr NaN", "Invalid learning rate: NaN", () -> new Adam(params(), Double.NaN)),
            new Case(
                "SGD momentum -0.5",
                "Invalid momentum value: -0.5",
                () -> new SGD(params(), 0.1, -0.5, 0, 0, false)),
            new Case(
                "SGD weightDecay -1",
                "Invalid weightDecay value: -1.0",
                () -> new SGD(params(), 0.1, 0, 0, -1, false)),
            new Case(
                "SGD nesterov without momentum",
                "Nesterov momentum requires a momentum and zero dampening",
                () -> SGD.builder(params()).lr(0.1).nesterov(true).build()),
            new Case(
                "SGD nesterov with dampening",
                "Nesterov momentum requires a momentum and zero dampening",
                () -> new SGD(params(), 0.1, 0.9, 0.1, 0, true)),
            new Case(
                "SGD without lr",
                "parameter group didn't specify a value of required optimization parameter lr",
                () -> SGD.builder(params()).momentum(0.9).build()),
            new Case(
                "empty parameter list",
                "optimizer got an empty parameter list",
                () -> new SGD(List.of(), 0.1)),
            new Case(
                "no parameter groups",
                "optimizer got an empty parameter list",
                () -> Adam.builder().build()),
            new Case(
                "int64 parameter",
                "optimizer can only optimize Tensors of floating point dtype, but one of the"
                    + " params is int64",
                () -> new SGD(List.of(Tensor.arange(3)), 0.1)),
            new Case(
                "non-leaf parameter",
                "can't optimize a non-leaf Tensor",
                () -> new SGD(List.of(params().get(0).mul(2)), 0.1)),
            new Case(
                "parameter in two groups",
                "some parameters appear in more than one parameter group",
                () -> {
                  List<Tensor> p = params();
                  SGD.builder(new ParamGroup(p), new ParamGroup(p)).lr(0.1).build();
                }),
            new Case(
                "parameter twice in a group",
                "optimizer contains a parameter group with duplicate parameters",
                () -> {
                  Tensor p = params().get(0);
                  new SGD(List.of(p, p), 0.1);
                }),
            new Case(
                "Adam beta1 1.0",
                "Invalid beta parameter at index 0: 1.0",
                () -> Adam.builder(params()).betas(1.0, 0.999).build()),
            new Case(
                "Adam beta2 -0.1",
                "Invalid beta parameter at index 1: -0.1",
                () -> new Adam(params(), 1e-3, 0.9, -0.1, 1e-8, 0, false)),
            new Case(
                "AdamW beta2 1.5",
                "Invalid beta parameter at index 1: 1.5",
                () -> AdamW.builder(params()).betas(0.9, 1.5).build()),
            new Case(
                "Adam eps -1e-8",
                "Invalid epsilon value: -1.0E-8",
                () -> Adam.builder(params()).eps(-1e-8).build()),
            new Case(
                "AdamW weightDecay -0.01",
                "Invalid weightDecay value: -0.01",
                () -> new AdamW(params(), 1e-3, 0.9, 0.999, 1e-8, -0.01, false)),
            new Case("AdamW lr -1", "Invalid learning rate: -1.0", () -> new AdamW(params(), -1)),
            new Case(
                "RMSprop alpha -0.9",
                "Invalid alpha value: -0.9",
                () -> RMSprop.builder(params()).alpha(-0.9).build()),
            new Case(
                "RMSprop momentum -0.5",
                "Invalid momentum value: -0.5",
                () -> RMSprop.builder(params()).momentum(-0.5).build()),
            new Case(
                "RMSprop eps -1",
                "Invalid epsilon value: -1.0",
                () -> RMSprop.builder(params()).eps(-1).build()),
            new Case(
                "RMSprop weightDecay -2",
                "Invalid weightDecay value: -2.0",
                () -> new RMSprop(params(), 0.01, 0.99, 1e-8, -2, 0, false)),
            new Case(
                "Adagrad lrDecay -0.1",
                "Invalid lrDecay value: -0.1",
                () -> Adagrad.builder(params()).lrDecay(-0.1).build()),
            new Case(
                "Adagrad initialAccumulatorValue -1",
                "Invalid initialAccumulatorValue value: -1.0",
                () -> Adagrad.builder(params()).initialAccumulatorValue(-1).build()),
            new Case(
                "Adagrad eps -1e-10",
                "Invalid epsilon value: -1.0E-10",
                () -> new Adagrad(params(), 0.1, 0, 0, 0, -1e-10)),
            new Case(
                "a group's own lr -0.5",
                "Invalid learning rate: -0.5",
                () -> SGD.builder(new ParamGroup(params()).setLr(-0.5)).lr(0.1).build()),
            new Case(
                "a group option spelled as in Python",
                "unknown option 'weight_decay' for Adam; its options are [lr, betas, eps,"
                    + " weightDecay, amsgrad, maximize]",
                () -> Adam.builder(new ParamGroup(params()).set("weight_decay", 0.1)).build()),
            new Case(
                "a group option of the wrong type",
                "option 'nesterov' must be a boolean, got 1.0",
                () -> SGD.builder(new ParamGroup(params()).set("nesterov", 1)).lr(0.1).build()));
    return cases.stream()
        .map(
            c ->
                dynamicTest(
                    c.setting(),
                    () -> {
                      IllegalArgumentException e =
                          assertThrows(IllegalArgumentException.class, c.build());
                      assertEquals(c.message(), e.getMessage());
                    }));
  }
}
