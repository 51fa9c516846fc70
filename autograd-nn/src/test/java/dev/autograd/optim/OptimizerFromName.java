package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds an optimizer from a PyTorch-style description such as {@code "SGD lr=0.1 momentum=0.9
 * nesterov=true weight_decay=0.01"} or {@code "Adam lr=0.05 betas=0.8,0.99 eps=1e-6"}, using the
 * builders' typed setters. Unknown optimizers and settings fail.
 */
final class OptimizerFromName {
  private OptimizerFromName() {}

  static Optimizer build(String name, List<Tensor> params) {
    String[] words = name.split(" ");
    switch (words[0]) {
      case "SGD":
        return configure(
                SGD.builder(params),
                words,
                Map.of(
                    "momentum", (b, s) -> b.momentum(s.number()),
                    "dampening", (b, s) -> b.dampening(s.number()),
                    "nesterov", (b, s) -> b.nesterov(s.bool())))
            .build();
      case "Adam":
        return configure(
                Adam.builder(params),
                words,
                Map.of(
                    "betas", (b, s) -> b.betas(s.numbers()[0], s.numbers()[1]),
                    "eps", (b, s) -> b.eps(s.number()),
                    "amsgrad", (b, s) -> b.amsgrad(s.bool())))
            .build();
      case "AdamW":
        return configure(
                AdamW.builder(params),
                words,
                Map.of(
                    "betas", (b, s) -> b.betas(s.numbers()[0], s.numbers()[1]),
                    "eps", (b, s) -> b.eps(s.number()),
                    "amsgrad", (b, s) -> b.amsgrad(s.bool())))
            .build();
      case "RMSprop":
        return configure(
                RMSprop.builder(params),
                words,
                Map.of(
                    "alpha", (b, s) -> b.alpha(s.number()),
                    "eps", (b, s) -> b.eps(s.number()),
                    "momentum", (b, s) -> b.momentum(s.number()),
                    "centered", (b, s) -> b.centered(s.bool())))
            .build();
      case "Adagrad":
        return configure(
                Adagrad.builder(params),
                words,
                Map.of(
                    "lr_decay", (b, s) -> b.lrDecay(s.number()),
                    "initial_accumulator_value", (b, s) -> b.initialAccumulatorValue(s.number()),
                    "eps", (b, s) -> b.eps(s.number())))
            .build();
      case "Adamax":
        return configure(
                Adamax.builder(params),
                words,
                Map.of(
                    "betas", (b, s) -> b.betas(s.numbers()[0], s.numbers()[1]),
                    "eps", (b, s) -> b.eps(s.number())))
            .build();
      case "NAdam":
        return configure(
                NAdam.builder(params),
                words,
                Map.of(
                    "betas", (b, s) -> b.betas(s.numbers()[0], s.numbers()[1]),
                    "eps", (b, s) -> b.eps(s.number()),
                    "momentum_decay", (b, s) -> b.momentumDecay(s.number())))
            .build();
      case "RAdam":
        return configure(
                RAdam.builder(params),
                words,
                Map.of(
                    "betas", (b, s) -> b.betas(s.numbers()[0], s.numbers()[1]),
                    "eps", (b, s) -> b.eps(s.number())))
            .build();
      case "Adadelta":
        return configure(
                Adadelta.builder(params),
                words,
                Map.of("rho", (b, s) -> b.rho(s.number()), "eps", (b, s) -> b.eps(s.number())))
            .build();
      case "Rprop":
        return configure(
                Rprop.builder(params),
                words,
                Map.of(
                    "etas", (b, s) -> b.etas(s.numbers()[0], s.numbers()[1]),
                    "step_sizes", (b, s) -> b.stepSizes(s.numbers()[0], s.numbers()[1])))
            .build();
      case "LBFGS":
        return configure(
                LBFGS.builder(params),
                words,
                Map.of(
                    "max_iter", (b, s) -> b.maxIter((int) s.number()),
                    "max_eval", (b, s) -> b.maxEval((int) s.number()),
                    "tolerance_grad", (b, s) -> b.toleranceGrad(s.number()),
                    "tolerance_change", (b, s) -> b.toleranceChange(s.number()),
                    "history_size", (b, s) -> b.historySize((int) s.number()),
                    "line_search_fn", (b, s) -> b.lineSearchFn(s.value)))
            .build();
      default:
        throw new IllegalArgumentException("unknown optimizer in '" + words[0] + "'");
    }
  }

  /**
   * Applies each {@code key=value} word after the optimizer's name: through {@code specific} when
   * the key is the optimizer's own, else as a setting every optimizer has.
   */
  private static <B extends Optimizer.Builder<B, ?>> B configure(
      B builder, String[] words, Map<String, BiConsumer<B, Setting>> specific) {
    String name = String.join(" ", words);
    for (int i = 1; i < words.length; i++) {
      Setting s = new Setting(words[i]);
      BiConsumer<B, Setting> setter = specific.get(s.key);
      if (setter != null) {
        setter.accept(builder, s);
      } else {
        common(builder, s, name);
      }
    }
    return builder;
  }

  private static void common(Optimizer.Builder<?, ?> b, Setting s, String name) {
    switch (s.key) {
      case "lr":
        b.lr(s.number());
        break;
      case "weight_decay":
        b.weightDecay(s.number());
        break;
      case "maximize":
        b.maximize(s.bool());
        break;
      default:
        throw new IllegalArgumentException("unknown setting '" + s.key + "' in '" + name + "'");
    }
  }

  /** One {@code key=value} word. */
  private static final class Setting {
    final String key;
    final String value;

    Setting(String word) {
      int eq = word.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got '" + word + "'");
      key = word.substring(0, eq);
      value = word.substring(eq + 1);
    }

    double number() {
      return Double.parseDouble(value);
    }

    double[] numbers() {
      String[] parts = value.split(",");
      double[] out = new double[parts.length];
      for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i]);
      return out;
    }

    boolean bool() {
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(key + " must be true or false, got " + value);
      }
      return Boolean.parseBoolean(value);
    }
  }
}
