package dev.autograd.nn;

import static dev.autograd.testing.GoldenCall.bool;
import static dev.autograd.testing.GoldenCall.number;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.DType;
import dev.autograd.Functional;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.testing.Golden;
import dev.autograd.testing.GoldenCall;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Each loss module reproduces PyTorch's loss and gradients from the golden ops file. */
class LossModulesTest {

  private static final Map<String, Function<Map<String, Object>, Loss>> MODULES =
      Map.of(
          "mse_loss", attrs -> new MSELoss(reduction(attrs)),
          "l1_loss", attrs -> new L1Loss(reduction(attrs)),
          "smooth_l1_loss",
              attrs -> new SmoothL1Loss(reduction(attrs), Json.asDouble(attrs.get("beta"))),
          "binary_cross_entropy", attrs -> new BCELoss(reduction(attrs)),
          "binary_cross_entropy_with_logits", attrs -> new BCEWithLogitsLoss(reduction(attrs)),
          "cross_entropy", attrs -> new CrossEntropyLoss(reduction(attrs)),
          "nll_loss", attrs -> new NLLLoss(reduction(attrs)));

  private static Reduction reduction(Map<String, Object> attrs) {
    return Reduction.valueOf(((String) attrs.get("reduction")).toUpperCase(java.util.Locale.ROOT));
  }

  @TestFactory
  Stream<DynamicTest> everyLossModuleMatchesPyTorch() {
    List<Map<String, Object>> cases =
        Golden.cases(Golden.load("/golden/ops.json")).stream()
            .filter(c -> MODULES.containsKey((String) c.get("op")))
            .toList();
    assertEquals(16, cases.size(), "8 loss cases (mse with two reductions) in two dtypes");
    return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    DType dtype = Golden.dtype((String) c.get("dtype"));
    Map<String, Object> attrs = Json.asObject(c.get("attrs"));
    List<Object> inputs = Json.asList(c.get("inputs"));
    List<Object> grads = Json.asList(c.get("grads"));
    Tensor input = Golden.tensor(inputs.get(0), dtype).requiresGrad(true);
    String op = (String) c.get("op");
    Loss loss = MODULES.get(op).apply(attrs);
    Tensor out;
    Tensor target = null;
    if (attrs.containsKey("target")) {
      long[] labels =
          Json.asList(attrs.get("target")).stream()
              .mapToLong(v -> (long) Json.asDouble(v))
              .toArray();
      Tensor in = op.equals("nll_loss") ? input.logSoftmax(1) : input; // the case's note
      out = loss.forward(in, Tensor.of(labels));
    } else {
      target = Golden.tensor(inputs.get(1), dtype).requiresGrad(grads.get(1) != null);
      out = loss.forward(input, target);
    }
    Golden.assertClose("output", c.get("output"), out, Golden.Tolerance.forward(dtype));
    out.backward(Golden.tensor(c.get("upstream"), dtype));
    Golden.assertClose("grad 0", grads.get(0), input.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
    if (target != null && grads.get(1) != null) {
      Golden.assertClose("grad 1", grads.get(1), target.grad(), Golden.Tolerance.FLOAT32_OR_GRAD);
    }
  }

  /** The module for a case of losses19.json, with the case's PyTorch kwargs. */
  private static Object module(String fn, Map<String, Object> kw) {
    String name = Json.asString(kw.get("reduction"));
    Reduction r =
        name.equals("batchmean")
            ? null
            : Reduction.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    switch (fn) {
      case "huber_loss":
        return new HuberLoss(r, number(kw, "delta", 1.0));
      case "kl_div":
        boolean logTarget = bool(kw, "log_target", false);
        return r == null ? KLDivLoss.batchMean(logTarget) : new KLDivLoss(r, logTarget);
      case "margin_ranking_loss":
        return new MarginRankingLoss(number(kw, "margin", 0), r);
      case "cosine_embedding_loss":
        return new CosineEmbeddingLoss(number(kw, "margin", 0), r);
      case "triplet_margin_loss":
        return new TripletMarginLoss(
            number(kw, "margin", 1.0),
            number(kw, "p", 2),
            number(kw, "eps", 1e-6),
            bool(kw, "swap", false),
            r);
      case "poisson_nll_loss":
        return new PoissonNLLLoss(
            bool(kw, "log_input", true), bool(kw, "full", false), number(kw, "eps", 1e-8), r);
      case "gaussian_nll_loss":
        return new GaussianNLLLoss(bool(kw, "full", false), number(kw, "eps", 1e-6), r);
      default:
        throw new IllegalArgumentException("no module for " + fn);
    }
  }

  @TestFactory
  Stream<DynamicTest> theLossModulesOfIssue19MatchPyTorch() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/losses19.json"));
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("fn") + " " + c.get("kwargs"), () -> checkIssue19Module(c)));
  }

  private static void checkIssue19Module(Map<String, Object> c) {
    Object loss = module(Json.asString(c.get("fn")), GoldenCall.kwargs(c));
    GoldenCall.check(
        c,
        in ->
            loss instanceof Loss
                ? ((Loss) loss).forward(in[0], in[1])
                : ((ThreeInputLoss) loss).forward(in[0], in[1], in[2]));
  }

  @Test
  void theLossModulesOfIssue19PrintTheirSettings() {
    assertEquals("HuberLoss(delta=1.0)", new HuberLoss().toString());
    assertEquals("KLDivLoss(logTarget=false)", new KLDivLoss().toString());
    assertEquals(
        "KLDivLoss(reduction=batchmean, logTarget=true)", KLDivLoss.batchMean(true).toString());
    assertEquals("MarginRankingLoss(margin=0.0)", new MarginRankingLoss().toString());
    assertEquals("CosineEmbeddingLoss(margin=0.0)", new CosineEmbeddingLoss().toString());
    assertEquals(
        "TripletMarginLoss(margin=1.0, p=2.0, eps=1.0E-6, swap=false)",
        new TripletMarginLoss().toString());
    assertEquals(
        "PoissonNLLLoss(logInput=true, full=false, eps=1.0E-8)", new PoissonNLLLoss().toString());
    assertEquals("GaussianNLLLoss(full=false, eps=1.0E-6)", new GaussianNLLLoss().toString());
  }

  @Test
  void theLossModulesOfIssue19HavePyTorchsDefaults() {
    Tensor x = Tensor.of(new double[] {0.5, -3, 1.5, 0.25}, 2, 2);
    Tensor y = Tensor.of(new double[] {0, 1, 1, 2}, 2, 2);
    Tensor z = Tensor.of(new double[] {1, 1, -1, 0.5}, 2, 2);
    Tensor sign = Tensor.of(new double[] {1, -1, 1, 1}, 2, 2);
    Reduction mean = Reduction.MEAN;
    assertEquals(
        Functional.huberLoss(x, y, mean, 1.0).item(), new HuberLoss().forward(x, y).item(), 0);
    assertEquals(
        Functional.klDivLoss(x, y, mean, false).item(), new KLDivLoss().forward(x, y).item(), 0);
    assertEquals(
        Functional.marginRankingLoss(x, y, sign, 0, mean).item(),
        new MarginRankingLoss().forward(x, y, sign).item(),
        0);
    Tensor pairs = Tensor.of(new double[] {1, -1}, 2);
    assertEquals(
        Functional.cosineEmbeddingLoss(x, z, pairs, 0, mean).item(),
        new CosineEmbeddingLoss().forward(x, z, pairs).item(),
        0);
    assertEquals(
        Functional.tripletMarginLoss(x, y, z, 1.0, 2, 1e-6, false, mean).item(),
        new TripletMarginLoss().forward(x, y, z).item(),
        0);
    assertEquals(
        Functional.poissonNLLLoss(x, y, true, false, 1e-8, mean).item(),
        new PoissonNLLLoss().forward(x, y).item(),
        0);
    Tensor var = Tensor.of(new double[] {0.5, 2}, 2);
    assertEquals(
        Functional.gaussianNLLLoss(x, y, var, false, 1e-6, mean).item(),
        new GaussianNLLLoss().forward(x, y, var).item(),
        0);
  }

  @Test
  void huberLossRefusesANonPositiveDeltaAsPyTorch() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new HuberLoss(Reduction.MEAN, 0));
    assertEquals("HuberLoss: delta must be positive, got 0.0", e.getMessage());
  }

  @Test
  void lossModulesPrintLikePyTorch() {
    assertEquals("MSELoss()", new MSELoss().toString());
    assertEquals("SmoothL1Loss(beta=1.0)", new SmoothL1Loss().toString());
  }

  @Test
  void classificationLossesLeaveOutTheIgnoreIndexMinus100ByDefaultOrTheOneGiven() {
    Tensor logits = Tensor.of(new double[] {2, 0, 0, 0, 3, 0, 1, 1, 4}, 3, 3);
    Tensor kept = logits.narrow(0, 0, 2);
    double expected = new CrossEntropyLoss().forward(kept, Tensor.of(new long[] {0, 1}, 2)).item();
    Tensor padded = Tensor.of(new long[] {0, 1, -100}, 3);
    assertEquals(-100, new CrossEntropyLoss().ignoreIndex());
    assertEquals(expected, new CrossEntropyLoss().forward(logits, padded).item(), 1e-15);
    Tensor classTwoIgnored = Tensor.of(new long[] {0, 1, 2}, 3);
    CrossEntropyLoss ignoringTwo = new CrossEntropyLoss(Reduction.MEAN, 2);
    assertEquals(2, ignoringTwo.ignoreIndex());
    assertEquals(expected, ignoringTwo.forward(logits, classTwoIgnored).item(), 1e-15);
    NLLLoss nll = new NLLLoss(Reduction.SUM, 2);
    assertEquals(2 * expected, nll.forward(logits.logSoftmax(1), classTwoIgnored).item(), 1e-14);
    assertEquals(
        2 * expected,
        new NLLLoss(Reduction.SUM).forward(logits.logSoftmax(1), padded).item(),
        1e-14);
  }

  @Test
  void ctcLossTakesPyTorchsFourInputsAndGivesTheFunctionalLoss() {
    CTCLoss ctc = new CTCLoss(0, dev.autograd.Reduction.SUM, false);
    Tensor logProbs = Tensor.randn(new dev.autograd.Generator(3), 6, 2, 4).logSoftmax(2);
    Tensor targets = Tensor.of(new long[][] {{1, 2, 3}, {3, 3, 0}});
    Tensor direct = ctc.forward(logProbs, targets, new long[] {6, 5}, new long[] {3, 2});
    Tensor called =
        ctc.call(
                java.util.List.of(
                    logProbs, targets, Tensor.of(new long[] {6, 5}), Tensor.of(new long[] {3, 2})))
            .get(0);
    Tensor functional =
        dev.autograd.Functional.ctcLoss(
            logProbs,
            targets,
            new long[] {6, 5},
            new long[] {3, 2},
            0,
            dev.autograd.Reduction.SUM,
            false);
    org.junit.jupiter.api.Assertions.assertEquals(functional.item(), direct.item(), 0);
    org.junit.jupiter.api.Assertions.assertEquals(functional.item(), called.item(), 0);
    org.junit.jupiter.api.Assertions.assertEquals("CTCLoss()", ctc.toString());
  }
}
