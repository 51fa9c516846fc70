/** Tensors with reverse-mode automatic differentiation. */
package dev.autograd;
