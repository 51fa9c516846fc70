package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.BinaryFn;
import dev.autograd.internal.ScopedMemory;
import dev.autograd.internal.Shapes;
import dev.autograd.internal.Storage;
import dev.autograd.internal.StridedView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of numbers that records the ops applied to it, so that gradients can be
 * computed by {@link #backward()}.
 *
 * <p>The tutorial's first example, the derivative of {@code y = x^3 - 4x - 5} at {@code x = 2}:
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sub(x.mul(4)).sub(5);
 * y.backward();
 * x.grad().item(); // 8.0 = 3 * 2^2 - 4
 * }</pre>
 *
 * <h2>Storage and views</h2>
 *
 * Elements are stored row-major in a flat array with strides. Views ({@link #reshape}, {@link
 * #transpose}, {@link #permute}, {@link #expand}, {@link #narrow}, {@link #select}, {@link
 * #squeeze}, {@link #unsqueeze}) share that storage: writing through one is seen by the others. The
 * default type is {@link DType#FLOAT32}, as in PyTorch.
 *
 * <h2>Broadcasting</h2>
 *
 * Ops of two tensors follow NumPy's rules: shapes are aligned at their last dims, and each pair of
 * sizes must be equal or contain a 1, which is stretched. {@code [4, 2, 3]} with {@code [2, 1]}
 * gives {@code [4, 2, 3]}. The gradient of a broadcast input is summed back to its shape.
 *
 * <h2>Derivatives</h2>
 *
 * Each op's Javadoc states its derivative in PyTorch's vocabulary: {@code grad} is the gradient of
 * the final output with respect to the op's result, and the rule gives the gradient with respect to
 * each input. Those rules are themselves written with tensor ops, so they can be differentiated
 * again ({@link BackwardOptions#createGraph(boolean)}, {@link GradOptions#createGraph(boolean)}).
 *
 * <p>Tensors are not thread-safe; independent tensors and graphs may be used on different threads.
 */
public final class Tensor {
  static {
    dev.autograd.internal.TensorStorage.install(
        new dev.autograd.internal.TensorStorage.Access() {
          @Override
          public Storage storage(Tensor t) {
            return t.storage;
          }

          @Override
          public int offset(Tensor t) {
            return t.offset;
          }
        });
  }

  final Storage storage;
  final int[] shape;
  final int[] strides;
  final int offset;

  /** The autograd state: null for a tensor that never required grad nor carried a tangent. */
  private AutogradMeta autograd;

  private StridedView view;

  /**
   * For a view (the result of reshape, permute, expand, narrow and the ops built on them, when it
   * shares storage): the tensor whose storage it views, itself not a view, or a {@link
   * ViewWithoutGrad} of it when the view, or a view it was made from, was made with recording off;
   * else null. {@link #detach()} makes no view, as in PyTorch. One field for both, since every
   * tensor carries it.
   */
  private Object viewOf;

  /** {@link #viewOf} of a view made with recording off. */
  private static final class ViewWithoutGrad {
    final Tensor base;

    ViewWithoutGrad(Tensor base) {
      this.base = base;
    }
  }

  Tensor(Storage storage, int[] shape, int[] strides, int offset) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  /**
   * A new contiguous, zero-filled tensor. It keeps {@code shape} (shape arrays are never modified
   * once a tensor holds them): a caller passing an array it does not own must copy it first.
   */
  static Tensor empty(DType dtype, int[] shape) {
    return new Tensor(
        Storage.allocate(dtype, Shapes.numel(shape)), shape, Shapes.contiguousStrides(shape), 0);
  }

  /**
   * A new contiguous, zero-filled tensor of {@code like}'s shape. It shares like's shape array, and
   * its strides array when those are the contiguous strides of that shape (arrays held by a tensor
   * are never modified), which spares an allocation per op on small tensors.
   */
  static Tensor emptyLike(DType dtype, Tensor like) {
    return new Tensor(
        Storage.allocate(dtype, Shapes.numel(like.shape)), like.shape, contiguousStrides(like), 0);
  }

  /** The contiguous strides of like's shape: like's own strides array when it has them. */
  private static int[] contiguousStrides(Tensor like) {
    return Shapes.isContiguousStrides(like.shape, like.strides)
        ? like.strides
        : Shapes.contiguousStrides(like.shape);
  }

  /**
   * A new contiguous tensor whose values are unspecified, for an op that writes every element
   * before anything reads one: {@link #empty}, except that an array reused from the thread's pool
   * (a closed {@link MemoryScope}'s, a released gradient's) is not zeroed first (see {@link
   * Storage#allocateForOverwrite}).
   */
  static Tensor emptyForOverwrite(DType dtype, int[] shape) {
    return new Tensor(
        Storage.allocateForOverwrite(dtype, Shapes.numel(shape)),
        shape,
        Shapes.contiguousStrides(shape),
        0);
  }

  /** {@link #emptyLike} for an op that writes every element (see {@link #emptyForOverwrite}). */
  static Tensor emptyLikeForOverwrite(DType dtype, Tensor like) {
    return new Tensor(
        Storage.allocateForOverwrite(dtype, Shapes.numel(like.shape)),
        like.shape,
        contiguousStrides(like),
        0);
  }

  /** The kernels' view of this tensor. */
  StridedView view() {
    StridedView v = view;
    if (v == null) view = v = new StridedView(storage, shape, strides, offset);
    return v;
  }

  /** This tensor seen with {@code target}'s shape: broadcast dims get stride 0. */
  StridedView broadcastView(int[] target) {
    if (target == shape || Arrays.equals(target, shape)) return view();
    int lead = target.length - shape.length;
    int[] s = new int[target.length];
    for (int d = 0; d < shape.length; d++) {
      s[lead + d] = shape[d] == 1 && target[lead + d] != 1 ? 0 : strides[d];
    }
    return new StridedView(storage, target, s, offset);
  }

  // ---------------------------------------------------------------- creation

  /**
   * A 0-d FLOAT32 tensor holding {@code value}, like {@code torch.tensor(2.0)}.
   *
   * @param value the value, rounded to float
   * @return a new 0-d tensor
   */
  public static Tensor scalar(double value) {
    return scalar(value, DType.FLOAT32);
  }

  /**
   * A 0-d tensor of type {@code dtype} holding {@code value}.
   *
   * @param value the value, rounded to {@code dtype}
   * @param dtype the element type
   * @return a new 0-d tensor
   */
  public static Tensor scalar(double value, DType dtype) {
    Arguments.requireNonNull("scalar", "dtype", dtype);
    Tensor t = empty(dtype, Shapes.SCALAR);
    t.storage.set(0, value);
    return t;
  }

  /**
   * A FLOAT32 tensor with the given values in row-major order, like {@code torch.tensor(...)}.
   * Without {@code shape} it is 1-D.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3); // tensor([[1., 2., 3.], [4., 5., 6.]])
   * }</pre>
   *
   * @param data the values, copied and rounded to float
   * @param shape the shape to give them (none: [data.length])
   * @return a new contiguous tensor
   * @throws TensorException if the shape does not hold exactly {@code data.length} elements
   */
  public static Tensor of(double[] data, int... shape) {
    return of(data, DType.FLOAT32, shape);
  }

  /**
   * A tensor of type {@code dtype} with the given values in row-major order.
   *
   * @param data the values, copied and rounded to {@code dtype}
   * @param dtype the element type
   * @param shape the shape to give them (none: [data.length])
   * @return a new contiguous tensor
   * @throws TensorException if the shape does not hold exactly {@code data.length} elements
   */
  public static Tensor of(double[] data, DType dtype, int... shape) {
    Arguments.requireNonNull("of", "data", data);
    Arguments.requireNonNull("of", "dtype", dtype);
    int[] s = shapeFor("of", data.length, shape);
    double[] copy = data.clone();
    if (dtype != DType.FLOAT64) {
      for (int i = 0; i < copy.length; i++) copy[i] = dtype.round(copy[i]);
    }
    return new Tensor(Storage.wrap(dtype, copy), s, Shapes.contiguousStrides(s), 0);
  }

  /**
   * A FLOAT32 tensor with the given values in row-major order.
   *
   * @param data the values, copied
   * @param shape the shape to give them (none: [data.length])
   * @return a new contiguous tensor
   * @throws TensorException if the shape does not hold exactly {@code data.length} elements
   */
  public static Tensor of(float[] data, int... shape) {
    Arguments.requireNonNull("of", "data", data);
    int[] s = shapeFor("of", data.length, shape);
    return new Tensor(Storage.wrap(data.clone()), s, Shapes.contiguousStrides(s), 0);
  }

  /**
   * An INT64 tensor (class labels, indices) with the given values in row-major order.
   *
   * @param data the values, copied (exact up to 2^53)
   * @param shape the shape to give them (none: [data.length])
   * @return a new contiguous INT64 tensor
   * @throws TensorException if the shape does not hold exactly {@code data.length} elements
   */
  public static Tensor of(long[] data, int... shape) {
    Arguments.requireNonNull("of", "data", data);
    int[] s = shapeFor("of", data.length, shape);
    double[] values = new double[data.length];
    for (int i = 0; i < data.length; i++) values[i] = data[i];
    return new Tensor(Storage.wrap(DType.INT64, values), s, Shapes.contiguousStrides(s), 0);
  }

  /**
   * A FLOAT32 matrix from rows, like {@code torch.tensor([[1., 2.], [3., 4.]])}: shape {@code
   * [data.length, data[0].length]}.
   *
   * <pre>{@code
   * Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}); // tensor([[1., 2., 3.], [4., 5., 6.]])
   * }</pre>
   *
   * @param data the rows, all of one length; copied and rounded to float (no rows: shape [0, 0])
   * @return a new contiguous tensor
   * @throws TensorException if the rows differ in length or one is null
   */
  public static Tensor of(double[][] data) {
    return of(data, DType.FLOAT32);
  }

  /**
   * A matrix of type {@code dtype} from rows, like {@code torch.tensor(rows, dtype=dtype)}.
   *
   * @param data the rows, all of one length; copied and rounded to {@code dtype}
   * @param dtype the element type
   * @return a new contiguous tensor of shape {@code [data.length, data[0].length]}
   * @throws TensorException if the rows differ in length or one is null
   */
  public static Tensor of(double[][] data, DType dtype) {
    return nested(data, 2, dtype);
  }

  /**
   * A FLOAT32 3-D tensor from nested arrays, like {@code torch.tensor([[[1., 2.]], [[3., 4.]]])}:
   * shape {@code [data.length, data[0].length, data[0][0].length]}.
   *
   * @param data the values, every level of one length; copied and rounded to float
   * @return a new contiguous tensor
   * @throws TensorException if arrays of one level differ in length or one is null
   */
  public static Tensor of(double[][][] data) {
    return of(data, DType.FLOAT32);
  }

  /**
   * A 3-D tensor of type {@code dtype} from nested arrays.
   *
   * @param data the values, every level of one length; copied and rounded to {@code dtype}
   * @param dtype the element type
   * @return a new contiguous tensor of shape {@code [data.length, data[0].length,
   *     data[0][0].length]}
   * @throws TensorException if arrays of one level differ in length or one is null
   */
  public static Tensor of(double[][][] data, DType dtype) {
    return nested(data, 3, dtype);
  }

  /**
   * A FLOAT32 matrix from rows of floats.
   *
   * @param data the rows, all of one length; copied
   * @return a new contiguous tensor of shape {@code [data.length, data[0].length]}
   * @throws TensorException if the rows differ in length or one is null
   */
  public static Tensor of(float[][] data) {
    return nested(data, 2, DType.FLOAT32);
  }

  /**
   * A FLOAT32 3-D tensor from nested arrays of floats.
   *
   * @param data the values, every level of one length; copied
   * @return a new contiguous tensor of shape {@code [data.length, data[0].length,
   *     data[0][0].length]}
   * @throws TensorException if arrays of one level differ in length or one is null
   */
  public static Tensor of(float[][][] data) {
    return nested(data, 3, DType.FLOAT32);
  }

  /**
   * An INT64 matrix from rows, like {@code torch.tensor([[1, 2], [3, 4]])}.
   *
   * @param data the rows, all of one length; copied (exact up to 2^53)
   * @return a new contiguous INT64 tensor of shape {@code [data.length, data[0].length]}
   * @throws TensorException if the rows differ in length or one is null
   */
  public static Tensor of(long[][] data) {
    return nested(data, 2, DType.INT64);
  }

  /**
   * An INT64 3-D tensor from nested arrays.
   *
   * @param data the values, every level of one length; copied (exact up to 2^53)
   * @return a new contiguous INT64 tensor of shape {@code [data.length, data[0].length,
   *     data[0][0].length]}
   * @throws TensorException if arrays of one level differ in length or one is null
   */
  public static Tensor of(long[][][] data) {
    return nested(data, 3, DType.INT64);
  }

  /**
   * The tensor of a nested-array literal {@code depth} levels deep. The shape is read along the
   * first elements, as torch.tensor does, and every other array is checked against it; an empty
   * level gives size 0 to the levels below it.
   */
  private static Tensor nested(Object[] data, int depth, DType dtype) {
    Arguments.requireNonNull("of", "data", data);
    Arguments.requireNonNull("of", "dtype", dtype);
    int[] shape = new int[depth];
    Arrays.fill(shape, -1);
    List<Object> leaves = new ArrayList<>();
    collect(data, 0, shape, leaves, "");
    for (int d = 0; d < depth; d++) if (shape[d] < 0) shape[d] = 0;
    double[] values = new double[Shapes.numel(shape)];
    int at = 0;
    for (Object leaf : leaves) {
      if (leaf instanceof double[] row) {
        for (double v : row) values[at++] = dtype == DType.FLOAT64 ? v : dtype.round(v);
      } else if (leaf instanceof float[] row) {
        for (float v : row) values[at++] = v;
      } else {
        for (long v : (long[]) leaf) values[at++] = v;
      }
    }
    return new Tensor(Storage.wrap(dtype, values), shape, Shapes.contiguousStrides(shape), 0);
  }

  private static void collect(
      Object array, int dim, int[] shape, List<Object> leaves, String index) {
    int length =
        array instanceof Object[] a
            ? a.length
            : array instanceof double[] a
                ? a.length
                : array instanceof float[] a ? a.length : ((long[]) array).length;
    if (shape[dim] < 0) {
      shape[dim] = length;
    } else if (length != shape[dim]) {
      throw new TensorException(
          "of: expected sequence of length "
              + shape[dim]
              + " at dim "
              + dim
              + " (got "
              + length
              + " at data"
              + index
              + ")");
    }
    if (dim == shape.length - 1) {
      leaves.add(array);
      return;
    }
    Object[] children = (Object[]) array;
    for (int i = 0; i < children.length; i++) {
      if (children[i] == null)
        throw new TensorException("of: data" + index + "[" + i + "] is null");
      collect(children[i], dim + 1, shape, leaves, index + "[" + i + "]");
    }
  }

  private static int[] shapeFor(String op, int length, int[] shape) {
    Arguments.requireNonNull(op, "shape", shape);
    if (shape.length == 0) return new int[] {length};
    checkSizes(op, shape);
    if (Shapes.numel(shape) != length) {
      throw new TensorException(
          op
              + ": shape "
              + Shapes.format(shape)
              + " holds "
              + Shapes.numel(shape)
              + " elements but "
              + length
              + " values were given");
    }
    return shape.clone();
  }

  private static void checkSizes(String op, int[] shape) {
    Arguments.requireNonNull(op, "shape", shape);
    for (int s : shape) {
      if (s < 0) {
        throw new TensorException(
            op + ": sizes must be non-negative, got shape " + Shapes.format(shape));
      }
    }
    Shapes.checkedNumel(op, shape);
  }

  /**
   * A FLOAT32 tensor of zeros.
   *
   * <pre>{@code
   * Tensor.zeros(2, 3); // tensor([[0., 0., 0.], [0., 0., 0.]])
   * }</pre>
   *
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor zeros(int... shape) {
    return full("zeros", 0, DType.FLOAT32, shape);
  }

  /**
   * A tensor of zeros of type {@code dtype}.
   *
   * @param dtype the element type
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return full("zeros", 0, dtype, shape);
  }

  /**
   * A FLOAT32 tensor of ones.
   *
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor ones(int... shape) {
    return full("ones", 1, DType.FLOAT32, shape);
  }

  /**
   * A tensor of ones of type {@code dtype}.
   *
   * @param dtype the element type
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full("ones", 1, dtype, shape);
  }

  /**
   * A FLOAT32 tensor filled with {@code value}.
   *
   * @param value the value of every element
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor full(double value, int... shape) {
    return full(value, DType.FLOAT32, shape);
  }

  /**
   * A tensor of type {@code dtype} filled with {@code value}.
   *
   * @param value the value of every element, rounded to {@code dtype}
   * @param dtype the element type
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor full(double value, DType dtype, int... shape) {
    return full("full", value, dtype, shape);
  }

  /** {@link #full(double, DType, int...)}, its errors naming {@code op}, the method called. */
  private static Tensor full(String op, double value, DType dtype, int[] shape) {
    Arguments.requireNonNull(op, "dtype", dtype);
    checkSizes(op, shape);
    Tensor t = empty(dtype, shape.clone());
    if (value != 0) t.storage.fill(value);
    return t;
  }

  /**
   * Zeros with the shape and type of {@code like}.
   *
   * @param like the tensor whose shape and type to copy (its values are not read)
   * @return a new contiguous tensor; it does not require grad
   */
  public static Tensor zerosLike(Tensor like) {
    Arguments.requireNonNull("zerosLike", "like", like);
    return empty(like.dtype(), like.shape);
  }

  /**
   * Ones with the shape and type of {@code like}.
   *
   * @param like the tensor whose shape and type to copy (its values are not read)
   * @return a new contiguous tensor; it does not require grad
   */
  public static Tensor onesLike(Tensor like) {
    Arguments.requireNonNull("onesLike", "like", like);
    Tensor t = empty(like.dtype(), like.shape);
    t.storage.fill(1);
    return t;
  }

  /**
   * The INT64 values {@code 0, 1, ..., end - 1}, like {@code torch.arange(end)}.
   *
   * <pre>{@code
   * Tensor.arange(4); // tensor([0, 1, 2, 3])
   * }</pre>
   *
   * @param end the exclusive upper bound, non-negative
   * @return a new 1-D tensor of {@code end} elements
   * @throws TensorException if {@code end} is negative or more than 2^31 - 1
   */
  public static Tensor arange(long end) {
    return arange(0, end, 1);
  }

  /**
   * The INT64 values {@code start, start + step, ...} below {@code end} (above it when {@code step
   * < 0}), like {@code torch.arange(start, end, step)} with integer arguments, which gives int64
   * (with a fractional argument it is {@link #arange(double, double, double)}, float32).
   *
   * <pre>{@code
   * Tensor.arange(1, 10, 3); // tensor([1, 4, 7])
   * }</pre>
   *
   * @param start the first value
   * @param end the exclusive bound
   * @param step the difference between consecutive values, nonzero
   * @return a new 1-D INT64 tensor of {@code ceil((end - start) / step)} elements
   * @throws TensorException if {@code step} is zero or points away from {@code end}, or there would
   *     be more than 2^31 - 1 elements
   */
  public static Tensor arange(long start, long end, long step) {
    if (step == 0) throw new TensorException("arange: step must be nonzero");
    if (end != start && (end > start) != (step > 0)) {
      throw new TensorException(
          "arange: upper bound and larger bound inconsistent with step sign (start "
              + start
              + ", end "
              + end
              + ", step "
              + step
              + ")");
    }
    // The count in exact arithmetic: end - start and its quotient may not fit a long.
    BigInteger span = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start));
    BigInteger[] qr = span.divideAndRemainder(BigInteger.valueOf(step));
    BigInteger count = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    int n = arangeLength(start, end, step, count.doubleValue());
    double[] values = new double[n];
    for (int i = 0; i < n; i++) values[i] = start + i * step;
    return of(values, DType.INT64, n);
  }

  /**
   * The FLOAT32 values {@code start, start + step, ...} below {@code end} (above it when {@code
   * step < 0}), like {@code torch.arange(start, end, step)} with float arguments.
   *
   * @param start the first value, finite
   * @param end the exclusive bound, finite
   * @param step the difference between consecutive values, nonzero
   * @return a new 1-D tensor of {@code ceil((end - start) / step)} elements
   * @throws TensorException if a bound is NaN or infinite, {@code step} is zero or NaN or points
   *     away from {@code end}, or there would be more than 2^31 - 1 elements
   */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || Double.isNaN(step)) throw new TensorException("arange: step must be nonzero");
    if (!Double.isFinite(start) || !Double.isFinite(end)) {
      throw new TensorException(
          "arange: unsupported range: " + pythonNumber(start) + " -> " + pythonNumber(end));
    }
    if ((end - start) / step < 0) {
      throw new TensorException(
          "arange: upper bound and larger bound inconsistent with step sign (start "
              + pythonNumber(start)
              + ", end "
              + pythonNumber(end)
              + ", step "
              + pythonNumber(step)
              + ")");
    }
    double count = Math.ceil((end - start) / step);
    int n = arangeLength(start, end, step, count);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) values[i] = start + i * step;
    return of(values, DType.FLOAT32, n);
  }

  /**
   * arange's number of elements, {@code count}, or PyTorch's error when an array cannot hold it.
   */
  private static int arangeLength(double start, double end, double step, double count) {
    if (!(count <= Shapes.MAX_NUMEL)) {
      throw new TensorException(
          "arange: invalid size, possible overflow? (start "
              + pythonNumber(start)
              + ", end "
              + pythonNumber(end)
              + ", step "
              + pythonNumber(step)
              + " give "
              + pythonNumber(count)
              + " elements, more than 2^31 - 1, the most a tensor can index)");
    }
    return (int) count;
  }

  /** A number as Python prints it in PyTorch's messages: {@code 5}, {@code 0.5}, {@code nan}. */
  private static String pythonNumber(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e16) return Long.toString((long) v);
    return Double.toString(v);
  }

  /**
   * {@code steps} FLOAT32 values evenly spaced from {@code start} to {@code end} inclusive, like
   * {@code torch.linspace}. The tutorial's {@code linspace(-3, 3, 100)}.
   *
   * <pre>{@code
   * Tensor.linspace(-1, 1, 5); // tensor([-1.0000, -0.5000,  0.0000,  0.5000,  1.0000])
   * }</pre>
   *
   * @param start the first value
   * @param end the last value
   * @param steps the number of values, non-negative (0 gives an empty tensor, as in PyTorch)
   * @return a new 1-D tensor of {@code steps} elements
   * @throws TensorException if {@code steps < 0}
   */
  public static Tensor linspace(double start, double end, int steps) {
    return linspace(start, end, steps, DType.FLOAT32);
  }

  /**
   * {@code steps} values of type {@code dtype} evenly spaced from start to end inclusive.
   *
   * @param start the first value
   * @param end the last value
   * @param steps the number of values, non-negative (0 gives an empty tensor, as in PyTorch)
   * @param dtype the element type
   * @return a new 1-D tensor of {@code steps} elements
   * @throws TensorException if {@code steps < 0}
   */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    Arguments.requireNonNull("linspace", "dtype", dtype);
    if (steps < 0) {
      throw new TensorException("linspace: number of steps must be non-negative, got " + steps);
    }
    double[] values = new double[steps];
    double step = steps == 1 ? 0 : (end - start) / (steps - 1);
    // NOTE: like PyTorch, fill the second half from the end so that the last value is exactly end
    // (and a single step is start).
    int half = steps == 1 ? 1 : steps / 2;
    for (int i = 0; i < steps; i++) {
      values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
    }
    return of(values, dtype, steps);
  }

  /**
   * The n-by-n FLOAT32 identity matrix.
   *
   * @param n the number of rows and columns
   * @return a new [n, n] tensor
   * @throws TensorException if {@code n} is negative or {@code n * n} is more than 2^31 - 1
   */
  public static Tensor eye(int n) {
    return eye(n, n);
  }

  /**
   * An n-by-m FLOAT32 matrix with ones on the diagonal and zeros elsewhere.
   *
   * @param n the number of rows
   * @param m the number of columns
   * @return a new [n, m] tensor
   * @throws TensorException if {@code n} or {@code m} is negative, or {@code n * m} is more than
   *     2^31 - 1
   */
  public static Tensor eye(int n, int m) {
    if (n < 0) throw new TensorException("eye: n must be greater or equal to 0, got " + n);
    if (m < 0) throw new TensorException("eye: m must be greater or equal to 0, got " + m);
    Tensor t = full("eye", 0, DType.FLOAT32, new int[] {n, m});
    for (int i = 0; i < Math.min(n, m); i++) t.storage.set(i * m + i, 1);
    return t;
  }

  /**
   * FLOAT32 values uniform in [0, 1) from the global generator (see {@link #manualSeed}).
   *
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor rand(int... shape) {
    return rand(Generator.global(), shape);
  }

  /**
   * FLOAT32 values uniform in [0, 1) from {@code generator}.
   *
   * @param generator the source of the numbers, advanced by {@code numel} draws
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor rand(Generator generator, int... shape) {
    Arguments.requireNonNull("rand", "generator", generator);
    checkSizes("rand", shape);
    Tensor t = empty(DType.FLOAT32, shape.clone());
    generator.fillUniform(t.storage, t.numel());
    return t;
  }

  /**
   * FLOAT32 standard normal values from the global generator (see {@link #manualSeed}).
   *
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor randn(int... shape) {
    return randn(Generator.global(), shape);
  }

  /**
   * FLOAT32 standard normal values (mean 0, variance 1) from {@code generator}.
   *
   * @param generator the source of the numbers
   * @param shape the size of each dim (none for a 0-d tensor), non-negative
   * @return a new tensor
   * @throws TensorException if a size is negative
   */
  public static Tensor randn(Generator generator, int... shape) {
    Arguments.requireNonNull("randn", "generator", generator);
    checkSizes("randn", shape);
    Tensor t = empty(DType.FLOAT32, shape.clone());
    generator.fillGaussian(t.storage, t.numel());
    return t;
  }

  /**
   * INT64 integers uniform in [low, high), as PyTorch's {@code randint(low, high, size)}.
   *
   * @param low the smallest value
   * @param high one past the largest value
   * @param shape the size of each dim
   * @return a new INT64 tensor
   * @throws TensorException if low is not below high, or the range is wider than 2^53
   */
  public static Tensor randint(long low, long high, int... shape) {
    return RandomOps.randint(low, high, shape, Generator.global());
  }

  /**
   * {@link #randint(long, long, int...)} drawing from {@code generator}.
   *
   * @param generator the source of the draws
   * @param low the smallest value
   * @param high one past the largest value
   * @param shape the size of each dim
   * @return a new INT64 tensor
   * @throws TensorException if low is not below high, or the range is wider than 2^53
   */
  public static Tensor randint(Generator generator, long low, long high, int... shape) {
    return RandomOps.randint(low, high, shape, generator);
  }

  /**
   * A random permutation of 0, ..., n - 1 (INT64), as PyTorch's {@code randperm(n)}: every order
   * equally likely (Fisher-Yates).
   *
   * @param generator the source of the draws
   * @param n the length
   * @return a new INT64 tensor [n]
   * @throws TensorException if n is negative
   */
  public static Tensor randperm(Generator generator, int n) {
    return RandomOps.randperm(n, generator);
  }

  /**
   * 1 with probability {@code p}, else 0, for each element of {@code p}, as PyTorch's {@code
   * bernoulli(p)}: a tensor of p's shape and dtype.
   *
   * @param p probabilities in [0, 1]
   * @param generator the source of the draws
   * @return a new tensor of 0s and 1s
   * @throws TensorException if a probability is outside [0, 1] (NaN included) or p is not floating
   *     point
   */
  public static Tensor bernoulli(Tensor p, Generator generator) {
    return RandomOps.bernoulli(p, generator);
  }

  /**
   * FLOAT32 normal values of the given mean and standard deviation, as PyTorch's {@code
   * normal(mean, std, size)}.
   *
   * @param generator the source of the draws
   * @param mean the mean, finite
   * @param std the standard deviation, at least 0
   * @param shape the size of each dim
   * @return a new tensor
   * @throws TensorException if std is negative or not finite, or mean is not finite
   */
  public static Tensor normal(Generator generator, double mean, double std, int... shape) {
    return RandomOps.normal(mean, std, shape, generator);
  }

  /**
   * Category indices drawn with the given (unnormalised) weights, as PyTorch's {@code
   * multinomial(input, num_samples, replacement)}: one row of draws per row of weights.
   *
   * @param weights [k] or [rows, k], non-negative and finite, each row with a positive sum
   * @param numSamples draws per row, positive; at most the positive weights without replacement
   * @param replacement whether a category may be drawn again
   * @param generator the source of the draws
   * @return INT64 [numSamples] or [rows, numSamples]
   * @throws TensorException if the weights are not 1-D or 2-D, negative, infinite or NaN, sum to 0,
   *     or too few for the draws without replacement
   */
  public static Tensor multinomial(
      Tensor weights, int numSamples, boolean replacement, Generator generator) {
    return RandomOps.multinomial(weights, numSamples, replacement, generator);
  }

  /**
   * Coordinate grids, as PyTorch's {@code meshgrid(*tensors, indexing)}: for 1-D tensors of sizes
   * n0, n1, ..., each result has the shape [n0, n1, ...] ({@code "ij"}; {@code "xy"} swaps the
   * first two, as NumPy's) and repeats its tensor along the other dims. The results are views
   * (expanded), and their gradients are summed back.
   *
   * <pre>{@code
   * List<Tensor> g = Tensor.meshgrid("xy", Tensor.linspace(-1, 1, 5), Tensor.linspace(0, 1, 3));
   * g.get(0).shape(); // [3, 5]
   * }</pre>
   *
   * @param indexing "ij" or "xy"
   * @param tensors 0-D or 1-D tensors, at least one
   * @return one grid per tensor
   * @throws TensorException for another indexing, no tensors, or a tensor of more than 1 dim
   */
  public static java.util.List<Tensor> meshgrid(String indexing, Tensor... tensors) {
    return ShapeComposites.meshgrid(indexing, tensors);
  }

  /**
   * Reseeds the global generator, so that the following random ops repeat run to run.
   *
   * @param seed the new start of the global generator's sequence
   */
  public static void manualSeed(long seed) {
    Generator.global().manualSeed(seed);
  }

  // ---------------------------------------------------------------- access

  /**
   * The size of each dimension; empty for a 0-d tensor. A copy.
   *
   * @return the sizes, outermost first
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The size of dimension {@code dim} (negative counts from the end).
   *
   * @param dim the dimension, in [-dim(), dim())
   * @return its size
   * @throws TensorException if {@code dim} is out of range
   */
  public int size(int dim) {
    if (shape.length == 0) {
      throw new TensorException(
          "size: dimension " + dim + " specified, but a 0-d tensor has no dimensions (shape [])");
    }
    return shape[wrapDim("size", dim)];
  }

  /**
   * How far apart consecutive elements of each dimension are in storage. A copy.
   *
   * @return the strides in elements, one per dim
   */
  public int[] strides() {
    return strides.clone();
  }

  /**
   * The number of dimensions.
   *
   * @return the length of {@link #shape()}; 0 for a scalar
   */
  public int dim() {
    return shape.length;
  }

  /**
   * The number of elements.
   *
   * @return the product of the sizes (1 for a 0-d tensor)
   */
  public int numel() {
    return Shapes.numel(shape);
  }

  /**
   * The element type.
   *
   * @return the type of every element
   */
  public DType dtype() {
    return storage.dtype();
  }

  /**
   * Whether the elements are laid out row-major without gaps.
   *
   * @return true if the strides are those of a fresh tensor of this shape
   */
  public boolean isContiguous() {
    return Shapes.isContiguous(shape, strides);
  }

  /**
   * The value of a one-element tensor.
   *
   * @return the value, as a double
   * @throws TensorException if the tensor has more or fewer than one element
   */
  public double item() {
    if (numel() != 1) {
      throw new TensorException(
          "item: a tensor with "
              + numel()
              + " elements (shape "
              + Shapes.format(shape)
              + ") cannot be converted to a scalar");
    }
    return storage.get(offset);
  }

  /**
   * The element at {@code index} (one index per dim; negative counts from the end).
   *
   * @param index one index per dim, each in [-size, size)
   * @return the element, as a double
   * @throws TensorException if the number of indices is not {@link #dim()} or one is out of range
   */
  public double get(int... index) {
    Arguments.requireNonNull("get", "index", index);
    if (index.length != shape.length) {
      throw new TensorException(
          "get: "
              + index.length
              + " indices given for a tensor of "
              + shape.length
              + " dims (shape "
              + Shapes.format(shape)
              + ")");
    }
    int at = offset;
    for (int d = 0; d < index.length; d++) {
      int i = index[d];
      if (i < -shape[d] || i >= shape[d]) {
        throw new TensorException(
            "get: index "
                + i
                + " is out of bounds for dimension "
                + d
                + " with size "
                + shape[d]
                + " (shape "
                + Shapes.format(shape)
                + ")");
      }
      at += (i < 0 ? i + shape[d] : i) * strides[d];
    }
    return storage.get(at);
  }

  /**
   * The elements in row-major order, as doubles.
   *
   * @return a new array of {@link #numel()} values
   */
  public double[] toDoubleArray() {
    double[] out = new double[numel()];
    StridedView.Walker w = view().walker();
    for (int i = 0; i < out.length; i++) out[i] = storage.get(w.next());
    return out;
  }

  /**
   * The elements in row-major order, as floats.
   *
   * @return a new array of {@link #numel()} values, rounded to float
   */
  public float[] toFloatArray() {
    float[] out = new float[numel()];
    StridedView.Walker w = view().walker();
    for (int i = 0; i < out.length; i++) out[i] = (float) storage.get(w.next());
    return out;
  }

  /**
   * PyTorch's printout: {@code tensor([1.5000, 2.0000], requires_grad=True)}; the middle of a
   * tensor with more than 1000 elements is elided with {@code ...}.
   */
  @Override
  public String toString() {
    if (storage.isReleased()) {
      // Not an exception: debuggers and loggers call toString.
      return "tensor(<data given back when its MemoryScope closed>, size="
          + Shapes.format(shape)
          + ")";
    }
    return TensorFormatter.format(this);
  }

  // ---------------------------------------------------------------- autograd

  /**
   * Sets whether ops on this tensor are recorded so that gradients flow back to it; returns this
   * tensor, so that {@code Tensor.scalar(2).requiresGrad(true)} reads naturally.
   *
   * @param requiresGrad true to record ops on this tensor
   * @return this tensor
   * @throws TensorException for a non-floating-point tensor, or when turning it off on a tensor
   *     computed from others (only leaves can be detached this way; use {@link #detach()})
   */
  public Tensor requiresGrad(boolean requiresGrad) {
    if (requiresGrad && !dtype().isFloatingPoint()) {
      throw new TensorException(
          "requiresGrad: only tensors of floating point dtype can require gradients, got "
              + dtype().pytorchName());
    }
    Node node = node();
    if (!requiresGrad && node != null) {
      throw new TensorException(
          "requiresGrad: you can only change the requiresGrad flag of leaf tensors; this one was"
              + " made by "
              + node.name()
              + ". Use detach() to get a tensor that does not require grad.");
    }
    if (requiresGrad || autograd != null) autograd().requiresGrad = requiresGrad;
    return this;
  }

  /** This tensor's autograd state, made when first needed. */
  AutogradMeta autograd() {
    AutogradMeta meta = autograd;
    if (meta == null) autograd = meta = new AutogradMeta(this);
    return meta;
  }

  /** This tensor's autograd state, or null if it has none. */
  AutogradMeta autogradOrNull() {
    return autograd;
  }

  /**
   * Whether gradients flow back to this tensor.
   *
   * @return true if this is a leaf marked with {@code requiresGrad(true)} or the result of a
   *     recorded op on one
   */
  public boolean requiresGrad() {
    AutogradMeta meta = autograd;
    return meta != null && meta.requiresGrad;
  }

  /**
   * Whether this tensor was not computed by a recorded op: a tensor made by the user, or any tensor
   * that does not require grad. Only leaves accumulate {@link #grad()} (unless {@link
   * #retainGrad()} was called).
   *
   * @return true unless this tensor was made by a recorded op
   */
  public boolean isLeaf() {
    return node() == null;
  }

  /**
   * The accumulated gradient, or null until a backward pass reaches this tensor. Gradients add up
   * across backward calls until reset with {@link #zeroGrad()} or {@code setGrad(null)}.
   *
   * <p>A gradient returned here may be kept by the caller: letting go of it later does not give its
   * memory back (only the rules of a {@link MemoryScope} can, for one made in a scope). One that no
   * caller has asked for (nor a hook been given, nor a graph been built on, nor, for a non-leaf,
   * its inputs been passed) gives its memory back as soon as {@link #zeroGrad()} or {@code
   * setGrad(null)} lets go of it, for the next tensor of its length and type made on the thread, as
   * PyTorch frees it at {@code grad = None}: that is how the gradients of a training step reuse the
   * last step's memory without a scope. The optimizers of autograd-nn read gradients without asking
   * for them in this sense.
   *
   * @return the gradient, shaped like this tensor, or null
   */
  public Tensor grad() {
    AutogradMeta meta = autograd;
    return meta == null ? null : meta.grad(); // the caller may keep it: no longer the slot's alone
  }

  /**
   * The accumulated gradient, lent for immediate use, or null: the tensor {@link #grad()} returns,
   * except that it does not count as handed out. A gradient backward made and nobody was handed
   * then still gives its memory back when {@link #zeroGrad()} or {@code setGrad(null)} lets go of
   * it, for the next tensor of its length made on this thread (see {@link #grad()}).
   *
   * <p>The caller must not keep it, nor a view of it, beyond its own use: once this tensor lets go
   * of its gradient, that memory may hold another tensor's data. An optimizer's update step, which
   * reads the gradient and keeps nothing of it, is the use this is for: the optimizers of
   * autograd-nn, gradient clipping and gradient norms read gradients this way, and an optimizer
   * written elsewhere can too (see {@code Optimizer.updateKeepsNoGradient}).
   *
   * <pre>{@code
   * Tensor g = w.peekGrad();
   * if (g != null) w.sub_(g.mul(0.1)); // inside Autograd.noGrad(); g is not kept
   * }</pre>
   *
   * @return the gradient, shaped like this tensor, or null
   */
  public Tensor peekGrad() {
    AutogradMeta meta = autograd;
    return meta == null ? null : meta.peekGrad();
  }

  /**
   * Replaces the accumulated gradient (null clears it). {@code grad} is kept out of any {@link
   * MemoryScope}. The gradient let go of here gives its memory back at once, scope or no scope, if
   * backward made it and nobody has seen it (see {@link #grad()}); otherwise, if backward made it
   * inside a scope, it belongs to the innermost scope open on this thread, if any.
   *
   * @param grad the new gradient: another tensor (a {@link #detach()}ed copy of this one is fine)
   *     of this tensor's dtype and shape, or null
   * @throws TensorException if {@code grad} is this tensor, or its dtype or shape differs from this
   *     tensor's (PyTorch's checks, in its order)
   */
  public void setGrad(Tensor grad) {
    if (grad == this) {
      throw new TensorException("setGrad: can't assign Variable as its own grad");
    }
    if (grad != null && grad.dtype() != dtype()) {
      throw new TensorException(
          "setGrad: assigned grad has data of a different type: "
              + grad.dtype().pytorchName()
              + " for a tensor of "
              + dtype().pytorchName());
    }
    if (grad != null && !Arrays.equals(grad.shape, shape)) {
      throw new TensorException(
          "setGrad: assigned grad has data of a different size: shape "
              + Shapes.format(grad.shape)
              + " for a tensor of shape "
              + Shapes.format(shape));
    }
    if (grad != null) ScopedMemory.keepShared(grad.storage);
    if (grad != null || autograd != null) autograd().dropGrad(grad);
  }

  /**
   * Clears the accumulated gradient (sets it to null, as PyTorch 2's {@code zero_grad}); what
   * becomes of its memory is said at {@link #setGrad}.
   */
  public void zeroGrad() {
    if (autograd != null) autograd.dropGrad(null);
  }

  /**
   * The op that made this tensor, or null for a leaf.
   *
   * @return the graph node, or null for a leaf or a tensor made without recording
   */
  public GradFn gradFn() {
    return node();
  }

  Node node() {
    AutogradMeta meta = autograd;
    return meta == null ? null : meta.node();
  }

  /**
   * Makes a non-leaf tensor keep its gradient in {@link #grad()} during backward. Returns this
   * tensor.
   *
   * @return this tensor
   */
  public Tensor retainGrad() {
    if (!requiresGrad()) {
      throw new TensorException(
          "retainGrad: can't retain the gradient of a tensor that does not require grad");
    }
    if (node() != null) autograd.retainsGrad = true;
    return this;
  }

  /**
   * Whether this non-leaf tensor keeps its gradient (see {@link #retainGrad()}).
   *
   * @return true after {@link #retainGrad()} on a non-leaf
   */
  public boolean retainsGrad() {
    AutogradMeta meta = autograd;
    return meta != null && meta.retainsGrad;
  }

  /** A handle to remove a registered hook. */
  public interface HookHandle {
    /** Unregisters the hook; later backward passes no longer call it. */
    void remove();
  }

  /**
   * Registers a function called with this tensor's gradient each time one is computed in backward,
   * before it is accumulated or passed on. If it returns a tensor, that replaces the gradient; if
   * it returns null, the gradient is unchanged.
   *
   * <pre>{@code
   * x.registerHook(g -> g.mul(2)); // doubles the gradient that reaches x
   * }</pre>
   *
   * @param hook the function; it receives the gradient and returns a replacement or null
   * @return a handle that removes the hook
   * @throws TensorException if this tensor does not require grad
   */
  public HookHandle registerHook(UnaryOperator<Tensor> hook) {
    Arguments.requireNonNull("registerHook", "hook", hook);
    if (!requiresGrad()) {
      throw new TensorException(
          "registerHook: cannot register a hook on a tensor that does not require gradient");
    }
    return autograd.registerHook(hook);
  }

  /**
   * The number of in-place modifications of this tensor's storage (shared with its views).
   *
   * @return the count, which starts at 0
   */
  public int version() {
    return storage.version();
  }

  /**
   * Computes the gradient of this one-element tensor with respect to every leaf it depends on,
   * adding it to their {@link #grad()}. The graph is freed afterwards. {@link
   * #backward(BackwardOptions)} takes PyTorch's other options.
   *
   * @throws TensorException if this tensor has more than one element (use {@link
   *     #backward(Tensor)}), does not require grad, or its graph was already freed
   */
  public void backward() {
    backward(BackwardOptions.defaults());
  }

  /**
   * Back-propagates {@code gradient} (shaped like this tensor): each leaf receives {@code
   * sum(gradient * d this / d leaf)}.
   *
   * @param gradient {@code d final / d this}, shaped like this tensor (null: 1, for a one-element
   *     tensor)
   * @throws TensorException if the gradient's shape differs from this tensor's, this tensor does
   *     not require grad, or its graph was already freed
   */
  public void backward(Tensor gradient) {
    backward(BackwardOptions.defaults().gradient(gradient));
  }

  /**
   * Back-propagates with PyTorch's keyword arguments spelled as options: {@code
   * y.backward(retain_graph=True)} is {@code
   * y.backward(BackwardOptions.defaults().retainGraph(true))}.
   *
   * <pre>{@code
   * Tensor x = Tensor.scalar(2.0).requiresGrad(true);
   * x.pow(3).backward(BackwardOptions.defaults().createGraph(true));
   * x.grad().item();                   // 12.0 = 3x², with a gradFn of its own
   * Autograd.grad(x.grad(), x)[0];     // tensor(12.), the second derivative 6x
   * }</pre>
   *
   * @param options the gradient, whether to keep or record the graph, and which tensors receive the
   *     gradient (every leaf by default); {@link BackwardOptions#defaults()} for none
   * @throws TensorException if {@code options} is null, the gradient's shape differs from this
   *     tensor's (or it is null and this tensor has more than one element), this tensor or one of
   *     the {@link BackwardOptions#inputs(List) inputs} does not require grad, or the graph was
   *     already freed
   */
  public void backward(BackwardOptions options) {
    if (options == null) {
      throw new TensorException(
          "backward: options is null; pass BackwardOptions.defaults() for none");
    }
    Tensor root = rootGradient("backward", null, -1, this, options.gradient());
    backwardFrom(new Tensor[] {this}, new Tensor[] {root}, options);
  }

  /**
   * The backward pass of {@link #backward(BackwardOptions)} and {@link Autograd#backward(List,
   * List, BackwardOptions)} from checked roots and their gradients; the options' gradient is not
   * read.
   */
  static void backwardFrom(Tensor[] roots, Tensor[] rootGrads, BackwardOptions options) {
    List<Tensor> only = options.inputs();
    Tensor[] inputs = null;
    if (!only.isEmpty()) {
      inputs = only.toArray(new Tensor[0]);
      for (int i = 0; i < inputs.length; i++) {
        if (!inputs[i].requiresGrad()) {
          throw new TensorException(
              "backward: input "
                  + i
                  + " does not require grad; call requiresGrad(true) on it first");
        }
      }
      // NOTE: as PyTorch, which calls retain_grad() on each input: a non-leaf one keeps its
      // gradient in grad(), now and in later passes.
      for (Tensor t : inputs) t.retainGrad();
    }
    Engine.run(roots, rootGrads, options.retainGraph(), options.createGraph(), inputs, true);
  }

  /**
   * The gradient back-propagated from {@code output}: {@code given}, or 1 for a one-element output,
   * after checking them.
   *
   * @param lists for an output of a list, the names of the list of outputs and of the list of their
   *     gradients, as the messages name them ({@code {"outputs", "gradOutputs"}}); null for
   *     backward's one output
   * @param index the output's position in its list; -1 for backward's one output
   */
  static Tensor rootGradient(String op, String[] lists, int index, Tensor output, Tensor given) {
    if (!output.requiresGrad()) {
      if (index >= 0) {
        throw new TensorException(
            op
                + ": "
                + lists[0]
                + "["
                + index
                + "] does not require grad and has no gradFn; call requiresGrad(true) on a leaf it"
                + " is computed from, outside noGrad()");
      }
      throw new TensorException(
          op
              + ": the tensor does not require grad and has no gradFn; call requiresGrad(true) on"
              + " a leaf it is computed from, outside noGrad()");
    }
    if (given == null) {
      if (output.numel() != 1 && index >= 0) {
        throw new TensorException(
            op
                + ": grad can be implicitly created only for one-element outputs, but "
                + lists[0]
                + "["
                + index
                + "] has shape "
                + Shapes.format(output.shape)
                + "; pass a gradient of that shape in "
                + lists[1]
                + ", or reduce first (sum(), mean())");
      }
      if (output.numel() != 1) {
        throw new TensorException(
            op
                + ": grad can be implicitly created only for one-element outputs, but the output"
                + " has shape "
                + Shapes.format(output.shape)
                + "; pass a gradient of that shape, or reduce first (sum(), mean())");
      }
      return onesLike(output);
    }
    if (!Arrays.equals(given.shape, output.shape)) {
      if (index >= 0) {
        throw new TensorException(
            op
                + ": "
                + lists[1]
                + "["
                + index
                + "] has shape "
                + Shapes.format(given.shape)
                + " but "
                + lists[0]
                + "["
                + index
                + "] has shape "
                + Shapes.format(output.shape));
      }
      throw new TensorException(
          op
              + ": gradient has shape "
              + Shapes.format(given.shape)
              + " but the output has shape "
              + Shapes.format(output.shape));
    }
    return given;
  }

  /**
   * Names the op that made this tensor after the composite that was called (see {@link
   * Node#rename}); returns this tensor.
   */
  Tensor named(String opName) {
    Node node = node();
    if (node != null) node.rename(opName);
    return this;
  }

  /**
   * Makes this new tensor, which shares {@code x}'s storage, a view of x's base (see {@link
   * #viewOf}); returns it.
   */
  Tensor viewing(Tensor x) {
    Tensor base = x.viewBase();
    if (base == null) base = x;
    viewOf = x.viewMadeWithoutGrad() || !GradMode.isEnabled() ? new ViewWithoutGrad(base) : base;
    return this;
  }

  /** The tensor this view views (see {@link #viewOf}), or null if this is no view. */
  Tensor viewBase() {
    Object of = viewOf;
    return of instanceof ViewWithoutGrad ? ((ViewWithoutGrad) of).base : (Tensor) of;
  }

  /** Whether this view was made, or made from a view made, with recording off. */
  boolean viewMadeWithoutGrad() {
    return viewOf instanceof ViewWithoutGrad;
  }

  /** Records {@code node} as the op that made this tensor. */
  Tensor attach(Node node) {
    // A tangent computed before the op was recorded goes with the state that replaces this one.
    if (autograd != null) node.tangent = autograd.tangent;
    this.autograd = node;
    return this;
  }

  /**
   * A tensor sharing this one's storage but cut from the graph: it does not require grad, and
   * gradients do not flow through it.
   *
   * @return a new tensor over the same storage; in-place changes to either are seen by both
   */
  public Tensor detach() {
    return new Tensor(storage, shape, strides, offset);
  }

  /**
   * Detaches this tensor from the graph in place, as PyTorch's {@code detach_()}: it no longer
   * requires grad, has no {@link #gradFn()} and becomes a leaf; its {@link #grad()} is kept, its
   * hooks and forward-mode tangent are dropped. Returns this tensor.
   *
   * <p>A view cannot be detached in place (its base would still be in the graph): use {@link
   * #detach()}. Ops already recorded on this tensor still pass gradients through the op that made
   * it, as in PyTorch, whose graph links ops rather than tensors.
   *
   * <pre>{@code
   * Tensor h = x.mul(w);
   * h.detach_(); // truncated backpropagation: h starts the next graph
   * }</pre>
   *
   * @return this tensor
   * @throws TensorException if this tensor is a view
   */
  public Tensor detach_() {
    Tensor viewBase = viewBase();
    if (viewBase != null) {
      throw new TensorException(
          "detach_: Can't detach views in-place. Use detach() instead (this tensor is a view of"
              + " one of shape "
              + Shapes.format(viewBase.shape)
              + ")");
    }
    AutogradMeta meta = autograd;
    if (meta == null) return this;
    Tensor grad = meta.peekGrad();
    AutogradMeta detached = new AutogradMeta(this);
    if (grad != null) detached.dropGrad(grad);
    autograd = detached;
    return this;
  }

  // ---------------------------------------------------------------- element-wise ops

  /**
   * {@code out = this + other}, broadcasting. Derivative: {@code grad} for both, summed back to
   * each input's shape.
   *
   * <pre>
   * this [..., m, n], other [..., 1, n] or [n] -&gt; out [..., m, n]
   * </pre>
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
   * a.add(Tensor.of(new double[] {10, 20, 30})); // tensor([[11., 22., 33.], [14., 25., 36.]])
   * }</pre>
   *
   * @param other the second operand; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor add(Tensor other) {
    return Primitives.ADD.apply(this, other);
  }

  /**
   * {@code out = this + value}.
   *
   * @param value the scalar operand
   * @return a new tensor of this shape
   */
  public Tensor add(double value) {
    if (dtype().isFloatingPoint()) return PointwiseOps.addScalar(this, value);
    return add(scalarLike(value));
  }

  /**
   * {@code out = this - other}, broadcasting. Derivative: {@code grad} and {@code -grad}.
   *
   * @param other the second operand; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor sub(Tensor other) {
    return Primitives.SUB.apply(this, other);
  }

  /**
   * {@code out = this - value}.
   *
   * @param value the scalar operand
   * @return a new tensor of this shape
   */
  public Tensor sub(double value) {
    if (dtype().isFloatingPoint()) return PointwiseOps.subScalar(this, value);
    return sub(scalarLike(value));
  }

  /**
   * {@code out = this * other}, broadcasting. Derivative: {@code grad * other} and {@code grad *
   * this}.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
   * a.mul(Tensor.of(new double[] {10, 100}, 2, 1)); // tensor([[ 10.,  20.], [300., 400.]])
   * }</pre>
   *
   * @param other the second operand; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor mul(Tensor other) {
    return Primitives.MUL.apply(this, other);
  }

  /**
   * {@code out = this * value}.
   *
   * @param value the scalar operand
   * @return a new tensor of this shape
   */
  public Tensor mul(double value) {
    if (dtype().isFloatingPoint()) return PointwiseOps.mulScalar(this, value);
    return mul(scalarLike(value));
  }

  /**
   * {@code out = this / other}, broadcasting. Derivative: {@code grad / other} and {@code -grad *
   * this / other^2}.
   *
   * @param other the divisor; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor div(Tensor other) {
    return Primitives.DIV.apply(this, other);
  }

  /**
   * {@code out = this / value}.
   *
   * @param value the divisor
   * @return a new tensor of this shape
   */
  public Tensor div(double value) {
    if (dtype().isFloatingPoint()) return PointwiseOps.divScalar(this, value);
    return div(scalarLike(value));
  }

  /**
   * {@code out = -this}. Derivative: {@code -grad}.
   *
   * @return a new tensor of this shape
   */
  public Tensor neg() {
    return Primitives.NEG.apply(this);
  }

  /**
   * {@code out = this^exponent}. Derivative: {@code grad * exponent * this^(exponent - 1)} (zero
   * when the exponent is 0).
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3}).pow(2); // tensor([1., 4., 9.])
   * }</pre>
   *
   * @param exponent the power each element is raised to
   * @return a new tensor of this shape
   */
  public Tensor pow(double exponent) {
    return Primitives.POW_NUMBER.apply(this, exponent);
  }

  /**
   * {@code out = this^exponent} element-wise, broadcasting. Derivative: {@code grad * exponent *
   * this^(exponent - 1)} for this (zero where the exponent is 0), and {@code grad * out *
   * log(this)} for the exponent (zero where {@code this == 0} and {@code exponent >= 0}).
   *
   * @param exponent the powers; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor pow(Tensor exponent) {
    Arguments.requireNonNull("pow", "exponent", exponent);
    return Primitives.POW.apply(this, exponent);
  }

  /**
   * {@code out = this^2}. Derivative: {@code 2 * grad * this}.
   *
   * @return a new tensor of this shape
   */
  public Tensor square() {
    return pow(2);
  }

  /**
   * {@code out = sqrt(this)}. Derivative: {@code grad / (2 * out)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor sqrt() {
    return Primitives.SQRT.apply(this);
  }

  /**
   * {@code out = 1 / this}. Derivative: {@code -grad * out^2}.
   *
   * @return a new tensor of this shape
   */
  public Tensor reciprocal() {
    return Primitives.RECIPROCAL.apply(this);
  }

  /**
   * {@code out = |this|}. Derivative: {@code grad * sign(this)}, so 0 at 0 as in PyTorch.
   *
   * @return a new tensor of this shape
   */
  public Tensor abs() {
    return Primitives.ABS.apply(this);
  }

  /**
   * {@code out = floor(this)}: the largest integer not above each element ({@code floor(-1.5) =
   * -2}). Derivative: 0, as PyTorch's.
   *
   * @return a new tensor of this shape and dtype
   */
  public Tensor floor() {
    return Primitives.FLOOR.apply(this);
  }

  /**
   * {@code out = ceil(this)}: the smallest integer not below each element ({@code ceil(-1.5) =
   * -1}). Derivative: 0, as PyTorch's.
   *
   * @return a new tensor of this shape and dtype
   */
  public Tensor ceil() {
    return Primitives.CEIL.apply(this);
  }

  /**
   * {@code out = round(this)}: each element rounded to the nearest integer, halves to even as in
   * PyTorch ({@code round(2.5) = 2, round(-0.5) = -0}). Derivative: 0, as PyTorch's.
   *
   * @return a new tensor of this shape and dtype
   */
  public Tensor round() {
    return Primitives.ROUND.apply(this);
  }

  /**
   * {@code out = trunc(this)}: each element rounded toward zero ({@code trunc(-1.5) = -1}).
   * Derivative: 0, as PyTorch's.
   *
   * @return a new tensor of this shape and dtype
   */
  public Tensor trunc() {
    return Primitives.TRUNC.apply(this);
  }

  /**
   * {@code out = sign(this)} in {-1, 0, 1}. Derivative: 0.
   *
   * @return a new tensor of this shape
   */
  public Tensor sign() {
    return Primitives.SIGN.apply(this);
  }

  /**
   * {@code out = e^this}. Derivative: {@code grad * out}.
   *
   * @return a new tensor of this shape
   */
  public Tensor exp() {
    return Primitives.EXP.apply(this);
  }

  /**
   * {@code out = e^this - 1}, accurate for small values where {@code exp().sub(1)} loses its
   * digits, like {@code torch.expm1}. Derivative: {@code grad * (out + 1)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor expm1() {
    return Primitives.EXPM1.apply(this);
  }

  /**
   * {@code out = ln(1 + this)}, accurate for small values where {@code add(1).log()} loses its
   * digits, like {@code torch.log1p}; NaN below -1. Derivative: {@code grad / (1 + this)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor log1p() {
    return Primitives.LOG1P.apply(this);
  }

  /**
   * {@code out = ln(this)}. Derivative: {@code grad / this}.
   *
   * @return a new tensor of this shape
   */
  public Tensor log() {
    return Primitives.LOG.apply(this);
  }

  /**
   * {@code out = sin(this)}. Derivative: {@code grad * cos(this)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor sin() {
    return Primitives.SIN.apply(this);
  }

  /**
   * {@code out = cos(this)}. Derivative: {@code -grad * sin(this)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor cos() {
    return Primitives.COS.apply(this);
  }

  /**
   * {@code out = tanh(this)}. Derivative: {@code grad * (1 - out^2)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor tanh() {
    return Primitives.TANH.apply(this);
  }

  /**
   * {@code out = 1 / (1 + e^-this)}. Derivative: {@code grad * out * (1 - out)}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-1, 0, 1}).sigmoid(); // tensor([0.2689, 0.5000, 0.7311])
   * }</pre>
   *
   * @return a new tensor of this shape
   */
  public Tensor sigmoid() {
    return Primitives.SIGMOID.apply(this);
  }

  /**
   * {@code out = max(this, 0)}. Derivative: {@code grad} where {@code this > 0}, else 0.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-1, 0, 2}).relu(); // tensor([0., 0., 2.])
   * }</pre>
   *
   * @return a new tensor of this shape
   */
  public Tensor relu() {
    return Primitives.RELU.apply(this);
  }

  /**
   * {@code out = this > 0 ? this : slope * this}. Derivative: {@code grad} where {@code this > 0},
   * else {@code slope * grad} (so {@code slope} at 0, as in PyTorch).
   *
   * @param slope the factor for negative inputs (PyTorch's default is 0.01)
   * @return a new tensor of this shape
   */
  public Tensor leakyRelu(double slope) {
    return Primitives.LEAKY_RELU.apply(this, slope);
  }

  /**
   * {@code out = ln(1 + e^this)}, and {@code this} itself above 20 (PyTorch's threshold): {@link
   * #softplus(double, double) softplus(1, 20)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor softplus() {
    return softplus(1, 20);
  }

  /**
   * Softplus with PyTorch's {@code beta} and {@code threshold}, a smooth relu that tends to it as
   * beta grows:
   *
   * <pre>
   * out = ln(1 + e^(beta this)) / beta,   or this itself where beta this &gt; threshold
   * </pre>
   *
   * Derivative: {@code grad * sigmoid(beta this)}, and {@code grad} where {@code beta this >
   * threshold}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-1, 0, 2}).softplus(2, 3); // tensor([0.0635, 0.3466, 2.0000])
   * }</pre>
   *
   * @param beta the sharpness (PyTorch's default is 1)
   * @param threshold above which {@code beta this} the input is returned as it is, for stability
   *     (PyTorch's default is 20)
   * @return a new tensor of this shape
   */
  public Tensor softplus(double beta, double threshold) {
    return Primitives.SOFTPLUS.apply(this, beta, threshold);
  }

  /**
   * The error function, {@code 2/sqrt(pi) * integral_0^this e^(-t^2) dt}. Derivative: {@code grad *
   * 2/sqrt(pi) * e^(-this^2)}.
   *
   * @return a new tensor of this shape
   */
  public Tensor erf() {
    return Primitives.ERF.apply(this);
  }

  /**
   * The exact GELU, {@code out = this * Phi(this) = this/2 * (1 + erf(this / sqrt 2))}. Derivative:
   * {@code grad * (Phi(this) + this * phi(this))}, phi the standard normal density.
   *
   * @return a new tensor of this shape
   */
  public Tensor gelu() {
    return Composites.gelu(this);
  }

  /**
   * GELU, exact or with PyTorch's tanh approximation:
   *
   * <pre>
   * "none": this/2 * (1 + erf(this / sqrt 2))
   * "tanh": this/2 * (1 + tanh(sqrt(2/pi) * (this + 0.044715 this^3)))
   * </pre>
   *
   * Derivative: that of the formula chosen.
   *
   * @param approximate {@code "none"} (PyTorch's default, as {@link #gelu()}) or {@code "tanh"}
   * @return a new tensor of this shape
   * @throws TensorException if {@code approximate} is neither
   */
  public Tensor gelu(String approximate) {
    return Composites.gelu(this, Arguments.requireNonNull("gelu", "approximate", approximate));
  }

  /**
   * SiLU (swish), {@code out = this * sigmoid(this)}. Derivative: {@code grad * (s + this * s * (1
   * - s))} with {@code s = sigmoid(this)}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-1, 0, 2}).silu(); // tensor([-0.2689,  0.0000,  1.7616])
   * }</pre>
   *
   * @return a new tensor of this shape
   */
  public Tensor silu() {
    return Composites.silu(this);
  }

  /**
   * ELU, {@code out = this > 0 ? this : alpha * (e^this - 1)}, computed as PyTorch does (with
   * {@code e^x - 1}, not expm1). Derivative: {@code grad} where {@code this > 0}, else {@code grad
   * * alpha * e^this} (so {@code alpha} at 0, as in PyTorch).
   *
   * <pre>{@code
   * Tensor.of(new double[] {-1, 0, 2}).elu(1.0); // tensor([-0.6321,  0.0000,  2.0000])
   * }</pre>
   *
   * @param alpha the value approached for large negative inputs is {@code -alpha} (PyTorch's
   *     default is 1)
   * @return a new tensor of this shape
   */
  public Tensor elu(double alpha) {
    return Composites.elu(this, alpha);
  }

  /**
   * The remainder of {@code this / other} with the dividend's sign, {@code this - trunc(this /
   * other) * other} computed exactly (C's fmod), as PyTorch's {@code fmod}. Derivatives: {@code
   * grad} and {@code -grad * trunc(this / other)}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-3, 3}).fmod(Tensor.scalar(2)); // tensor([-1., 1.])
   * }</pre>
   *
   * @param other the divisor; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast, or integers are divided by zero
   */
  public Tensor fmod(Tensor other) {
    checkIntegerDivisor("fmod", other);
    return Primitives.FMOD.apply(this, other);
  }

  /**
   * The remainder of {@code this / other} with the divisor's sign, {@code this - floor(this /
   * other) * other} (Python's {@code %}), as PyTorch's {@code remainder}. Derivatives: {@code grad}
   * and {@code -grad * floor(this / other)}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {-3, 3}).remainder(Tensor.scalar(2)); // tensor([1., 1.])
   * }</pre>
   *
   * @param other the divisor; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast, or integers are divided by zero
   */
  public Tensor remainder(Tensor other) {
    checkIntegerDivisor("remainder", other);
    return Primitives.REMAINDER.apply(this, other);
  }

  /** Integer division by zero has no answer (PyTorch raises ZeroDivisionError). */
  private void checkIntegerDivisor(String op, Tensor other) {
    Arguments.requireNonNull(op, "other", other);
    if (!dtype().isFloatingPoint() && !other.dtype().isFloatingPoint()) {
      for (double v : other.toDoubleArray()) {
        if (v == 0) {
          throw new TensorException(op + ": ZeroDivisionError, an integer divided by zero");
        }
      }
    }
  }

  /**
   * Linear interpolation {@code this + weight * (end - this)}, as PyTorch's {@code lerp}.
   *
   * @param end the other end; broadcast
   * @param weight the weight, 0 for this tensor, 1 for end
   * @return a new tensor
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor lerp(Tensor end, double weight) {
    Arguments.requireNonNull("lerp", "end", end);
    return add(end.sub(this).mul(weight)).named("LerpBackward");
  }

  /**
   * Linear interpolation with a weight per element, {@code this + weight * (end - this)}.
   *
   * @param end the other end; broadcast
   * @param weight the weights; broadcast
   * @return a new tensor
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor lerp(Tensor end, Tensor weight) {
    Arguments.requireNonNull("lerp", "end", end);
    Arguments.requireNonNull("lerp", "weight", weight);
    return add(end.sub(this).mul(weight)).named("LerpBackward");
  }

  /**
   * The running sums along {@code dim}, {@code out[..., k, ...] = sum_{j <= k} x[..., j, ...]}, as
   * PyTorch's {@code cumsum} (accumulated in double; BOOL counts as INT64). Derivative: the
   * gradient summed from each position to the end.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3}).cumsum(0); // tensor([1., 3., 6.])
   * }</pre>
   *
   * @param dim the dim to sum along
   * @return a new tensor of this shape
   * @throws TensorException if dim is out of range
   */
  public Tensor cumsum(int dim) {
    return ScanOps.cumsum(this, dim);
  }

  /**
   * The running products along {@code dim}, {@code out[..., k, ...] = prod_{j <= k} x[..., j,
   * ...]}, as PyTorch's {@code cumprod} (accumulated in double; BOOL counts as INT64). Derivative:
   * PyTorch's cumprod_backward, {@code grad_x[i] = sum_{k >= i} grad[k] * prod_{j <= k, j != i}
   * x[j]}: {@code reversedCumsum(result * grad) / x} when no element is 0, and otherwise the same
   * sum without dividing, exact with zeros: in O(n) per lane, or, when the gradient's graph is
   * recorded ({@code createGraph}), from a square [n, n] of products per lane, which can be
   * differentiated again. Its forward-mode tangent is PyTorch's cumprod_jvp.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3}).cumprod(0); // tensor([1., 2., 6.])
   * }</pre>
   *
   * @param dim the dim to multiply along
   * @return a new tensor of this shape
   * @throws TensorException if dim is out of range
   */
  public Tensor cumprod(int dim) {
    return ScanOps.cumprod(this, dim);
  }

  /**
   * Whether any element is nonzero, as PyTorch's {@code any()}: a 0-d BOOL tensor.
   *
   * @return true if some element is not 0 (NaN counts as nonzero)
   */
  public Tensor any() {
    return ne(0).to(DType.INT64).sum().gt(0);
  }

  /**
   * Whether any element along {@code dim} is nonzero, as PyTorch's {@code any(dim, keepdim)}.
   *
   * @param dim the dim to reduce
   * @param keepDim keep the dim with size 1
   * @return a BOOL tensor
   * @throws TensorException if dim is out of range
   */
  public Tensor any(int dim, boolean keepDim) {
    return ne(0).to(DType.INT64).sum(dim, keepDim).gt(0);
  }

  /**
   * Whether every element is nonzero, as PyTorch's {@code all()}: a 0-d BOOL tensor.
   *
   * @return true if no element is 0
   */
  public Tensor all() {
    return eq(0).to(DType.INT64).sum().eq(0);
  }

  /**
   * Whether every element along {@code dim} is nonzero, as PyTorch's {@code all(dim, keepdim)}.
   *
   * @param dim the dim to reduce
   * @param keepDim keep the dim with size 1
   * @return a BOOL tensor
   * @throws TensorException if dim is out of range
   */
  public Tensor all(int dim, boolean keepDim) {
    return eq(0).to(DType.INT64).sum(dim, keepDim).eq(0);
  }

  /**
   * The larger of the two, element-wise, broadcasting. Derivative: {@code grad} to the larger
   * input; at a tie each receives {@code grad / 2}, as in PyTorch.
   *
   * @param other the second operand; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor maximum(Tensor other) {
    return Primitives.MAXIMUM.apply(this, other);
  }

  /**
   * The smaller of the two, element-wise, broadcasting. Ties split the gradient like maximum.
   *
   * @param other the second operand; broadcast with this tensor
   * @return a new tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor minimum(Tensor other) {
    return Primitives.MINIMUM.apply(this, other);
  }

  /**
   * Clamps each element between bounds given as tensors (broadcast), as PyTorch's {@code
   * clamp(min=tensor, max=tensor)}: {@code min(max(x, lo), hi)}, so where {@code lo > hi} the
   * result is {@code hi}; a NaN element stays NaN. Derivatives: {@code grad} to x where it is
   * within the bounds (inclusive), to lo where x is below it, to hi where the result is hi.
   *
   * @param min the lower bounds, or null for none
   * @param max the upper bounds, or null for none
   * @return a new tensor of the broadcast shape
   * @throws TensorException if both bounds are null, or the shapes do not broadcast
   */
  public Tensor clamp(Tensor min, Tensor max) {
    if (min == null && max == null) {
      throw new TensorException("clamp: At least one of 'min' or 'max' must not be None");
    }
    Tensor y = min == null ? this : where(lt(min), min, this);
    Tensor out = max == null ? y : where(y.gt(max), max, y);
    return out.named("ClampBackward");
  }

  /**
   * {@code out = min(max(this, min), max)}. Derivative: {@code grad} where {@code min <= this <=
   * max} (bounds included, as in PyTorch), else 0.
   *
   * @param min the lower bound
   * @param max the upper bound
   * @return a new tensor of this shape
   */
  public Tensor clamp(double min, double max) {
    return PointwiseOps.clamp(this, min, max);
  }

  /**
   * {@code out = max(this, min)}; see {@link #clamp(double, double)}.
   *
   * @param min the lower bound
   * @return a new tensor of this shape
   */
  public Tensor clampMin(double min) {
    return PointwiseOps.clamp(this, min, Double.NaN);
  }

  /**
   * {@code out = min(this, max)}; see {@link #clamp(double, double)}.
   *
   * @param max the upper bound
   * @return a new tensor of this shape
   */
  public Tensor clampMax(double max) {
    return PointwiseOps.clamp(this, Double.NaN, max);
  }

  /**
   * {@code out = condition ? a : b} element-wise, all three broadcast together. Derivative: {@code
   * grad} to {@code a} where the condition holds and to {@code b} elsewhere; none to the condition.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {-2, 3});
   * Tensor.where(x.gt(0), x, x.mul(0.1)); // tensor([-0.2000,  3.0000])
   * }</pre>
   *
   * @param condition the BOOL mask; true selects {@code a}
   * @param a the values where the condition holds
   * @param b the values elsewhere
   * @return a new tensor of the shape of the three broadcast together
   * @throws TensorException if the condition is not BOOL (as in PyTorch, a number is no condition),
   *     or the shapes do not broadcast
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return PointwiseOps.where(condition, a, b);
  }

  /**
   * BOOL mask of {@code this > other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor gt(Tensor other) {
    return PointwiseOps.compare("gt", BinaryFn.GT, this, other);
  }

  /**
   * BOOL mask of {@code this > value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor gt(double value) {
    return gt(scalarLike(value));
  }

  /**
   * BOOL mask of {@code this < other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor lt(Tensor other) {
    return PointwiseOps.compare("lt", BinaryFn.LT, this, other);
  }

  /**
   * BOOL mask of {@code this < value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor lt(double value) {
    return lt(scalarLike(value));
  }

  /**
   * BOOL mask of {@code this >= other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor ge(Tensor other) {
    return PointwiseOps.compare("ge", BinaryFn.GE, this, other);
  }

  /**
   * BOOL mask of {@code this >= value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor ge(double value) {
    return ge(scalarLike(value));
  }

  /**
   * BOOL mask of {@code this <= other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor le(Tensor other) {
    return PointwiseOps.compare("le", BinaryFn.LE, this, other);
  }

  /**
   * BOOL mask of {@code this <= value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor le(double value) {
    return le(scalarLike(value));
  }

  /**
   * BOOL mask of {@code this == other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor eq(Tensor other) {
    return PointwiseOps.compare("eq", BinaryFn.EQ, this, other);
  }

  /**
   * BOOL mask of {@code this == value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor eq(double value) {
    return eq(scalarLike(value));
  }

  /**
   * BOOL mask of {@code this != other}, broadcasting; not differentiable.
   *
   * @param other the tensor to compare with; broadcast with this tensor
   * @return a new BOOL tensor of the broadcast shape
   * @throws TensorException if the shapes do not broadcast
   */
  public Tensor ne(Tensor other) {
    return PointwiseOps.compare("ne", BinaryFn.NE, this, other);
  }

  /**
   * BOOL mask of {@code this != value}.
   *
   * @param value the scalar to compare with
   * @return a new BOOL tensor of this shape
   */
  public Tensor ne(double value) {
    return ne(scalarLike(value));
  }

  /** A 0-d tensor holding {@code value}, typed so that it does not promote this tensor's type. */
  Tensor scalarLike(double value) {
    DType t = dtype();
    if (!t.isFloatingPoint()) t = value == Math.rint(value) ? DType.INT64 : DType.FLOAT32;
    return scalar(value, t);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * The sum of all elements, a 0-d tensor. Derivative: {@code grad} broadcast to every element.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).sum(); // tensor(10.)
   * }</pre>
   *
   * @return a new 0-d tensor
   */
  public Tensor sum() {
    return ReduceOps.sum(this, ReduceOps.ALL_DIMS, false);
  }

  /**
   * The sum over {@code dim}; keepDim keeps it with size 1.
   *
   * <p>Derivative: {@code grad} broadcast back along {@code dim}.
   *
   * <pre>
   * [a, b, c] reduced over dim 1 -&gt; [a, c], or [a, 1, c] with keepDim
   * </pre>
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
   * a.sum(0, false); // tensor([5., 7., 9.])
   * a.sum(1, true);  // tensor([[ 6.], [15.]])
   * }</pre>
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range
   */
  public Tensor sum(int dim, boolean keepDim) {
    return ReduceOps.sum(this, new int[] {dim}, keepDim);
  }

  /**
   * The sum over {@code dim}, which is removed: {@code sum(dim, false)}, PyTorch's default.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @return a new tensor of this shape without {@code dim}
   * @throws TensorException if the dim is out of range
   */
  public Tensor sum(int dim) {
    return sum(dim, false);
  }

  /**
   * The sum over several dims; keepDim keeps them with size 1.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, or {@code dims} is empty
   */
  public Tensor sum(int[] dims, boolean keepDim) {
    requireDims("sum", dims, "sum()");
    return ReduceOps.sum(this, dims, keepDim);
  }

  /**
   * The product of all elements, a 0-d tensor, as PyTorch's {@code prod()}: {@code prod_i x_i}, 1
   * for no elements; integer and BOOL tensors give INT64. Derivative: PyTorch's prod_backward,
   * {@code grad * prod_{j != i} x_j}, computed as {@code grad * result / x} when no element is 0
   * and from the running products of the others when one is, so that with one 0 its gradient is the
   * product of the others and with two or more every gradient is 0; it can be differentiated again,
   * exactly with zeros too (PyTorch 1.13's gradient with two or more zeros is a constant, so its
   * second derivative there is 0 where the true one is the product of the other elements).
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).prod(); // tensor(24.)
   * }</pre>
   *
   * @return a new 0-d tensor
   */
  public Tensor prod() {
    return ReduceOps.prod(this, null, false);
  }

  /**
   * The product along {@code dim}, which is removed: {@code prod(dim, false)}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @return a new tensor of this shape without {@code dim}
   * @throws TensorException if the dim is out of range
   */
  public Tensor prod(int dim) {
    return prod(dim, false);
  }

  /**
   * The product along {@code dim}, as PyTorch's {@code prod(dim, keepdim)}; keepDim keeps it with
   * size 1. Types and derivative as {@link #prod()}, lane by lane.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
   * a.prod(1, false); // tensor([  6., 120.])
   * }</pre>
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dim stays, with size 1
   * @return a new tensor of this shape without {@code dim} (or with it of size 1 if {@code
   *     keepDim})
   * @throws TensorException if the dim is out of range
   */
  public Tensor prod(int dim, boolean keepDim) {
    return ReduceOps.prod(this, dim, keepDim);
  }

  /**
   * The mean of all elements. Derivative: {@code grad / numel} to every element.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).mean(); // tensor(2.5000)
   * }</pre>
   *
   * @return a new 0-d tensor
   * @throws TensorException if this tensor is not floating point (as in PyTorch)
   */
  public Tensor mean() {
    return ReduceOps.mean(this, ReduceOps.ALL_DIMS, false);
  }

  /**
   * The mean over {@code dim}.
   *
   * <p>Derivative: {@code grad / size(dim)} broadcast back along {@code dim}.
   *
   * <pre>
   * [a, b, c] reduced over dim 1 -&gt; [a, c], or [a, 1, c] with keepDim
   * </pre>
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range, or this tensor is not floating point
   */
  public Tensor mean(int dim, boolean keepDim) {
    return ReduceOps.mean(this, new int[] {dim}, keepDim);
  }

  /**
   * The mean over {@code dim}, which is removed: {@code mean(dim, false)}, PyTorch's default.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @return a new tensor of this shape without {@code dim}
   * @throws TensorException if the dim is out of range, or this tensor is not floating point
   */
  public Tensor mean(int dim) {
    return mean(dim, false);
  }

  /**
   * The mean over several dims.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, {@code dims} is empty, or this
   *     tensor is not floating point
   */
  public Tensor mean(int[] dims, boolean keepDim) {
    requireDims("mean", dims, "mean()");
    return ReduceOps.mean(this, dims, keepDim);
  }

  /**
   * The largest element, a 0-d tensor. Derivative: {@code grad} shared evenly among the elements
   * equal to the maximum.
   *
   * @return a new 0-d tensor
   */
  public Tensor amax() {
    return ReduceOps.extreme("amax", this, ReduceOps.ALL_DIMS, false, true);
  }

  /**
   * The largest element over {@code dim}; ties share the gradient evenly.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range
   */
  public Tensor amax(int dim, boolean keepDim) {
    return ReduceOps.extreme("amax", this, new int[] {dim}, keepDim, true);
  }

  /**
   * The largest element over several dims.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, or {@code dims} is empty
   */
  public Tensor amax(int[] dims, boolean keepDim) {
    requireDims("amax", dims, "amax()");
    return ReduceOps.extreme("amax", this, dims, keepDim, true);
  }

  /**
   * The smallest element, a 0-d tensor; ties share the gradient evenly.
   *
   * @return a new 0-d tensor
   */
  public Tensor amin() {
    return ReduceOps.extreme("amin", this, ReduceOps.ALL_DIMS, false, false);
  }

  /**
   * The smallest element over {@code dim}; ties share the gradient evenly.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range
   */
  public Tensor amin(int dim, boolean keepDim) {
    return ReduceOps.extreme("amin", this, new int[] {dim}, keepDim, false);
  }

  /**
   * The smallest element over several dims.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, or {@code dims} is empty
   */
  public Tensor amin(int[] dims, boolean keepDim) {
    requireDims("amin", dims, "amin()");
    return ReduceOps.extreme("amin", this, dims, keepDim, false);
  }

  /**
   * The largest element, a 0-d tensor (as {@link #amax()}).
   *
   * @return a new 0-d tensor
   */
  public Tensor max() {
    return ReduceOps.extreme("max", this, ReduceOps.ALL_DIMS, false, true);
  }

  /**
   * The largest value over {@code dim} and its index (the first one at a tie), like {@code
   * torch.max(x, dim)}. Derivative: {@code grad} to the element at the index.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
   * ValuesAndIndices m = a.max(1, false);
   * m.values();  // tensor([5., 6.])
   * m.indices(); // tensor([1, 2])
   * }</pre>
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return the values (differentiable) and their INT64 indices, both of the reduced shape
   * @throws TensorException if a dim is out of range
   */
  public ValuesAndIndices max(int dim, boolean keepDim) {
    return ReduceOps.maxWithIndices("max", this, dim, keepDim, true);
  }

  /**
   * The smallest element, a 0-d tensor (as {@link #amin()}).
   *
   * @return a new 0-d tensor
   */
  public Tensor min() {
    return ReduceOps.extreme("min", this, ReduceOps.ALL_DIMS, false, false);
  }

  /**
   * The smallest value over {@code dim} and its index; see {@link #max(int, boolean)}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return the values (differentiable) and their INT64 indices, both of the reduced shape
   * @throws TensorException if a dim is out of range
   */
  public ValuesAndIndices min(int dim, boolean keepDim) {
    return ReduceOps.maxWithIndices("min", this, dim, keepDim, false);
  }

  /**
   * The INT64 index of the largest element of the flattened tensor, a 0-d tensor.
   *
   * @return a new 0-d INT64 tensor, not differentiable
   */
  public Tensor argmax() {
    return ReduceOps.maxWithIndices("argmax", reshape(-1), 0, false, true).indices();
  }

  /**
   * The INT64 indices of the largest elements over {@code dim}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new INT64 tensor of the reduced shape, not differentiable
   * @throws TensorException if a dim is out of range
   */
  public Tensor argmax(int dim, boolean keepDim) {
    return ReduceOps.maxWithIndices("argmax", this, dim, keepDim, true).indices();
  }

  /**
   * The INT64 indices of the smallest elements over {@code dim}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new INT64 tensor of the reduced shape, not differentiable
   * @throws TensorException if a dim is out of range
   */
  public Tensor argmin(int dim, boolean keepDim) {
    return ReduceOps.maxWithIndices("argmin", this, dim, keepDim, false).indices();
  }

  /**
   * The variance of all elements with Bessel's correction, {@code sum((x - mean)^2) / (n - 1)}, as
   * PyTorch's {@code var()}. See {@link #var(int[], int, boolean)}.
   *
   * @return a new 0-d tensor
   * @throws TensorException if this tensor is not floating point
   */
  public Tensor var() {
    return ReduceOps.var("var", this, ReduceOps.ALL_DIMS, 1, false);
  }

  /**
   * The variance of all elements, {@code sum((x - mean)^2) / (n - 1)} when unbiased (PyTorch's
   * default), else divided by n. Derivative: {@code grad * 2 (x - mean) / (n - 1)}.
   *
   * @param unbiased divide by n - 1 (Bessel's correction) rather than n
   * @return a new 0-d tensor
   * @throws TensorException if this tensor is not floating point
   */
  public Tensor var(boolean unbiased) {
    return ReduceOps.var("var", this, ReduceOps.ALL_DIMS, unbiased ? 1 : 0, false);
  }

  /**
   * The variance over {@code dim}; see {@link #var(boolean)}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param unbiased divide by n - 1 (Bessel's correction) rather than n
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range, or this tensor is not floating point
   */
  public Tensor var(int dim, boolean unbiased, boolean keepDim) {
    return ReduceOps.var("var", this, new int[] {dim}, unbiased ? 1 : 0, keepDim);
  }

  /**
   * The variance over several dims; see {@link #var(boolean)}.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param unbiased divide by n - 1 (Bessel's correction) rather than n
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, {@code dims} is empty, or this
   *     tensor is not floating point
   */
  public Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
    requireDims("var", dims, "var(unbiased)");
    return ReduceOps.var("var", this, dims, unbiased ? 1 : 0, keepDim);
  }

  /**
   * The variance over {@code dim} with any correction; see {@link #var(int[], int, boolean)}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param correction subtracted from the number of elements in the divisor (1: Bessel's)
   * @param keepDim whether the reduced dim stays, with size 1
   * @return a new tensor of this shape without the reduced dim (or with it of size 1 if {@code
   *     keepDim})
   * @throws TensorException if the dim is out of range, or this tensor is not floating point
   */
  public Tensor var(int dim, int correction, boolean keepDim) {
    return ReduceOps.var("var", this, new int[] {dim}, correction, keepDim);
  }

  /**
   * The variance over several dims with any correction, as PyTorch's {@code var(dim,
   * correction=c)}: with n the number of elements reduced into each result,
   *
   * <pre>
   * out = sum((x - mean)^2) / max(0, n - c)
   * </pre>
   *
   * so NaN over no elements or n = c elements, and infinite over fewer than c (unless they are all
   * equal). Derivative: {@code grad * 2 (x - mean) / (n - c)}, PyTorch's, with the signed count. To
   * reduce all elements, give every dim ({@code new int[] {0, 1}} for a matrix, {@code {0}} for a
   * 0-d or 1-D tensor). Float32 is reduced in double, as PyTorch does.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
   * x.var(new int[] {1}, 0, false); // tensor([0.2500, 0.2500])
   * }</pre>
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param correction subtracted from the number of elements in the divisor (1: Bessel's)
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, {@code dims} is empty, or this
   *     tensor is not floating point
   */
  public Tensor var(int[] dims, int correction, boolean keepDim) {
    requireDims("var", dims, "var()");
    return ReduceOps.var("var", this, dims, correction, keepDim);
  }

  /**
   * The standard deviation of all elements with Bessel's correction, {@code sqrt(var())}.
   * Derivative: {@code grad / (2 out)} through {@link #var()}'s, and 0 where {@code out} is 0 (all
   * elements equal), as in PyTorch.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3, 4}).std(); // tensor(1.2910)
   * }</pre>
   *
   * @return a new 0-d tensor
   * @throws TensorException if this tensor is not floating point
   */
  public Tensor std() {
    return ReduceOps.std(this, ReduceOps.ALL_DIMS, 1, false);
  }

  /**
   * The standard deviation of all elements, {@code sqrt(var(unbiased))}; see {@link #std()}.
   *
   * @param unbiased divide by n - 1 (Bessel's correction) rather than n
   * @return a new 0-d tensor
   * @throws TensorException if this tensor is not floating point
   */
  public Tensor std(boolean unbiased) {
    return ReduceOps.std(this, ReduceOps.ALL_DIMS, unbiased ? 1 : 0, false);
  }

  /**
   * The standard deviation over {@code dim}, {@code sqrt(var(dim, unbiased, keepDim))}; see {@link
   * #std()}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param unbiased divide by n - 1 (Bessel's correction) rather than n
   * @param keepDim whether the reduced dim stays, with size 1
   * @return a new tensor of this shape without the reduced dim (or with it of size 1 if {@code
   *     keepDim})
   * @throws TensorException if the dim is out of range, or this tensor is not floating point
   */
  public Tensor std(int dim, boolean unbiased, boolean keepDim) {
    return ReduceOps.std(this, new int[] {dim}, unbiased ? 1 : 0, keepDim);
  }

  /**
   * The standard deviation over several dims with any correction, {@code sqrt(var(dims, correction,
   * keepDim))} (see {@link #var(int[], int, boolean)}), as PyTorch's {@code std(dim,
   * correction=c)}; its gradient is 0 where it is 0.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param correction subtracted from the number of elements in the divisor (1: Bessel's)
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, {@code dims} is empty, or this
   *     tensor is not floating point
   */
  public Tensor std(int[] dims, int correction, boolean keepDim) {
    requireDims("std", dims, "std()");
    return ReduceOps.std(this, dims, correction, keepDim);
  }

  /**
   * The Euclidean norm of all elements, {@code sqrt(sum(x^2))}. Derivative: {@code grad * x / out},
   * and 0 where {@code out} is 0 (as in PyTorch).
   *
   * @return a new 0-d tensor
   */
  public Tensor norm() {
    return ReduceOps.norm(this, ReduceOps.ALL_DIMS, false);
  }

  /**
   * The Euclidean norm over several dims.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, or {@code dims} is empty
   */
  public Tensor norm(int[] dims, boolean keepDim) {
    requireDims("norm", dims, "norm()");
    return ReduceOps.norm(this, dims, keepDim);
  }

  /**
   * The p-norm of all elements, {@code (sum |x|^p)^(1/p)}; see {@link #norm(double, int[],
   * boolean)}.
   *
   * @param p the order of the norm: any number, infinities included
   * @return a new 0-d tensor
   * @throws TensorException if {@code p} is NaN or this tensor is not floating point
   */
  public Tensor norm(double p) {
    return Composites.norm(this, p, ReduceOps.ALL_DIMS, false);
  }

  /**
   * The p-norm over {@code dim}; see {@link #norm(double, int[], boolean)}.
   *
   * @param p the order of the norm: any number, infinities included
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dim stays, with size 1
   * @return a new tensor of this shape without the reduced dim (or with it of size 1 if {@code
   *     keepDim})
   * @throws TensorException if {@code p} is NaN, the dim is out of range, or this tensor is not
   *     floating point
   */
  public Tensor norm(double p, int dim, boolean keepDim) {
    return Composites.norm(this, p, new int[] {dim}, keepDim);
  }

  /**
   * The vector p-norm over several dims, as PyTorch's {@code linalg.vector_norm(x, ord=p, dim,
   * keepdim)}:
   *
   * <pre>
   * p = inf: max |x|      p = -inf: min |x|      p = 0: the number of non-zero elements
   * otherwise: (sum |x|^p)^(1/p)   (p = 2: the Euclidean norm, p = 1: the sum of |x|)
   * </pre>
   *
   * Derivative: {@code grad * sign(x) |x|^(p-1) / out^(p-1)}, PyTorch's choices where that is 0/0
   * or inf: 0 at the zero elements, 0 everywhere where {@code out} is 0, 0 for p = 0, and for p =
   * +-inf {@code grad * sign(x)} shared evenly among the elements whose |x| is the extreme.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {3, -4, 0, 1}, 2, 2);
   * x.norm(1, new int[] {1}, false); // tensor([7., 1.])
   * }</pre>
   *
   * @param p the order of the norm: any number, infinities included
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if {@code p} is NaN, a dim is out of range or repeated, {@code dims} is
   *     empty, or this tensor is not floating point
   */
  public Tensor norm(double p, int[] dims, boolean keepDim) {
    requireDims("norm", dims, "norm(p)");
    return Composites.norm(this, p, dims, keepDim);
  }

  /**
   * {@code log(sum(exp(x)))} over {@code dim}, computed stably by subtracting the maximum first.
   * Derivative: {@code grad * softmax(x, dim)}.
   *
   * @param dim the dim to reduce, in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range
   */
  public Tensor logsumexp(int dim, boolean keepDim) {
    return ReduceOps.logsumexp(this, new int[] {dim}, keepDim);
  }

  /**
   * {@code log(sum(exp(x)))} over several dims.
   *
   * @param dims the dims to reduce, each in [-dim(), dim())
   * @param keepDim whether the reduced dims stay, with size 1
   * @return a new tensor of this shape without the reduced dims (or with them of size 1 if {@code
   *     keepDim})
   * @throws TensorException if a dim is out of range or repeated, or {@code dims} is empty
   */
  public Tensor logsumexp(int[] dims, boolean keepDim) {
    requireDims("logsumexp", dims, null);
    return ReduceOps.logsumexp(this, dims, keepDim);
  }

  /**
   * {@code out_i = exp(x_i) / sum_j exp(x_j)} along {@code dim}. Derivative: {@code out * (grad -
   * sum(grad * out, dim))}.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2, 3}).softmax(0); // tensor([0.0900, 0.2447, 0.6652])
   * }</pre>
   *
   * @param dim the dim along which the values sum to 1, in [-dim(), dim())
   * @return a new tensor of this shape
   * @throws TensorException if a dim is out of range
   */
  public Tensor softmax(int dim) {
    return Composites.softmax(this, dim);
  }

  /**
   * {@code out = x - logsumexp(x, dim)}, the log of {@link #softmax(int)}, computed stably as
   * {@code (x - max) - log(sum(exp(x - max)))}, so that large logits lose no digits to the rounding
   * of their logsumexp. Derivative: {@code grad - exp(out) * sum(grad, dim)}.
   *
   * @param dim the dim along which the exponentials sum to 1, in [-dim(), dim())
   * @return a new tensor of this shape
   * @throws TensorException if a dim is out of range
   */
  public Tensor logSoftmax(int dim) {
    return Composites.logSoftmax(this, dim);
  }

  /** Refuses an empty list of dims, naming the method that reduces everything, if there is one. */
  private static void requireDims(String op, int[] dims, String reduceAll) {
    Arguments.requireNonNull(op, "dims", dims);
    if (dims.length == 0) {
      throw new TensorException(
          op
              + ": give at least one dim"
              + (reduceAll == null ? "" : ", or call " + reduceAll + " to reduce all elements"));
    }
  }

  // ---------------------------------------------------------------- shape ops and views

  /**
   * A tensor with the same elements in row-major order and the given shape; one size may be -1
   * (inferred). A view when the strides allow it, otherwise a copy. Derivative: {@code
   * grad.reshape(this.shape())}.
   *
   * <pre>{@code
   * Tensor.arange(6).reshape(2, -1); // tensor([[0, 1, 2], [3, 4, 5]])
   * }</pre>
   *
   * @param newShape the sizes of the result; at most one may be -1
   * @return a view or a new tensor of that shape
   * @throws TensorException if the sizes do not hold the same number of elements
   */
  public Tensor reshape(int... newShape) {
    return ShapeOps.reshape(this, newShape, false);
  }

  /**
   * Like {@link #reshape} but always a view sharing storage.
   *
   * @param newShape the sizes of the result; at most one may be -1
   * @return a view of that shape
   * @throws TensorException also if the sizes do not hold the same number of elements
   * @throws TensorException if the strides do not allow a view (call {@link #reshape} or {@link
   *     #contiguous()} first)
   */
  public Tensor view(int... newShape) {
    return ShapeOps.reshape(this, newShape, true);
  }

  /**
   * Dims {@code startDim} to {@code endDim} merged into one (a view when possible).
   *
   * @param startDim the first dim to merge, in [-dim(), dim())
   * @param endDim the last dim to merge, not before {@code startDim}
   * @return a tensor of {@code dim() - (endDim - startDim)} dims
   * @throws TensorException if a dim is out of range
   */
  public Tensor flatten(int startDim, int endDim) {
    return Composites.flatten(this, startDim, endDim);
  }

  /**
   * All elements as a 1-D tensor.
   *
   * @return a 1-D tensor of {@link #numel()} elements
   */
  public Tensor flatten() {
    return reshape(-1);
  }

  /**
   * Views of consecutive pieces of {@code splitSize} along {@code dim} (the last one smaller if the
   * size does not divide), as PyTorch's {@code split}.
   *
   * <pre>{@code
   * Tensor.arange(5).split(2, 0); // [tensor([0, 1]), tensor([2, 3]), tensor([4])]
   * }</pre>
   *
   * @param splitSize the size of each piece, positive (0 only for an empty dim)
   * @param dim the dim to split
   * @return the pieces, views of this tensor
   * @throws TensorException if dim is out of range or splitSize negative
   */
  public java.util.List<Tensor> split(int splitSize, int dim) {
    return ShapeComposites.split(this, splitSize, dim);
  }

  /**
   * Views of pieces of the given sizes along {@code dim}, as PyTorch's {@code split} with a list.
   *
   * @param splitSizes the sizes, summing to the dim's size
   * @param dim the dim to split
   * @return the pieces, views of this tensor
   * @throws TensorException if the sizes do not sum to the dim's size, or dim is out of range
   */
  public java.util.List<Tensor> split(int[] splitSizes, int dim) {
    return ShapeComposites.splitWithSizes(this, splitSizes, dim);
  }

  /**
   * {@code chunks} pieces of equal size {@code ceil(n / chunks)} along {@code dim} (fewer when they
   * run out), as PyTorch's {@code chunk}.
   *
   * @param chunks the number of pieces, positive
   * @param dim the dim to split
   * @return the pieces, views of this tensor
   * @throws TensorException if chunks is not positive or dim is out of range
   */
  public java.util.List<Tensor> chunk(int chunks, int dim) {
    return ShapeComposites.chunk(this, chunks, dim);
  }

  /**
   * The slices along {@code dim}, each without that dim, as PyTorch's {@code unbind}.
   *
   * @param dim the dim to take apart
   * @return one view per index
   * @throws TensorException if dim is out of range
   */
  public java.util.List<Tensor> unbind(int dim) {
    return ShapeComposites.unbind(this, dim);
  }

  /**
   * The tensor repeated {@code repeats[d]} times along each dim, as PyTorch's {@code repeat} (extra
   * leading repeats add dims): {@code out[i] = x[i mod shape]}. Derivative: the gradient summed
   * over the copies.
   *
   * <pre>{@code
   * Tensor.of(new double[] {1, 2}).repeat(2, 2); // [[1, 2, 1, 2], [1, 2, 1, 2]]
   * }</pre>
   *
   * @param repeats one count per dim, at least as many as the tensor has dims
   * @return a new tensor
   * @throws TensorException if repeats has fewer entries than dims or a negative one
   */
  public Tensor repeat(int... repeats) {
    return ShapeComposites.repeat(this, repeats);
  }

  /**
   * {@link #repeat} with PyTorch's {@code tile} rule: fewer counts than dims repeat the last dims.
   *
   * @param dims the counts, for the last dims
   * @return a new tensor
   * @throws TensorException if a count is negative
   */
  public Tensor tile(int... dims) {
    return ShapeComposites.tile(this, dims);
  }

  /**
   * The elements in reverse order along each of {@code dims}, as PyTorch's {@code flip}.
   *
   * @param dims the dims to reverse, each once
   * @return a new tensor
   * @throws TensorException if a dim is out of range or repeated
   */
  public Tensor flip(int... dims) {
    return ShapeComposites.flip(this, dims);
  }

  /**
   * The elements shifted cyclically by {@code shift} along {@code dim}: {@code out[(i + shift) mod
   * n] = x[i]}, as PyTorch's {@code roll}.
   *
   * @param shift the shift, negative to the left
   * @param dim the dim
   * @return a new tensor
   * @throws TensorException if dim is out of range
   */
  public Tensor roll(int shift, int dim) {
    return ShapeComposites.roll(this, new int[] {shift}, new int[] {dim});
  }

  /**
   * {@link #roll(int, int)} along several dims, or of the flattened tensor when {@code dims} is
   * empty (then one shift).
   *
   * @param shifts one shift per dim
   * @param dims the dims, or none
   * @return a new tensor
   * @throws TensorException if shifts and dims differ in length or a dim is out of range
   */
  public Tensor roll(int[] shifts, int[] dims) {
    return ShapeComposites.roll(this, shifts, dims);
  }

  /**
   * The lower triangle of the last two dims, the rest zero: {@code x[..., i, j]} kept where {@code
   * j - i <= diagonal}, as PyTorch's {@code tril}.
   *
   * @param diagonal 0 for the main diagonal, positive above it, negative below
   * @return a new tensor
   * @throws TensorException if the tensor has fewer than 2 dims
   */
  public Tensor tril(int diagonal) {
    return ShapeComposites.triangle("tril", this, diagonal, true);
  }

  /**
   * The upper triangle of the last two dims, the rest zero: kept where {@code j - i >= diagonal},
   * as PyTorch's {@code triu}.
   *
   * @param diagonal 0 for the main diagonal, positive above it, negative below
   * @return a new tensor
   * @throws TensorException if the tensor has fewer than 2 dims
   */
  public Tensor triu(int diagonal) {
    return ShapeComposites.triangle("triu", this, diagonal, false);
  }

  /**
   * The outer product of two vectors, {@code out[i, j] = x[i] other[j]}, as PyTorch's {@code
   * outer}.
   *
   * @param other a 1-D tensor
   * @return [n, m]
   * @throws TensorException if either tensor is not 1-D
   */
  public Tensor outer(Tensor other) {
    return ShapeComposites.outer(this, other);
  }

  /**
   * The view with dims {@code dim0} and {@code dim1} swapped. Derivative: {@code
   * grad.transpose(dim0, dim1)}.
   *
   * <pre>{@code
   * Tensor.arange(6).reshape(2, 3).transpose(0, 1); // tensor([[0, 3], [1, 4], [2, 5]])
   * }</pre>
   *
   * @param dim0 one dim, in [-dim(), dim())
   * @param dim1 the other dim
   * @return a view with the sizes and strides of the two dims exchanged
   * @throws TensorException if a dim is out of range
   */
  public Tensor transpose(int dim0, int dim1) {
    return Composites.transpose(this, dim0, dim1);
  }

  /**
   * The transpose of a matrix (a 1-D or 0-d tensor is returned as is), like {@code x.t()}.
   *
   * @return a view of shape [m, n] for a matrix of shape [n, m]
   * @throws TensorException if this tensor has more than 2 dims
   */
  public Tensor t() {
    return Composites.t(this);
  }

  /**
   * The view with dims reordered: dim {@code d} of the result is dim {@code dims[d]} of this.
   * Derivative: {@code grad} permuted back by the inverse order.
   *
   * @param dims a permutation of the dims (negative counts from the end)
   * @return a view of shape {@code [size(dims[0]), size(dims[1]), ...]}
   * @throws TensorException if {@code dims} is not a permutation of this tensor's dims
   */
  public Tensor permute(int... dims) {
    return ShapeOps.permute(this, dims);
  }

  /**
   * The view that repeats size-1 dims (and adds leading dims) to reach {@code sizes}, without
   * copying; -1 keeps a size. Derivative: {@code grad} summed over the repeated dims.
   *
   * @param sizes the target shape, with at least {@link #dim()} dims
   * @return a view of that shape, with stride 0 along the repeated dims
   * @throws TensorException if a size that is not 1 is changed
   */
  public Tensor expand(int... sizes) {
    return ShapeOps.expand(this, sizes);
  }

  /**
   * The view of {@code length} elements of {@code dim} from {@code start}. Derivative: {@code grad}
   * placed back at those positions, zero elsewhere.
   *
   * @param dim the dim to narrow, in [-dim(), dim())
   * @param start the first position kept
   * @param length the number of positions kept
   * @return a view with size {@code length} along {@code dim}
   * @throws TensorException if the dim or the range is out of bounds
   */
  public Tensor narrow(int dim, int start, int length) {
    return ShapeOps.narrow(this, dim, start, length);
  }

  /**
   * The view at {@code index} of {@code dim}, which is removed. Derivative: {@code grad} placed at
   * that index, zero elsewhere.
   *
   * @param dim the dim to remove, in [-dim(), dim())
   * @param index the position kept, in [-size(dim), size(dim))
   * @return a view with one dim fewer
   * @throws TensorException if the dim or the index is out of range
   */
  public Tensor select(int dim, int index) {
    return ShapeOps.select(this, dim, index);
  }

  /**
   * The view without any size-1 dims.
   *
   * @return a view of the same elements
   */
  public Tensor squeeze() {
    return Composites.squeeze(this);
  }

  /**
   * The view without dim {@code dim} if its size is 1 (else this tensor's view as is).
   *
   * @param dim the dim to remove, in [-dim(), dim())
   * @return a view of the same elements
   * @throws TensorException if a dim is out of range
   */
  public Tensor squeeze(int dim) {
    return Composites.squeeze(this, dim);
  }

  /**
   * The view with a size-1 dim inserted at {@code dim} (from -dim()-1 to dim()).
   *
   * @param dim the position of the new dim
   * @return a view with one dim more
   * @throws TensorException if a dim is out of range
   */
  public Tensor unsqueeze(int dim) {
    return Composites.unsqueeze(this, dim);
  }

  /**
   * This tensor if its layout is row-major, else a row-major copy. Derivative: {@code grad}.
   *
   * @return this tensor or a row-major copy
   */
  public Tensor contiguous() {
    return isContiguous() ? this : clone();
  }

  /**
   * A copy with its own storage (same type, row-major), like PyTorch's {@code clone()}. Derivative:
   * {@code grad}.
   *
   * @return a new tensor; it is part of the graph when this one is
   */
  public Tensor clone() {
    return ShapeOps.copy(this, dtype(), Primitives.CLONE);
  }

  /**
   * This tensor converted to {@code dtype} (this tensor itself if it already has that type).
   * Derivative: {@code grad} converted back.
   *
   * @param dtype the target type
   * @return this tensor, or a new one of that type (values rounded to it)
   */
  public Tensor to(DType dtype) {
    Arguments.requireNonNull("to", "dtype", dtype);
    if (dtype == dtype()) return this;
    return ShapeOps.copy(this, dtype, Primitives.TO_COPY);
  }

  /**
   * The tensors joined along {@code dim}; all have the same sizes in the other dims. Derivative:
   * the slice of {@code grad} that each tensor occupies.
   *
   * <pre>
   * [2, 3] and [4, 3] along dim 0 -&gt; [6, 3]
   * </pre>
   *
   * @param tensors the tensors to join, at least one, all of the same number of dims
   * @param dim the dim to join along, in [-dim(), dim())
   * @return a new tensor whose size along {@code dim} is the sum of theirs
   * @throws TensorException if the list is empty, the shapes differ outside {@code dim}, or the dim
   *     is out of range
   */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    return ShapeOps.cat(tensors, dim);
  }

  /**
   * The tensors, all of one shape, stacked along a new dim {@code dim}.
   *
   * <p>Derivative: {@code grad.select(dim, i)} for tensor i.
   *
   * <pre>
   * three tensors [2, 3] along dim 0 -&gt; [3, 2, 3]
   * </pre>
   *
   * @param tensors the tensors to stack, at least one, all of one shape
   * @param dim the position of the new dim, in [-dim()-1, dim()]
   * @return a new tensor with a dim of size {@code tensors.size()} at {@code dim}
   * @throws TensorException if the list is empty, the shapes differ, or the dim is out of range
   */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    return Composites.stack(tensors, dim);
  }

  /**
   * The slices of {@code dim} at the positions in {@code index} (an INT64 1-D tensor), in that
   * order. Derivative: {@code grad}'s slices added back at those positions.
   *
   * @param dim the dim to select along, in [-dim(), dim())
   * @param index INT64 positions along {@code dim}, 1-D or 0-d (repeats allowed)
   * @return a new tensor with size {@code index.numel()} along {@code dim}
   * @throws TensorException if the index is not a 1-D or 0-d INT64 tensor, a position is out of
   *     range, or the dim is out of range
   */
  public Tensor indexSelect(int dim, Tensor index) {
    return ShapeOps.indexSelect(this, dim, index);
  }

  // ---------------------------------------------------------------- indexing and ordering

  /**
   * The elements of this tensor picked along {@code dim} by {@code index}, as PyTorch's {@code
   * gather}: for a 3-D tensor and dim 1, {@code out[i][j][k] = this[i][index[i][j][k]][k]}. The
   * result has index's shape. Derivative: {@code grad} scatter-added into zeros at the same
   * positions ({@code zeros.scatterAdd(dim, index, grad)}); none for the index.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
   * x.gather(1, Tensor.of(new long[][] {{0, 0}, {1, 0}})); // tensor([[1., 1.], [4., 3.]])
   * }</pre>
   *
   * @param dim the dim to pick along, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), of this tensor's rank, no larger than this
   *     tensor in every dim but {@code dim}
   * @return a new tensor of index's shape and this tensor's type
   * @throws TensorException if the index is not INT64, its rank differs, it is larger than this
   *     tensor in a dim other than {@code dim}, a position is out of range, or dim is out of range
   */
  public Tensor gather(int dim, Tensor index) {
    return IndexOps.gather(this, dim, index);
  }

  /**
   * A copy of this tensor with {@code src}'s elements written at the positions {@code index} names
   * along {@code dim}, as PyTorch's {@code scatter}: for dim 0, {@code out[index[i][j]][j] =
   * src[i][j]} for each element of index. Where index repeats a position the result is undefined in
   * PyTorch; here the last write (in row-major order of index) wins. Derivatives: {@code grad} with
   * the written positions set to 0 for this tensor ({@code grad.scatter(dim, index, 0)}), {@code
   * grad.gather(dim, index)} for src; none for the index.
   *
   * <pre>{@code
   * Tensor x = Tensor.zeros(2, 3);
   * x.scatter(1, Tensor.of(new long[][] {{2}, {0}}), Tensor.ones(2, 1)); // [[0, 0, 1], [1, 0, 0]]
   * }</pre>
   *
   * @param dim the dim to write along, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), of this tensor's rank, no larger than src in
   *     every dim and than this tensor in every dim but {@code dim}
   * @param src the values, of this tensor's type and rank; only the part that index covers is read
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException if the index is not INT64, the ranks differ, index is too large, a
   *     position is out of range, src's type differs, or dim is out of range
   */
  public Tensor scatter(int dim, Tensor index, Tensor src) {
    return IndexOps.scatter("scatter", this, dim, index, src);
  }

  /**
   * A copy of this tensor with {@code value} written at the positions {@code index} names along
   * {@code dim}; see {@link #scatter(int, Tensor, Tensor)}. Derivative: {@code grad.scatter(dim,
   * index, 0)}.
   *
   * @param dim the dim to write along, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), as for {@link #scatter(int, Tensor, Tensor)}
   * @param value the value written, converted to this tensor's type
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException as {@link #scatter(int, Tensor, Tensor)}
   */
  public Tensor scatter(int dim, Tensor index, double value) {
    return IndexOps.scatter("scatter", this, dim, index, value);
  }

  /**
   * A copy of this tensor with {@code src}'s elements added at the positions {@code index} names
   * along {@code dim}, as PyTorch's {@code scatter_add}: for dim 0, {@code out[index[i][j]][j] +=
   * src[i][j]}; repeated positions accumulate. Derivatives: {@code grad} for this tensor, {@code
   * grad.gather(dim, index)} for src; none for the index.
   *
   * <pre>{@code
   * Tensor x = Tensor.zeros(3);
   * x.scatterAdd(0, Tensor.of(new long[] {0, 2, 0}), Tensor.ones(3)); // tensor([2., 0., 1.])
   * }</pre>
   *
   * @param dim the dim to add along, in [-dim(), dim())
   * @param index INT64 positions, as for {@link #scatter(int, Tensor, Tensor)}
   * @param src the values added, of this tensor's type and rank
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException as {@link #scatter(int, Tensor, Tensor)}
   */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
    return IndexOps.scatterAdd("scatterAdd", this, dim, index, src);
  }

  /**
   * A copy of this tensor with {@code source}'s slices along {@code dim} added at the positions of
   * {@code index}, as PyTorch's {@code index_add} with alpha 1; see {@link #indexAdd(int, Tensor,
   * Tensor, double)}.
   *
   * @param dim the dim of the slices, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), 0-d or 1-D
   * @param source this tensor's shape with size {@code index.numel()} at {@code dim}, of this type
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException as {@link #indexAdd(int, Tensor, Tensor, double)}
   */
  public Tensor indexAdd(int dim, Tensor index, Tensor source) {
    return IndexOps.indexAdd("indexAdd", this, dim, index, source, 1);
  }

  /**
   * A copy of this tensor with {@code alpha * source}'s slices along {@code dim} added at the
   * positions of {@code index}, as PyTorch's {@code index_add}: for dim 0, {@code out[index[i]] +=
   * alpha * source[i]}; repeated positions accumulate. Derivatives: {@code grad} for this tensor,
   * {@code alpha * grad.indexSelect(dim, index)} for source; none for the index.
   *
   * <pre>{@code
   * Tensor x = Tensor.zeros(3, 2);
   * x.indexAdd(0, Tensor.of(new long[] {2, 0}), Tensor.ones(2, 2), 0.5); // rows 0 and 2 are 0.5
   * }</pre>
   *
   * @param dim the dim of the slices, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), 0-d or 1-D
   * @param source this tensor's shape with size {@code index.numel()} at {@code dim}, of this type
   * @param alpha the factor of source
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException if the index is not a 0-d or 1-D INT64 tensor, a position is out of
   *     range, source's shape or type does not fit, or dim is out of range
   */
  public Tensor indexAdd(int dim, Tensor index, Tensor source, double alpha) {
    return IndexOps.indexAdd("indexAdd", this, dim, index, source, alpha);
  }

  /**
   * A copy of this tensor with its slices along {@code dim} at the positions of {@code index}
   * replaced by {@code source}'s, as PyTorch's {@code index_copy}: for dim 0, {@code out[index[i]]
   * = source[i]}. Where index repeats a position the result is undefined in PyTorch; here the last
   * copy wins. Derivatives: {@code grad} with the copied slices set to 0 for this tensor, {@code
   * grad.indexSelect(dim, index)} for source; none for the index.
   *
   * @param dim the dim of the slices, in [-dim(), dim())
   * @param index INT64 positions in [0, size(dim)), 0-d or 1-D
   * @param source this tensor's shape with size {@code index.numel()} at {@code dim}, of this type
   * @return a new tensor of this tensor's shape and type
   * @throws TensorException as {@link #indexAdd(int, Tensor, Tensor, double)}
   */
  public Tensor indexCopy(int dim, Tensor index, Tensor source) {
    return IndexOps.indexCopy("indexCopy", this, dim, index, source);
  }

  /**
   * This tensor with {@code value} wherever {@code mask} is true, as PyTorch's {@code masked_fill}:
   * {@code out = mask ? value : this}, the mask broadcast with this tensor. Derivative: {@code
   * grad} set to 0 where the mask is true.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {-1, 2, -3});
   * x.maskedFill(x.lt(0), 0); // tensor([0., 2., 0.])
   * }</pre>
   *
   * @param mask a BOOL tensor that broadcasts with this tensor
   * @param value the value written, converted to this tensor's type
   * @return a new tensor of the broadcast shape and this tensor's type
   * @throws TensorException if the mask is not BOOL or does not broadcast with this tensor
   */
  public Tensor maskedFill(Tensor mask, double value) {
    return IndexOps.maskedFill("maskedFill", this, mask, Tensor.scalar(value, dtype()));
  }

  /**
   * This tensor with the 0-d tensor {@code value} wherever {@code mask} is true; see {@link
   * #maskedFill(Tensor, double)}. Derivatives: {@code grad} set to 0 where the mask is true for
   * this tensor, the sum of {@code grad} where it is true for value.
   *
   * @param mask a BOOL tensor that broadcasts with this tensor
   * @param value a 0-d tensor, converted to this tensor's type
   * @return a new tensor of the broadcast shape and this tensor's type
   * @throws TensorException if the mask is not BOOL or does not broadcast, or value is not 0-d
   */
  public Tensor maskedFill(Tensor mask, Tensor value) {
    return IndexOps.maskedFill("maskedFill", this, mask, value);
  }

  /**
   * The elements of this tensor where {@code mask} is true, in row-major order, as a 1-D tensor:
   * PyTorch's {@code masked_select} (and {@code x[mask]} for a mask of x's shape). The mask and
   * this tensor broadcast. Derivative: {@code grad}'s elements written back into zeros at the
   * selected positions (PyTorch's {@code masked_scatter}), summed over broadcast dims.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[] {-1, 2, -3});
   * x.maskedSelect(x.lt(0)); // tensor([-1., -3.])
   * }</pre>
   *
   * @param mask a BOOL tensor that broadcasts with this tensor
   * @return a new 1-D tensor with one element per true element of the broadcast mask
   * @throws TensorException if the mask is not BOOL or does not broadcast with this tensor
   */
  public Tensor maskedSelect(Tensor mask) {
    return IndexOps.maskedSelect(this, mask);
  }

  /**
   * {@code x[indices]} of PyTorch, for one index tensor. A BOOL mask covers this tensor's leading
   * dims (its shape must equal theirs): the result holds, in row-major order, the slices of the
   * remaining dims where the mask is true, {@code [number of trues, rest...]} (for a mask of this
   * tensor's shape, {@link #maskedSelect}'s elements). An INT64 index picks slices of dim 0, as
   * {@link #indexSelect} with any index shape and negative positions counting from the end: the
   * result has shape {@code indices.shape() + shape()[1:]}. Derivative: {@code grad}'s slices added
   * back at the positions read (PyTorch's index_put with accumulate); none for the index.
   *
   * <pre>{@code
   * Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
   * x.index(Tensor.of(new double[] {1, 0, 1}).gt(0)); // tensor([[1., 2.], [5., 6.]])
   * x.index(Tensor.of(new long[] {-1, 0}));           // tensor([[5., 6.], [1., 2.]])
   * }</pre>
   *
   * @param indices a BOOL mask of the shape of this tensor's leading dims, or INT64 positions along
   *     dim 0 in [-size(0), size(0))
   * @return a new tensor
   * @throws TensorException if the mask's shape differs from the leading dims, the mask has more
   *     dims than this tensor, a position is out of bounds, or the index is neither BOOL nor INT64
   */
  public Tensor index(Tensor indices) {
    return IndexOps.index(this, indices);
  }

  /**
   * This tensor with {@code values} written where {@link #index(Tensor)} reads, out of place:
   * PyTorch's {@code x.index_put((indices,), values)}, the {@code x[indices] = values} of a copy.
   * values (of this tensor's type) broadcast to the shape of {@code index(indices)}; a 0-d value
   * fills every position. With an INT64 index that repeats a position, the last write wins (where
   * PyTorch leaves the result undefined). Derivatives: {@code grad} with the written positions set
   * to 0 for this tensor; {@code grad.index(indices)} summed back to values' shape for values.
   *
   * <pre>{@code
   * Tensor x = Tensor.zeros(3, 2);
   * x.indexPut(Tensor.of(new double[] {1, 0, 1}).gt(0), Tensor.scalar(7)); // [[7, 7], [0, 0], [7, 7]]
   * }</pre>
   *
   * @param indices a BOOL mask or an INT64 index, as for {@link #index(Tensor)}
   * @param values the values written, of this tensor's type
   * @return a new tensor of this shape
   * @throws TensorException as {@link #index(Tensor)}, if values do not broadcast to the shape of
   *     {@code index(indices)}, or if their type differs from this tensor's
   */
  public Tensor indexPut(Tensor indices, Tensor values) {
    return IndexOps.indexPut("indexPut", this, indices, values);
  }

  /**
   * The indices of the nonzero elements (NaN counts as nonzero), one row per element in row-major
   * order, as PyTorch's {@code nonzero}. Not differentiable.
   *
   * <pre>{@code
   * Tensor.of(new double[][] {{0, 1}, {2, 0}}).nonzero(); // tensor([[0, 1], [1, 0]])
   * }</pre>
   *
   * @return a new INT64 tensor of shape [n, dim()] for n nonzero elements
   */
  public Tensor nonzero() {
    return IndexOps.nonzero(this);
  }

  /**
   * This tensor sorted in ascending order along the last dim; see {@link #sort(int, boolean,
   * boolean)}.
   *
   * @return the sorted values and their indices in this tensor
   */
  public ValuesAndIndices sort() {
    return sort(-1, false, false);
  }

  /**
   * This tensor sorted along {@code dim}; see {@link #sort(int, boolean, boolean)}.
   *
   * @param dim the dim to sort along, in [-dim(), dim())
   * @param descending whether the largest comes first
   * @return the sorted values and their indices in this tensor
   * @throws TensorException if dim is out of range
   */
  public ValuesAndIndices sort(int dim, boolean descending) {
    return sort(dim, descending, false);
  }

  /**
   * This tensor sorted along {@code dim}, with the index each value had, as PyTorch's {@code sort}:
   * {@code values = this.gather(dim, indices)}. NaN sorts as the largest value, as in PyTorch. The
   * sort is always stable (equal values keep their order), which is what PyTorch guarantees with
   * {@code stable=true}; {@code stable=false} gives the same result. Derivative: {@code grad}
   * scattered back through the indices; the indices are not differentiable.
   *
   * <pre>{@code
   * ValuesAndIndices s = Tensor.of(new double[] {3, 1, 2}).sort(0, true, true);
   * s.values(); // tensor([3., 2., 1.])
   * s.indices(); // tensor([0, 2, 1])
   * }</pre>
   *
   * @param dim the dim to sort along, in [-dim(), dim())
   * @param descending whether the largest comes first
   * @param stable whether equal values must keep their order (they always do)
   * @return the sorted values (this tensor's type) and their indices (INT64), of this shape
   * @throws TensorException if dim is out of range
   */
  public ValuesAndIndices sort(int dim, boolean descending, boolean stable) {
    return IndexOps.sort("sort", this, dim, descending);
  }

  /**
   * The indices that sort this tensor ascending along the last dim; see {@link #argsort(int,
   * boolean)}.
   *
   * @return a new INT64 tensor of this shape
   */
  public Tensor argsort() {
    return argsort(-1, false);
  }

  /**
   * The indices that sort this tensor along {@code dim}, as PyTorch's {@code argsort}: {@code
   * sort(dim, descending).indices()}, stable. Not differentiable.
   *
   * @param dim the dim to sort along, in [-dim(), dim())
   * @param descending whether the index of the largest comes first
   * @return a new INT64 tensor of this shape
   * @throws TensorException if dim is out of range
   */
  public Tensor argsort(int dim, boolean descending) {
    return IndexOps.sort("argsort", this, dim, descending).indices();
  }

  /**
   * The {@code k} largest elements along the last dim, largest first; see {@link #topk(int, int,
   * boolean, boolean)}.
   *
   * @param k how many, in [0, size(-1)]
   * @return the values and their indices
   * @throws TensorException if k is out of range
   */
  public ValuesAndIndices topk(int k) {
    return topk(k, -1, true, true);
  }

  /**
   * The {@code k} largest (or smallest) elements along {@code dim} with their indices, as PyTorch's
   * {@code topk}. NaN counts as the largest value. The values always come in sorted order (largest
   * first, or smallest first when {@code largest} is false), equal values in the order of their
   * indices; PyTorch's order with {@code sorted=false} is unspecified. Derivative: {@code grad}
   * scattered back through the indices into zeros; the indices are not differentiable.
   *
   * <pre>{@code
   * ValuesAndIndices top = Tensor.of(new double[] {1, 5, 3, 4}).topk(2, 0, true, true);
   * top.values(); // tensor([5., 4.])
   * top.indices(); // tensor([1, 3])
   * }</pre>
   *
   * @param k how many, in [0, size(dim)]
   * @param dim the dim to pick along, in [-dim(), dim())
   * @param largest whether the largest (true) or the smallest (false) are picked
   * @param sorted whether they come sorted (they always do)
   * @return the values (this tensor's type) and indices (INT64), of this shape with size k at dim
   * @throws TensorException if k or dim is out of range
   */
  public ValuesAndIndices topk(int k, int dim, boolean largest, boolean sorted) {
    return IndexOps.topk(this, k, dim, largest);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Einstein summation, PyTorch's {@code torch.einsum(equation, operands...)}: the equation names
   * each operand's dims with letters ({@code "ij,jk->ik"}); each letter is one index, which must
   * have one size wherever it appears (or 1, which broadcasts), and the result is {@code out[output
   * indices] = sum over the other indices of the product of the operands' elements}. Everything
   * PyTorch 1.13 accepts: an explicit output after {@code ->}, or else the indices that appear
   * once, in alphabetical order (A-Z before a-z); an index repeated in one operand takes its
   * diagonal ({@code "ii->i"}, and {@code "ii"} the trace); {@code ...} stands for the dims not
   * named, broadcast across operands (and in the implicit output, first); spaces are ignored.
   * Operands are contracted two at a time from the left, as PyTorch does without opt_einsum, each
   * pair through one batched matrix product. A composite of diagonals, permute, reshape, sum and
   * bmm, so its derivatives (of every order) are theirs.
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
   * Tensor.einsum("ii", a);           // tensor(5.)  (the trace)
   * Tensor.einsum("ij,jk->ik", a, a); // a.matmul(a)
   * Tensor.einsum("i,j", a.select(0, 0), a.select(0, 1)); // the outer product, [[3, 4], [6, 8]]
   * }</pre>
   *
   * @param equation the subscripts, such as {@code "bn,anm,bm->ba"}
   * @param operands the tensors, one per comma-separated group of subscripts, all of one type
   * @return a new tensor
   * @throws TensorException with PyTorch's message ("einsum(): ...") for an equation whose number
   *     of operands or of subscripts per operand does not match, an index whose sizes differ, a
   *     repeated or unknown output index, a character other than a letter, space, comma, "->" or
   *     "...", or operands of different types
   */
  public static Tensor einsum(String equation, Tensor... operands) {
    return EinsumOps.einsum(equation, operands);
  }

  /**
   * The matrix product with PyTorch's rules: 1-D x 1-D is the dot product (0-d), 2-D x 1-D a
   * matrix-vector product, 1-D x 2-D a vector-matrix product, 2-D x 2-D a matrix product, and
   * higher ranks a batch of matrix products whose batch dims broadcast. {@code out_ij = sum_k
   * this_ik * other_kj}. Derivative: {@code grad @ other^T} and {@code this^T @ grad}.
   *
   * <pre>
   * [n] @ [n] -&gt; []        [m, n] @ [n] -&gt; [m]        [n] @ [n, p] -&gt; [p]
   * [m, n] @ [n, p] -&gt; [m, p]        [b, m, n] @ [n, p] -&gt; [b, m, p]
   * [b, 1, m, n] @ [c, n, p] -&gt; [b, c, m, p]
   * </pre>
   *
   * <pre>{@code
   * Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
   * Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
   * a.matmul(b); // tensor([[19., 22.], [43., 50.]])
   * }</pre>
   *
   * @param other the right operand
   * @return a new tensor of the shape given above
   * @throws TensorException if the inner sizes differ, the batch dims do not broadcast, or the two
   *     have different dtypes (refused, as PyTorch refuses them, rather than promoted)
   */
  public Tensor matmul(Tensor other) {
    return MatmulOps.matmul(this, other);
  }

  // ---------------------------------------------------------------- in-place ops

  /**
   * {@code this += other} in place (broadcast to this shape); see {@link #copy_}. Returns this.
   *
   * @param other the operand; broadcast to this tensor's shape
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor add_(Tensor other) {
    return PointwiseOps.inPlace("add_", BinaryFn.ADD, this, other);
  }

  /**
   * {@code this += value} in place.
   *
   * @param value the scalar operand
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor add_(double value) {
    return add_(scalarLike(value));
  }

  /**
   * {@code this -= other} in place.
   *
   * @param other the operand; broadcast to this tensor's shape
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor sub_(Tensor other) {
    return PointwiseOps.inPlace("sub_", BinaryFn.SUB, this, other);
  }

  /**
   * {@code this -= value} in place.
   *
   * @param value the scalar operand
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor sub_(double value) {
    return sub_(scalarLike(value));
  }

  /**
   * {@code this *= other} in place.
   *
   * @param other the operand; broadcast to this tensor's shape
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor mul_(Tensor other) {
    return PointwiseOps.inPlace("mul_", BinaryFn.MUL, this, other);
  }

  /**
   * {@code this *= value} in place.
   *
   * @param value the scalar operand
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor mul_(double value) {
    return mul_(scalarLike(value));
  }

  /**
   * {@code this /= other} in place.
   *
   * @param other the operand; broadcast to this tensor's shape
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor div_(Tensor other) {
    return PointwiseOps.inPlace("div_", BinaryFn.DIV, this, other);
  }

  /**
   * {@code this /= value} in place.
   *
   * @param value the scalar operand
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor div_(double value) {
    return div_(scalarLike(value));
  }

  /**
   * Copies {@code source} (broadcast to this shape) into this tensor in place. Returns this.
   *
   * <p>In-place ops are how optimizers update parameters. They bump the storage's version, so a
   * backward that needs the old values throws instead of silently using the new ones. They are not
   * recorded: on a tensor that requires grad they must run inside {@link Autograd#noGrad()}.
   *
   * @param source the values; broadcast to this tensor's shape and converted to its type
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor copy_(Tensor source) {
    Arguments.requireNonNull("copy_", "source", source);
    return PointwiseOps.inPlace("copy_", null, this, source);
  }

  /**
   * Sets every element to {@code value} in place. Returns this.
   *
   * @param value the value of every element
   * @return this tensor
   * @throws TensorException if grad mode is on and this tensor or the operand requires grad, the
   *     operand does not broadcast to this shape, or it is floating point and this tensor is not
   */
  public Tensor fill_(double value) {
    return PointwiseOps.inPlace("fill_", null, this, scalarLike(value));
  }

  /**
   * Sets every element to 0 in place. Returns this.
   *
   * @return this tensor
   * @throws TensorException if this tensor requires grad and grad mode is on
   */
  public Tensor zero_() {
    return PointwiseOps.inPlace("zero_", null, this, scalarLike(0));
  }

  /**
   * {@link #scatter(int, Tensor, Tensor)} in place; see {@link #copy_}. Returns this.
   *
   * @param dim the dim to write along
   * @param index INT64 positions
   * @param src the values
   * @return this tensor
   * @throws TensorException as {@link #scatter(int, Tensor, Tensor)}, or if grad mode is on and
   *     this tensor or src requires grad
   */
  public Tensor scatter_(int dim, Tensor index, Tensor src) {
    return PointwiseOps.inPlace(
        "scatter_", null, this, IndexOps.scatter("scatter_", this, dim, index, src));
  }

  /**
   * {@link #scatterAdd(int, Tensor, Tensor)} in place; see {@link #copy_}. Returns this.
   *
   * @param dim the dim to add along
   * @param index INT64 positions
   * @param src the values added
   * @return this tensor
   * @throws TensorException as {@link #scatterAdd(int, Tensor, Tensor)}, or if grad mode is on and
   *     this tensor or src requires grad
   */
  public Tensor scatterAdd_(int dim, Tensor index, Tensor src) {
    return PointwiseOps.inPlace(
        "scatterAdd_", null, this, IndexOps.scatterAdd("scatterAdd_", this, dim, index, src));
  }

  /**
   * {@link #indexAdd(int, Tensor, Tensor, double)} in place; see {@link #copy_}. Returns this.
   *
   * @param dim the dim of the slices
   * @param index INT64 positions, 0-d or 1-D
   * @param source the slices added
   * @param alpha the factor of source
   * @return this tensor
   * @throws TensorException as {@link #indexAdd(int, Tensor, Tensor, double)}, or if grad mode is
   *     on and this tensor or source requires grad
   */
  public Tensor indexAdd_(int dim, Tensor index, Tensor source, double alpha) {
    return PointwiseOps.inPlace(
        "indexAdd_", null, this, IndexOps.indexAdd("indexAdd_", this, dim, index, source, alpha));
  }

  /**
   * {@link #indexCopy(int, Tensor, Tensor)} in place; see {@link #copy_}. Returns this.
   *
   * @param dim the dim of the slices
   * @param index INT64 positions, 0-d or 1-D
   * @param source the slices copied
   * @return this tensor
   * @throws TensorException as {@link #indexCopy(int, Tensor, Tensor)}, or if grad mode is on and
   *     this tensor or source requires grad
   */
  public Tensor indexCopy_(int dim, Tensor index, Tensor source) {
    return PointwiseOps.inPlace(
        "indexCopy_", null, this, IndexOps.indexCopy("indexCopy_", this, dim, index, source));
  }

  /**
   * {@link #maskedFill(Tensor, double)} in place; see {@link #copy_}. The mask must broadcast to
   * this tensor's shape. Returns this.
   *
   * @param mask a BOOL tensor that broadcasts to this tensor's shape
   * @param value the value written
   * @return this tensor
   * @throws TensorException as {@link #maskedFill(Tensor, double)}, if the broadcast shape is not
   *     this tensor's, or if grad mode is on and this tensor requires grad
   */
  public Tensor maskedFill_(Tensor mask, double value) {
    return PointwiseOps.inPlace(
        "maskedFill_",
        null,
        this,
        IndexOps.maskedFill("maskedFill_", this, mask, Tensor.scalar(value, dtype())));
  }

  /**
   * {@link #indexPut(Tensor, Tensor)} in place, PyTorch's {@code x[indices] = values}; see {@link
   * #copy_}. Returns this.
   *
   * @param indices a BOOL mask or an INT64 index, as for {@link #index(Tensor)}
   * @param values the values written, of this tensor's type
   * @return this tensor
   * @throws TensorException as {@link #indexPut(Tensor, Tensor)}, or if grad mode is on and this
   *     tensor or values requires grad
   */
  public Tensor indexPut_(Tensor indices, Tensor values) {
    return PointwiseOps.inPlace(
        "indexPut_", null, this, IndexOps.indexPut("indexPut_", this, indices, values));
  }

  // ---------------------------------------------------------------- helpers

  /** Wraps {@code dim} into [0, dim()) or throws a message naming the op. */
  int wrapDim(String op, int dimension) {
    int d = Shapes.wrapDim(dimension, shape.length);
    if (d < 0) {
      int r = Math.max(shape.length, 1);
      throw new TensorException(
          op
              + ": dimension out of range (expected to be in range of ["
              + (-r)
              + ", "
              + (r - 1)
              + "], but got "
              + dimension
              + ") for a tensor of shape "
              + Shapes.format(shape));
    }
    return d;
  }

  /** {@code grad} summed over the dims that broadcasting stretched, to get back {@code target}. */
  static Tensor sumToShape(Tensor grad, int[] target) {
    if (grad.shape == target || Arrays.equals(grad.shape, target)) return grad;
    int lead = grad.shape.length - target.length;
    int[] dims = new int[grad.shape.length];
    int count = 0;
    for (int d = 0; d < grad.shape.length; d++) {
      if (d < lead || (target[d - lead] == 1 && grad.shape[d] != 1)) dims[count++] = d;
    }
    if (count == 0) return grad.reshape(target);
    // When only leading dims are summed away, the sum without keepDim already has the target shape.
    boolean onlyLeading = count == lead;
    Tensor summed = ReduceOps.sum(grad, Arrays.copyOf(dims, count), !onlyLeading);
    return onlyLeading ? summed : summed.reshape(target);
  }
}
