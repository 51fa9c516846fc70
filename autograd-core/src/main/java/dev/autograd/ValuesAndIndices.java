package dev.autograd;

/**
 * The result of {@link Tensor#max(int, boolean)} and {@link Tensor#min(int, boolean)}: the extreme
 * values, differentiable, and their INT64 positions along the reduced dim.
 *
 * @param values the largest (or smallest) values
 * @param indices where each was found (the first position at a tie)
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {}
