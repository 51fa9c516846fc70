package dev.autograd.internal;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage: element {@code (i0, i1, ...)} is at {@code offset +
 * i0 * strides[0] + i1 * strides[1] + ...}. A stride of 0 repeats an element (broadcasting).
 *
 * <p>The kernels read and write tensors only through this view, so that they never depend on the
 * tensor class. The shape and strides arrays are shared, never modified. The number of elements and
 * the layout class (contiguous, or one element repeated) are worked out once, here, so that a
 * kernel can pick its fast path with a field read.
 */
public final class StridedView {
  private final Storage storage;
  private final int[] shape;
  private final int[] strides;
  private final int offset;
  private final int numel;
  private final boolean contiguous;
  private final boolean repeated;

  public StridedView(Storage storage, int[] shape, int[] strides, int offset) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.numel = Shapes.numel(shape);
    this.contiguous = Shapes.isContiguous(shape, strides);
    boolean allZero = true;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1 && strides[d] != 0) allZero = false;
    }
    this.repeated = allZero;
  }

  /** A view of {@code storage} from {@code offset} laid out row-major with {@code shape}. */
  public static StridedView contiguous(Storage storage, int[] shape, int offset) {
    return new StridedView(storage, shape, Shapes.contiguousStrides(shape), offset);
  }

  public Storage storage() {
    return storage;
  }

  /** The sizes; the array is shared: do not modify it. */
  public int[] shape() {
    return shape;
  }

  /** The strides; the array is shared: do not modify it. */
  public int[] strides() {
    return strides;
  }

  public int offset() {
    return offset;
  }

  public int numel() {
    return numel;
  }

  /**
   * Whether the elements are packed row-major with no gaps, so element {@code i} is at offset+i.
   */
  public boolean isContiguous() {
    return contiguous;
  }

  /** Whether every element is the one at {@code offset} (all strides 0: a broadcast scalar). */
  public boolean isRepeated() {
    return repeated;
  }

  /** Storage offset of the element at {@code index} (row-major position). */
  public int offsetOf(int[] index) {
    int at = offset;
    for (int d = 0; d < index.length; d++) at += index[d] * strides[d];
    return at;
  }

  /** Returns a walker that yields the storage offset of each element in row-major order. */
  public Walker walker() {
    return new Walker(this);
  }

  @Override
  public String toString() {
    return "StridedView[shape="
        + Arrays.toString(shape)
        + ", strides="
        + Arrays.toString(strides)
        + ", offset="
        + offset
        + ", "
        + storage.dtype()
        + "]";
  }

  /**
   * Yields storage offsets in row-major order with one addition per element and a carry at the end
   * of each row: no allocation per element.
   */
  public static final class Walker {
    private final int[] shape;
    private final int[] strides;
    private final int[] counter;
    private final boolean contiguous;
    private int position;
    private int next;

    Walker(StridedView view) {
      this.shape = view.shape;
      this.strides = view.strides;
      this.counter = new int[shape.length];
      this.contiguous = view.contiguous;
      this.position = view.offset;
      this.next = view.offset;
    }

    /** The storage offset of the next element. */
    public int next() {
      if (contiguous) return next++;
      int current = position;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++counter[d] < shape[d]) {
          position += strides[d];
          return current;
        }
        counter[d] = 0;
        position -= strides[d] * (shape[d] - 1);
      }
      return current;
    }
  }
}
