package dev.autograd.internal;

/**
 * Where a tensor's elements sit in its storage: element {@code (i0, i1, ...)} is at {@code offset +
 * i0 * strides[0] + i1 * strides[1] + ...}. A stride of 0 repeats an element (broadcasting).
 *
 * <p>The kernels read and write tensors only through this view, so that they never depend on the
 * tensor class.
 */
public record StridedView(Storage storage, int[] shape, int[] strides, int offset) {

  /** A view of {@code storage} from {@code offset} laid out row-major with {@code shape}. */
  public static StridedView contiguous(Storage storage, int[] shape, int offset) {
    return new StridedView(storage, shape, Shapes.contiguousStrides(shape), offset);
  }

  public int numel() {
    return Shapes.numel(shape);
  }

  /**
   * Whether the elements are packed row-major with no gaps, so element {@code i} is at offset+i.
   */
  public boolean isContiguous() {
    return Shapes.isContiguous(shape, strides);
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
      this.contiguous = view.isContiguous();
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
