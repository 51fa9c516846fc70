package dev.autograd.nn;

import dev.autograd.Functional;
import dev.autograd.Tensor;
import dev.autograd.internal.Arguments;

/**
 * Group normalisation, as PyTorch's {@code GroupNorm}: the channels split into groups, each
 * sample's group normalised over its channels and spatial dims, then scaled and shifted per channel
 * ({@code weight} ones, {@code bias} zeros); the same in training and eval mode.
 *
 * <pre>{@code
 * GroupNorm norm = new GroupNorm(4, 32);
 * norm.forward(Tensor.randn(2, 32, 8, 8)).shape(); // [2, 32, 8, 8]
 * }</pre>
 */
public final class GroupNorm extends Module {
  private final int numGroups;
  private final int numChannels;
  private final double eps;
  private final boolean affine;

  /**
   * PyTorch's defaults: eps 1e-5, a learnt weight and bias.
   *
   * @param numGroups the number of groups, dividing numChannels
   * @param numChannels the channels C
   * @throws IllegalArgumentException if numGroups does not divide numChannels
   */
  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5, true);
  }

  /**
   * Every setting of PyTorch's {@code GroupNorm}.
   *
   * @param numGroups the number of groups, dividing numChannels
   * @param numChannels the channels C
   * @param eps added to the variance
   * @param affine learn a weight and a bias per channel
   * @throws IllegalArgumentException if numGroups does not divide numChannels or eps is not
   *     positive
   */
  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm: num_channels must be divisible by num_groups, got "
              + numChannels
              + " and "
              + numGroups);
    }
    if (!(eps > 0))
      throw new IllegalArgumentException("GroupNorm: eps must be positive, got " + eps);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.affine = affine;
    if (affine) {
      registerParameter("weight", Tensor.ones(numChannels));
      registerParameter("bias", Tensor.zeros(numChannels));
    }
  }

  /**
   * Normalises each group of each sample.
   *
   * @param input [N, C, ...]
   * @return the normalised input
   * @throws dev.autograd.TensorException if the input's channels do not fit
   */
  @Override
  public Tensor forward(Tensor input) {
    Arguments.requireNonNull("GroupNorm.forward", "input", input);
    return Functional.groupNorm(
        input,
        numGroups,
        affine ? parameter("weight") : null,
        affine ? parameter("bias") : null,
        eps);
  }

  @Override
  protected String extraRepr() {
    return numGroups
        + ", "
        + numChannels
        + ", eps="
        + PyRepr.of(eps)
        + ", affine="
        + PyRepr.bool(affine);
  }
}
