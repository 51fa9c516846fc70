package dev.autograd.internal;

/** How a reduction combines a group of elements into one. */
public enum ReduceFn {
  SUM,
  /** The product of the group, 1 for an empty group. */
  PROD,
  MAX,
  MIN
}
