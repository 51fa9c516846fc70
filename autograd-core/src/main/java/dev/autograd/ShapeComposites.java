package dev.autograd;

import dev.autograd.internal.Arguments;
import dev.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape ops built on views and {@code indexSelect}: splitting (narrow views), repeating (expand
 * then reshape), flipping and rolling (an index per dim), and the triangles of a matrix (where).
 * Their derivatives follow from those ops'.
 */
final class ShapeComposites {
  private ShapeComposites() {}

  static List<Tensor> split(Tensor x, int splitSize, int dim) {
    int d = dimOf("split", x, dim);
    if (splitSize < 0) {
      throw new TensorException("split: split_size must be non-negative, got " + splitSize);
    }
    int n = x.shape()[d];
    List<Tensor> out = new ArrayList<>();
    if (splitSize == 0) {
      if (n != 0) {
        throw new TensorException(
            "split: split_size can only be 0 if dimension size is 0, but got dimension size of "
                + n);
      }
      out.add(x.narrow(d, 0, 0));
      return out;
    }
    for (int start = 0; start < n || (n == 0 && start == 0); start += splitSize) {
      out.add(x.narrow(d, start, Math.min(splitSize, n - start)).named("SplitBackward"));
      if (n == 0) break;
    }
    return out;
  }

  static List<Tensor> splitWithSizes(Tensor x, int[] sizes, int dim) {
    Arguments.requireNonNull("split", "splitSizes", sizes);
    int d = dimOf("split", x, dim);
    long total = 0;
    for (int s : sizes) {
      if (s < 0) {
        throw new TensorException(
            "split: split_sizes must be non-negative, got " + Arrays.toString(sizes));
      }
      total += s;
    }
    if (total != x.shape()[d]) {
      throw new TensorException(
          "split: split_with_sizes expects split_sizes to sum exactly to "
              + x.shape()[d]
              + " (input tensor's size at dimension "
              + d
              + "), but got split_sizes="
              + Arrays.toString(sizes));
    }
    List<Tensor> out = new ArrayList<>();
    int start = 0;
    for (int s : sizes) {
      out.add(x.narrow(d, start, s).named("SplitWithSizesBackward"));
      start += s;
    }
    return out;
  }

  static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    if (chunks <= 0) {
      throw new TensorException(
          "chunk: chunk expects `chunks` to be greater than 0, got: " + chunks);
    }
    int d = dimOf("chunk", x, dim);
    int n = x.shape()[d];
    int size = (n + chunks - 1) / chunks;
    if (size == 0) {
      List<Tensor> out = new ArrayList<>();
      for (int i = 0; i < Math.min(chunks, Math.max(n, 1)); i++) out.add(x.narrow(d, 0, 0));
      return out;
    }
    return split(x, size, d);
  }

  static List<Tensor> unbind(Tensor x, int dim) {
    int d = dimOf("unbind", x, dim);
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < x.shape()[d]; i++) out.add(x.select(d, i).named("UnbindBackward"));
    return out;
  }

  static Tensor repeat(Tensor x, int[] repeats) {
    Arguments.requireNonNull("repeat", "repeats", repeats);
    if (repeats.length < x.dim()) {
      throw new TensorException(
          "repeat: Number of dimensions of repeat dims ("
              + repeats.length
              + ") can not be smaller than number of dimensions of tensor ("
              + x.dim()
              + ")");
    }
    for (int r : repeats) {
      if (r < 0) {
        throw new TensorException(
            "repeat: Trying to create tensor with negative dimension "
                + r
                + ": "
                + Arrays.toString(repeats));
      }
    }
    int k = repeats.length;
    int[] padded = new int[k];
    Arrays.fill(padded, 1);
    System.arraycopy(x.shape(), 0, padded, k - x.dim(), x.dim());
    // [1, s0, 1, s1, ...] expanded to [r0, s0, r1, s1, ...], then merged pairwise
    int[] spread = new int[2 * k];
    int[] expanded = new int[2 * k];
    int[] result = new int[k];
    for (int d = 0; d < k; d++) {
      spread[2 * d] = 1;
      spread[2 * d + 1] = padded[d];
      expanded[2 * d] = repeats[d];
      expanded[2 * d + 1] = padded[d];
      result[d] = Math.multiplyExact(repeats[d], padded[d]);
    }
    Shapes.checkedNumel("repeat", result);
    return x.reshape(spread).expand(expanded).reshape(result).named("RepeatBackward");
  }

  static Tensor tile(Tensor x, int[] reps) {
    Arguments.requireNonNull("tile", "dims", reps);
    if (reps.length >= x.dim()) return repeat(x, reps);
    int[] full = new int[x.dim()];
    Arrays.fill(full, 1);
    System.arraycopy(reps, 0, full, x.dim() - reps.length, reps.length);
    return repeat(x, full);
  }

  static Tensor flip(Tensor x, int[] dims) {
    Arguments.requireNonNull("flip", "dims", dims);
    Tensor out = x;
    boolean[] seen = new boolean[Math.max(x.dim(), 1)];
    for (int dim : dims) {
      int d = dimOf("flip", x, dim);
      if (seen[d])
        throw new TensorException("flip: dim " + d + " appears multiple times in the list of dims");
      seen[d] = true;
      int n = x.shape()[d];
      long[] index = new long[n];
      for (int i = 0; i < n; i++) index[i] = n - 1 - i;
      out = out.indexSelect(d, Tensor.of(index));
    }
    return out == x ? x.clone() : out.named("FlipBackward");
  }

  static Tensor roll(Tensor x, int[] shifts, int[] dims) {
    Arguments.requireNonNull("roll", "shifts", shifts);
    Arguments.requireNonNull("roll", "dims", dims);
    if (dims.length == 0) {
      if (shifts.length != 1) {
        throw new TensorException(
            "roll: without dims, roll takes one shift, got " + Arrays.toString(shifts));
      }
      return roll(x.flatten(), shifts, new int[] {0}).reshape(x.shape()).named("RollBackward");
    }
    if (shifts.length != dims.length) {
      throw new TensorException(
          "roll: shifts and dimensions must align. shifts: "
              + shifts.length
              + ", dims:"
              + dims.length);
    }
    Tensor out = x;
    for (int k = 0; k < dims.length; k++) {
      int d = dimOf("roll", x, dims[k]);
      int n = x.shape()[d];
      if (n == 0) continue;
      long[] index = new long[n];
      for (int i = 0; i < n; i++) index[i] = Math.floorMod(i - (long) shifts[k], n);
      out = out.indexSelect(d, Tensor.of(index));
    }
    return out == x ? x.clone() : out.named("RollBackward");
  }

  /** Keeps x[..., i, j] where {@code j - i <= diagonal} (lower) or {@code >= diagonal} (upper). */
  static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
    if (x.dim() < 2) {
      throw new TensorException(
          op
              + ": input tensor must have at least 2 dimensions, got shape "
              + Shapes.format(x.shape()));
    }
    int rows = x.shape()[x.dim() - 2];
    int cols = x.shape()[x.dim() - 1];
    double[] keep = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        long diff = (long) j - i;
        keep[i * cols + j] = (lower ? diff <= diagonal : diff >= diagonal) ? 1 : 0;
      }
    }
    Tensor mask = Tensor.of(keep, DType.BOOL, rows, cols);
    return Tensor.where(mask, x, Tensor.scalar(0, x.dtype()))
        .named(lower ? "TrilBackward" : "TriuBackward");
  }

  static Tensor outer(Tensor x, Tensor other) {
    Arguments.requireNonNull("outer", "other", other);
    if (x.dim() != 1 || other.dim() != 1) {
      throw new TensorException(
          "outer: expected 1-D tensors, got shapes "
              + Shapes.format(x.shape())
              + " and "
              + Shapes.format(other.shape()));
    }
    return x.unsqueeze(1).mul(other.unsqueeze(0));
  }

  static Tensor oneHot(Tensor indices, int numClasses) {
    String op = "oneHot";
    Arguments.requireNonNull(op, "tensor", indices);
    if (indices.dtype() != DType.INT64) {
      throw new TensorException(
          op
              + ": one_hot is only applicable to index tensor (INT64), got "
              + indices.dtype().pytorchName());
    }
    double[] v = indices.toDoubleArray();
    int classes = numClasses;
    if (numClasses == -1) {
      if (v.length == 0) {
        throw new TensorException(
            op + ": Can not infer total number of classes from empty tensor.");
      }
      double max = Arrays.stream(v).max().orElse(0);
      classes = (int) max + 1;
    } else if (numClasses < 1) {
      throw new TensorException(op + ": num_classes must be positive or -1, got " + numClasses);
    }
    double[] out = new double[Math.multiplyExact(v.length, classes)];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0)
        throw new TensorException(op + ": Class values must be non-negative, got " + (long) v[i]);
      if (v[i] >= classes) {
        throw new TensorException(
            op
                + ": Class values must be smaller than num_classes ("
                + classes
                + "), got "
                + (long) v[i]);
      }
      out[i * classes + (int) v[i]] = 1;
    }
    int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
    shape[indices.dim()] = classes;
    return Tensor.of(out, DType.INT64, shape);
  }

  static List<Tensor> meshgrid(String indexing, Tensor[] tensors) {
    String op = "meshgrid";
    Arguments.requireNonNull(op, "indexing", indexing);
    Arguments.requireNoNulls(op, "tensors", tensors);
    if (!indexing.equals("ij") && !indexing.equals("xy")) {
      throw new TensorException(
          op + ": indexing must be one of \"xy\" or \"ij\", but received: " + indexing);
    }
    if (tensors.length == 0) throw new TensorException(op + ": expects a non-empty TensorList");
    int k = tensors.length;
    int[] shape = new int[k];
    for (int i = 0; i < k; i++) {
      if (tensors[i].dim() > 1) {
        throw new TensorException(
            op
                + ": Expected 0D or 1D tensor in the tensor list but got shape "
                + Shapes.format(tensors[i].shape()));
      }
      shape[i] = tensors[i].numel();
    }
    boolean xy = indexing.equals("xy") && k >= 2;
    if (xy) {
      int t = shape[0];
      shape[0] = shape[1];
      shape[1] = t;
    }
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int position = xy && i < 2 ? 1 - i : i;
      int[] view = new int[k];
      Arrays.fill(view, 1);
      view[position] = tensors[i].numel();
      out.add(tensors[i].reshape(view).expand(shape).named("MeshgridBackward"));
    }
    return out;
  }

  private static int dimOf(String op, Tensor x, int dim) {
    int rank = Math.max(x.dim(), 1);
    if (x.dim() == 0 || dim < -rank || dim >= rank) {
      throw new TensorException(
          op
              + ": dimension out of range (expected to be in range of ["
              + (-rank)
              + ", "
              + (rank - 1)
              + "], but got "
              + dim
              + ") for a tensor of shape "
              + Shapes.format(x.shape()));
    }
    return dim < 0 ? dim + rank : dim;
  }
}
