package dev.autograd.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** The iterator of a sampler's epoch drawn in advance. */
final class Indices {
  private Indices() {}

  /** The indices of {@code order} one by one; past the end, an error naming {@code sampler}. */
  static Iterator<Integer> of(int[] order, String sampler) {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public Integer next() {
        if (next >= order.length) {
          throw new NoSuchElementException(sampler + ": the epoch is over");
        }
        return order[next++];
      }
    };
  }
}
