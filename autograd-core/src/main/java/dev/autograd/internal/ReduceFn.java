package dev.autograd.internal;

/** How a reduction combines a group of elements into one. */
public enum ReduceFn {
  SUM,
  MAX,
  MIN
}
