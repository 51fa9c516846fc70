package dev.autograd.optim;

import dev.autograd.Tensor;
import java.util.List;

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
        {
          SGD.Builder b = SGD.builder(params);
          for (int i = 1; i < words.length; i++) {
            Setting s = new Setting(words[i]);
            switch (s.key) {
              case "momentum":
                b.momentum(s.number());
                break;
              case "dampening":
                b.dampening(s.number());
                break;
              case "nesterov":
                b.nesterov(s.bool());
                break;
              default:
                common(b, s, name);
            }
          }
          return b.build();
        }
      case "Adam":
        {
          Adam.Builder b = Adam.builder(params);
          for (int i = 1; i < words.length; i++) {
            Setting s = new Setting(words[i]);
            switch (s.key) {
              case "betas":
                b.betas(s.numbers()[0], s.numbers()[1]);
                break;
              case "eps":
                b.eps(s.number());
                break;
              case "amsgrad":
                b.amsgrad(s.bool());
                break;
              default:
                common(b, s, name);
            }
          }
          return b.build();
        }
      case "AdamW":
        {
          AdamW.Builder b = AdamW.builder(params);
          for (int i = 1; i < words.length; i++) {
            Setting s = new Setting(words[i]);
            switch (s.key) {
              case "betas":
                b.betas(s.numbers()[0], s.numbers()[1]);
                break;
              case "eps":
                b.eps(s.number());
                break;
              case "amsgrad":
                b.amsgrad(s.bool());
                break;
              default:
                common(b, s, name);
            }
          }
          return b.build();
        }
      case "RMSprop":
        {
          RMSprop.Builder b = RMSprop.builder(params);
          for (int i = 1; i < words.length; i++) {
            Setting s = new Setting(words[i]);
            switch (s.key) {
              case "alpha":
                b.alpha(s.number());
                break;
              case "eps":
                b.eps(s.number());
                break;
              case "momentum":
                b.momentum(s.number());
                break;
              case "centered":
                b.centered(s.bool());
                break;
              default:
                common(b, s, name);
            }
          }
          return b.build();
        }
      case "Adagrad":
        {
          Adagrad.Builder b = Adagrad.builder(params);
          for (int i = 1; i < words.length; i++) {
            Setting s = new Setting(words[i]);
            switch (s.key) {
              case "lr_decay":
                b.lrDecay(s.number());
                break;
              case "initial_accumulator_value":
                b.initialAccumulatorValue(s.number());
                break;
              case "eps":
                b.eps(s.number());
                break;
              default:
                common(b, s, name);
            }
          }
          return b.build();
        }
      default:
        throw new IllegalArgumentException("unknown optimizer in '" + name + "'");
    }
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
