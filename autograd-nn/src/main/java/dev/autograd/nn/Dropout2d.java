package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;

/**
 * Channel dropout, as PyTorch's {@code Dropout2d}: in training mode each channel of each sample
 * (each [H, W] plane of [N, C, H, W], or of [C, H, W]) is zeroed with probability p as a whole, and
 * the others are scaled by 1 / (1 - p); in eval mode the input passes unchanged. Neighbouring
 * pixels are strongly correlated, so dropping single pixels regularises little; dropping whole
 * feature maps does.
 *
 * <pre>{@code
 * Dropout2d drop = new Dropout2d(0.2);
 * drop.forward(Tensor.ones(4, 8, 5, 5)); // each of the 32 planes all 0 or all 1.25
 * }</pre>
 */
public final class Dropout2d extends Module {
  private final double p;
  private final Generator generator;

  /** PyTorch's default, p = 0.5, from the global generator. */
  public Dropout2d() {
    this(0.5);
  }

  /**
   * Channel dropout with probability p, from the global generator.
   *
   * @param p the probability of zeroing a channel, in [0, 1]
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public Dropout2d(double p) {
    this(p, Generator.global());
  }

  /**
   * Channel dropout with probability p, drawing from {@code generator}.
   *
   * @param p the probability of zeroing a channel, in [0, 1]
   * @param generator the source of the masks
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public Dropout2d(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Dropout2d: dropout probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
    this.generator = Arguments.requireNonNull("Dropout2d", "generator", generator);
  }

  /**
   * Zeroes whole channels in training mode.
   *
   * @param input [N, C, H, W] or [C, H, W]
   * @return the input with dropped channels, scaled; the input itself in eval mode
   * @throws TensorException if the input is not 3-D or 4-D
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("Dropout2d.forward", "input", input);
    if (input.dim() != 3 && input.dim() != 4) {
      throw new TensorException(
          "Dropout2d.forward: expected a 3-D or 4-D input ([C, H, W] or [N, C, H, W]), got shape "
              + Shapes.format(input.shape()));
    }
    if (!isTraining() || p == 0) return input;
    if (p == 1) return input.mul(0);
    int[] maskShape = input.shape();
    for (int d = input.dim() - 2; d < input.dim(); d++) maskShape[d] = 1;
    Tensor keep = Tensor.rand(generator, maskShape).ge(p);
    return input.mul(keep).div(1 - p);
  }

  @Override
  protected String extraRepr() {
    return "p=" + PyRepr.of(p) + ", inplace=False";
  }
}
