/**
 * Neural-network building blocks in the manner of {@code torch.nn}: {@link dev.autograd.nn.Module}
 * and its layers, activations and losses.
 */
package dev.autograd.nn;
