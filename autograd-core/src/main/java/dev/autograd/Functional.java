package dev.autograd;

import dev.autograd.internal.Shapes;
import java.util.Arrays;

/**
 * The functional forms the {@code nn} layers and losses are built on, as {@code
 * torch.nn.functional}. Each is composed of {@link Tensor} ops, so its derivative follows from
 * theirs. Every loss takes a {@link Reduction}; the overloads without one use {@link
 * Reduction#MEAN}, PyTorch's default.
 *
 * <pre>{@code
 * Tensor loss = Functional.mseLoss(model.forward(x), y); // mean((input - target)^2)
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  /**
   * {@code out = x @ weight^T + bias}, with x of shape [..., in], weight [out, in] and bias [out]
   * (or null for none).
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (weight.dim() != 2) {
      throw new TensorException(
          "linear: weight must be 2-D [out, in], got shape " + Shapes.format(weight.shape()));
    }
    if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
      throw new TensorException(
          "linear: input of shape "
              + Shapes.format(x.shape())
              + " has "
              + (x.dim() == 0 ? 0 : x.size(-1))
              + " features but weight of shape "
              + Shapes.format(weight.shape())
              + " expects "
              + weight.size(1));
    }
    Tensor out = x.matmul(weight.t());
    return bias == null ? out : out.add(bias).named(x.dim() == 2 ? "AddmmBackward" : "AddBackward");
  }

  /** Mean squared error, {@code mean((input - target)^2)}. */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, Reduction.MEAN);
  }

  /**
   * Squared error {@code (input - target)^2}, reduced. Derivative for input: {@code 2 (input -
   * target) grad}, divided by numel for MEAN.
   *
   * @throws TensorException if the shapes differ (PyTorch would broadcast them with a warning, the
   *     classic silent bug of a [N] target against a [N, 1] prediction)
   */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    requireSameShape("mseLoss", input, target);
    return reduction.apply(input.sub(target).square()).named("MseLossBackward");
  }

  /** Mean absolute error, {@code mean(|input - target|)}. */
  public static Tensor l1Loss(Tensor input, Tensor target) {
    return l1Loss(input, target, Reduction.MEAN);
  }

  /** Absolute error {@code |input - target|}, reduced. */
  public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
    requireSameShape("l1Loss", input, target);
    return reduction.apply(input.sub(target).abs());
  }

  /** Smooth L1 (Huber-like) loss with beta = 1, mean-reduced. */
  public static Tensor smoothL1Loss(Tensor input, Tensor target) {
    return smoothL1Loss(input, target, Reduction.MEAN, 1.0);
  }

  /**
   * Smooth L1 loss: with {@code d = |input - target|}, {@code 0.5 d^2 / beta} where {@code d <
   * beta}, else {@code d - 0.5 beta}; beta = 0 is the L1 loss.
   */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    requireSameShape("smoothL1Loss", input, target);
    if (beta < 0) throw new TensorException("smoothL1Loss: beta must be non-negative, got " + beta);
    Tensor d = input.sub(target).abs();
    if (beta == 0) return reduction.apply(d);
    Tensor quadratic = d.square().mul(0.5 / beta);
    Tensor linear = d.sub(0.5 * beta);
    return reduction
        .apply(Tensor.where(d.lt(beta), quadratic, linear))
        .named("SmoothL1LossBackward");
  }

  /** Binary cross entropy of probabilities, mean-reduced. */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    return binaryCrossEntropy(input, target, Reduction.MEAN);
  }

  /**
   * Binary cross entropy {@code -(target log(input) + (1 - target) log(1 - input))}, each log
   * clamped at -100 as in PyTorch so that a probability of exactly 0 or 1 gives a finite loss.
   *
   * @throws TensorException if an input lies outside [0, 1]
   */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) {
    requireSameShape("binaryCrossEntropy", input, target);
    for (double v : input.toDoubleArray()) {
      if (!(v >= 0 && v <= 1)) {
        throw new TensorException(
            "binaryCrossEntropy: all elements of input should be between 0 and 1, found "
                + v
                + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)");
      }
    }
    Tensor logP = input.log().clampMin(-100);
    Tensor logNotP = input.neg().add(1).log().clampMin(-100);
    Tensor losses = target.mul(logP).add(target.neg().add(1).mul(logNotP)).neg();
    return reduction.apply(losses).named("BinaryCrossEntropyBackward");
  }

  /** Binary cross entropy of logits, mean-reduced. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return binaryCrossEntropyWithLogits(input, target, Reduction.MEAN);
  }

  /**
   * Binary cross entropy of {@code sigmoid(input)}, computed stably as {@code (1 - target) input +
   * softplus(-input)}. Derivative for input: {@code grad (sigmoid(input) - target)}.
   */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor input, Tensor target, Reduction reduction) {
    requireSameShape("binaryCrossEntropyWithLogits", input, target);
    Tensor losses = target.neg().add(1).mul(input).add(input.neg().softplus());
    return reduction.apply(losses).named("BinaryCrossEntropyWithLogitsBackward");
  }

  /** Cross entropy of logits against class indices, mean-reduced. */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    return crossEntropy(logits, target, Reduction.MEAN);
  }

  /**
   * Cross entropy {@code -log softmax(logits)[target]} of logits [N, C] (or [C]) against INT64
   * class indices [N] (or 0-d). Derivative for logits: {@code grad (softmax(logits) -
   * onehot(target))}.
   */
  public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
    if (logits.dim() != 1 && logits.dim() != 2) {
      throw new TensorException(
          "crossEntropy: expects logits of shape [N, C] or [C], got "
              + Shapes.format(logits.shape()));
    }
    return nllLoss("crossEntropy", logits.logSoftmax(-1), target, reduction);
  }

  /** Negative log likelihood of log-probabilities against class indices, mean-reduced. */
  public static Tensor nllLoss(Tensor logProbs, Tensor target) {
    return nllLoss(logProbs, target, Reduction.MEAN);
  }

  /**
   * Negative log likelihood {@code -logProbs[i, target[i]]} of log-probabilities [N, C] (or [C])
   * against INT64 class indices [N] (or 0-d).
   *
   * @throws TensorException if the target is not INT64, its shape does not match, or a class index
   *     is out of range
   */
  public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
    return nllLoss("nllLoss", logProbs, target, reduction);
  }

  /** nllLoss, with errors reported as coming from {@code op} (the loss the user called). */
  private static Tensor nllLoss(String op, Tensor logProbs, Tensor target, Reduction reduction) {
    if (target.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": target must be an INT64 tensor of class indices, got "
              + target.dtype().pytorchName());
    }
    boolean single = logProbs.dim() == 1;
    Tensor input = single ? logProbs.unsqueeze(0) : logProbs;
    Tensor labels = single && target.numel() == 1 ? target.reshape(1) : target;
    if (input.dim() != 2 || labels.dim() != 1 || labels.size(0) != input.size(0)) {
      throw new TensorException(
          op
              + ": expects input [N, C] with target [N] (or [C] with a 0-d target), got input "
              + Shapes.format(logProbs.shape())
              + " and target "
              + Shapes.format(target.shape()));
    }
    int classes = input.size(1);
    for (double t : labels.toDoubleArray()) {
      if (t < 0 || t >= classes) {
        throw new TensorException(
            op
                + ": target "
                + (long) t
                + " is out of bounds for "
                + classes
                + " classes (input shape "
                + Shapes.format(logProbs.shape())
                + ")");
      }
    }
    Tensor oneHot = Tensor.arange(classes).reshape(1, classes).eq(labels.reshape(-1, 1));
    Tensor picked = input.mul(oneHot).sum(1, false).neg();
    if (single) picked = picked.reshape();
    return reduction.apply(picked).named("NllLossBackward");
  }

  private static void requireSameShape(String op, Tensor input, Tensor target) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new TensorException(
          op
              + ": target shape "
              + Shapes.format(target.shape())
              + " differs from input shape "
              + Shapes.format(input.shape())
              + "; reshape one of them so they match");
    }
  }
}
