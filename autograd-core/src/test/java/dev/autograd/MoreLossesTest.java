package dev.autograd;

import static dev.autograd.testing.GoldenCall.bool;
import static dev.autograd.testing.GoldenCall.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.testing.Golden;
import dev.autograd.testing.GoldenCall;
import dev.autograd.testing.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses of issue 19 (huberLoss, klDivLoss, marginRankingLoss, cosineEmbeddingLoss,
 * tripletMarginLoss, poissonNLLLoss, gaussianNLLLoss) against PyTorch's values and gradients in
 * float64 (golden/losses19.json, made by losses19.py next to it), and PyTorch's errors.
 */
class MoreLossesTest {
  static final Map<String, Object> GOLDEN = Golden.load("/golden/losses19.json");

  static Stream<Map<String, Object>> cases() {
    return Golden.cases(GOLDEN).stream();
  }

  /** PyTorch's reduction name; "batchmean" is none of them (see {@link #call}). */
  static Reduction reduction(Map<String, Object> kwargs) {
    String name = Json.asString(kwargs.get("reduction"));
    return name.equals("batchmean") ? null : Reduction.valueOf(name.toUpperCase());
  }

  /** The library's function for a case's PyTorch function and kwargs. */
  static Tensor call(String fn, Map<String, Object> kw, Tensor[] in) {
    Reduction r = reduction(kw);
    switch (fn) {
      case "huber_loss":
        return Functional.huberLoss(in[0], in[1], r, number(kw, "delta", 1.0));
      case "kl_div":
        return r == null
            ? Functional.klDivLossBatchMean(in[0], in[1], bool(kw, "log_target", false))
            : Functional.klDivLoss(in[0], in[1], r, bool(kw, "log_target", false));
      case "margin_ranking_loss":
        return Functional.marginRankingLoss(in[0], in[1], in[2], number(kw, "margin", 0), r);
      case "cosine_embedding_loss":
        return Functional.cosineEmbeddingLoss(in[0], in[1], in[2], number(kw, "margin", 0), r);
      case "triplet_margin_loss":
        return Functional.tripletMarginLoss(
            in[0],
            in[1],
            in[2],
            number(kw, "margin", 1.0),
            number(kw, "p", 2),
            number(kw, "eps", 1e-6),
            bool(kw, "swap", false),
            r);
      case "poisson_nll_loss":
        return Functional.poissonNLLLoss(
            in[0],
            in[1],
            bool(kw, "log_input", true),
            bool(kw, "full", false),
            number(kw, "eps", 1e-8),
            r);
      case "gaussian_nll_loss":
        return Functional.gaussianNLLLoss(
            in[0], in[1], in[2], bool(kw, "full", false), number(kw, "eps", 1e-6), r);
      default:
        throw new IllegalArgumentException("no loss for " + fn);
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesPyTorch(Map<String, Object> c) {
    GoldenCall.check(c, in -> call(Json.asString(c.get("fn")), GoldenCall.kwargs(c), in));
  }

  @Test
  void everyLossOfTheGoldenFileIsCoveredInEveryReduction() {
    Map<String, java.util.Set<String>> reductions = new TreeMap<>();
    for (Map<String, Object> c : Golden.cases(GOLDEN)) {
      reductions
          .computeIfAbsent(Json.asString(c.get("fn")), k -> new java.util.TreeSet<>())
          .add(Json.asString(Json.asObject(c.get("kwargs")).get("reduction")));
    }
    assertEquals(7, reductions.size(), reductions.toString());
    reductions.forEach(
        (fn, seen) -> assertTrue(seen.containsAll(List.of("mean", "sum", "none")), fn + seen));
    assertTrue(reductions.get("kl_div").contains("batchmean"));
  }

  static Tensor ones(int... shape) {
    return Tensor.ones(shape).to(DType.FLOAT64);
  }

  /** Each error PyTorch raises in losses19.py, made the same way here. */
  static final Map<String, Supplier<Tensor>> ERRORS =
      Map.ofEntries(
          Map.entry(
              "huber delta 0", () -> Functional.huberLoss(ones(3), ones(3), Reduction.MEAN, 0.0)),
          Map.entry(
              "huber delta -1", () -> Functional.huberLoss(ones(3), ones(3), Reduction.MEAN, -1.0)),
          Map.entry(
              "margin_ranking dims",
              () -> Functional.marginRankingLoss(ones(3), ones(3, 1), ones(3), 0, Reduction.MEAN)),
          Map.entry(
              "cosine_embedding 2-d y",
              () -> Functional.cosineEmbeddingLoss(ones(3, 2), ones(3, 2), ones(3, 1))),
          Map.entry(
              "cosine_embedding 0-d y, 2-d inputs",
              () -> Functional.cosineEmbeddingLoss(ones(3, 2), ones(3, 2), ones())),
          Map.entry(
              "cosine_embedding 1-d y, 1-d inputs",
              () -> Functional.cosineEmbeddingLoss(ones(2), ones(2), ones(3))),
          Map.entry(
              "triplet dims", () -> Functional.tripletMarginLoss(ones(3, 2), ones(3, 2), ones(2))),
          Map.entry(
              "gaussian var shape",
              () -> Functional.gaussianNLLLoss(ones(3, 2), ones(3, 2), ones(2, 2))),
          Map.entry(
              "gaussian negative var",
              () -> Functional.gaussianNLLLoss(ones(3, 2), ones(3, 2), ones(3, 2).neg())),
          Map.entry("kl_div shapes", () -> Functional.klDivLoss(ones(3, 2), ones(3))),
          Map.entry("poisson shapes", () -> Functional.poissonNLLLoss(ones(3, 2), ones(3))));

  static final Map<String, String> OPS =
      Map.of(
          "huber", "huberLoss",
          "margin_ranking", "marginRankingLoss",
          "cosine_embedding", "cosineEmbeddingLoss",
          "triplet", "tripletMarginLoss",
          "gaussian", "gaussianNLLLoss",
          "kl_div", "klDivLoss",
          "poisson", "poissonNLLLoss");

  @Test
  void refusesWhatPyTorchRefusesNamingTheOp() {
    Map<String, Object> pytorch = Json.asObject(GOLDEN.get("errors"));
    assertEquals(new TreeMap<>(pytorch).keySet(), new TreeMap<>(ERRORS).keySet());
    ERRORS.forEach(
        (name, call) -> {
          TensorException e = assertThrows(TensorException.class, call::get, name);
          String op = OPS.get(name.substring(0, name.indexOf(' ')));
          assertTrue(
              e.getMessage().startsWith(op + ": "),
              name + ": " + e.getMessage() + " (PyTorch: " + pytorch.get(name) + ")");
        });
  }

  @Test
  void shapeErrorsNameEveryShape() {
    TensorException e =
        assertThrows(
            TensorException.class,
            () -> Functional.tripletMarginLoss(ones(3, 2), ones(3, 2), ones(3, 4)));
    assertEquals(
        "tripletMarginLoss: all inputs must have the same shape, got anchor [3, 2], positive [3,"
            + " 2], negative [3, 4] (they are not broadcast)",
        e.getMessage());
  }

  @Test
  void theDefaultsArePyTorchs() {
    Tensor x = Tensor.of(new double[] {0.5, -3, 1.5, 0.25}, 2, 2);
    Tensor y = Tensor.of(new double[] {0, 1, 1, 2}, 2, 2);
    Tensor z = Tensor.of(new double[] {1, 1, -1, 0.5}, 2, 2);
    Tensor v = Tensor.of(new double[] {0.5, 2}, 2);
    Tensor yDim = Tensor.of(new double[] {1, -1}, 2);
    Tensor sign = Tensor.of(new double[] {1, -1, 1, 1}, 2, 2);
    Reduction mean = Reduction.MEAN;
    assertEquals(
        Functional.huberLoss(x, y, mean, 1.0).item(), Functional.huberLoss(x, y).item(), 0);
    assertEquals(
        Functional.klDivLoss(x, y.abs(), mean, false).item(),
        Functional.klDivLoss(x, y.abs()).item(),
        0);
    assertEquals(
        Functional.marginRankingLoss(x, y, sign, 0, mean).item(),
        Functional.marginRankingLoss(x, y, sign).item(),
        0);
    assertEquals(
        Functional.cosineEmbeddingLoss(x, z, yDim, 0, mean).item(),
        Functional.cosineEmbeddingLoss(x, z, yDim).item(),
        0);
    assertEquals(
        Functional.tripletMarginLoss(x, y, z, 1.0, 2, 1e-6, false, mean).item(),
        Functional.tripletMarginLoss(x, y, z).item(),
        0);
    assertEquals(
        Functional.poissonNLLLoss(x, y, true, false, 1e-8, mean).item(),
        Functional.poissonNLLLoss(x, y).item(),
        0);
    assertEquals(
        Functional.gaussianNLLLoss(x, y, v, false, 1e-6, mean).item(),
        Functional.gaussianNLLLoss(x, y, v).item(),
        0);
  }
}
