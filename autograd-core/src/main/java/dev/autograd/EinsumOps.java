package dev.autograd;

import dev.autograd.internal.Arguments;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * {@code einsum}, as PyTorch 1.13 computes it without opt_einsum: a composite of diagonals
 * (indexSelect of a flattened pair of dims), unsqueeze, permute, sum, and batched matrix products,
 * so its derivatives of every order follow from theirs.
 *
 * <p>The equation is parsed once into labels; every operand is then brought to one aligned layout,
 * the output's dims first and the summed dims after them, with a size-1 dim where it lacks a label
 * (so that operands broadcast). The operands are contracted left to right, two at a time: a summed
 * dim that only one of the two has, and no later operand, is summed away first; the two are then
 * permuted and reshaped to [batch, rows, inner] and [batch, inner, columns] and multiplied by bmm,
 * where batch holds the dims both keep, rows and columns the dims only one has, and inner the dims
 * summed now.
 */
final class EinsumOps {
  private EinsumOps() {}

  private static final int LETTERS = 26;
  private static final int LABELS = 2 * LETTERS;

  /** The label of "...", after the 52 letters. */
  private static final int ELLIPSIS = LABELS;

  static Tensor einsum(String equation, Tensor[] operands) {
    Arguments.requireNonNull("einsum", "equation", equation);
    Arguments.requireNonNull("einsum", "operands", operands);
    for (int i = 0; i < operands.length; i++) {
      Arguments.requireNonNull("einsum", "operands[" + i + "]", operands[i]);
    }
    if (operands.length == 0) throw error("must provide at least one operand");
    DType type = operands[0].dtype();
    for (int i = 1; i < operands.length; i++) {
      if (operands[i].dtype() != type) {
        throw error(
            "expected all operands to have the same dtype, but operand 0 is "
                + type.pytorchName()
                + " and operand "
                + i
                + " is "
                + operands[i].dtype().pytorchName()
                + "; convert one with to(dtype)");
      }
    }
    if (!type.isFloatingPoint()) {
      // The products run in float64, exact for integers up to 2^53, and come back as integers.
      Tensor[] wide = new Tensor[operands.length];
      for (int i = 0; i < wide.length; i++) wide[i] = operands[i].to(DType.FLOAT64);
      return einsum(equation, wide).to(type == DType.BOOL ? DType.BOOL : DType.INT64);
    }
    return new Equation(equation, operands).contract();
  }

  /** One call's equation, parsed against its operands. */
  private static final class Equation {
    private final Tensor[] operands;
    private final List<List<Integer>> labels = new ArrayList<>();
    private final int[] labelCount = new int[LABELS];
    private final int[] position = new int[LABELS]; // each label's dim in the aligned layout
    private int ellipsisDims; // the most dims any operand's "..." covers
    private int ellipsisAt; // where "..." starts in the aligned layout
    private int outDims; // the aligned layout's first outDims dims are the output's
    private int alignedDims;

    Equation(String equation, Tensor[] operands) {
      this.operands = operands;
      int arrow = equation.indexOf("->");
      String lhs = arrow < 0 ? equation : equation.substring(0, arrow);
      parseInputs(lhs);
      countLabels();
      Arrays.fill(position, -1);
      boolean outputHasEllipsis;
      if (arrow < 0) {
        // Implicit output: the ellipsis, then the labels seen once, in alphabetical order.
        ellipsisAt = 0;
        outDims = ellipsisDims;
        for (int l = 0; l < LABELS; l++) if (labelCount[l] == 1) position[l] = outDims++;
        outputHasEllipsis = true;
      } else {
        outputHasEllipsis = parseOutput(equation.substring(arrow + 2), lhs.length() + 2);
      }
      alignedDims = outDims;
      if (!outputHasEllipsis) {
        ellipsisAt = alignedDims;
        alignedDims += ellipsisDims;
      }
      for (int l = 0; l < LABELS; l++) {
        if (labelCount[l] > 0 && position[l] == -1) position[l] = alignedDims++;
      }
    }

    private void parseInputs(String lhs) {
      for (int i = 0; i < operands.length; i++) labels.add(new ArrayList<>());
      int operand = 0;
      boolean ellipsis = false;
      for (int i = 0; i < lhs.length(); i++) {
        char c = lhs.charAt(i);
        if (c == ' ') continue;
        if (c == '.') {
          if (ellipsis) {
            throw error(
                "found '.' for operand " + operand + " for which an ellipsis was already found");
          }
          if (!isEllipsis(lhs, i)) {
            throw error("found '.' for operand " + operand + " that is not part of any ellipsis");
          }
          i += 2;
          labels.get(operand).add(ELLIPSIS);
          ellipsis = true;
        } else if (c == ',') {
          operand++;
          if (operand >= operands.length) {
            throw error("fewer operands were provided than specified in the equation");
          }
          ellipsis = false;
        } else {
          labels.get(operand).add(subscript(c, i));
        }
      }
      if (operand != operands.length - 1) {
        throw error("more operands were provided than specified in the equation");
      }
    }

    private void countLabels() {
      for (int i = 0; i < operands.length; i++) {
        int dims = operands[i].dim();
        int named = labels.get(i).size();
        boolean ellipsis = labels.get(i).contains(ELLIPSIS);
        if (ellipsis) {
          named--;
          ellipsisDims = Math.max(ellipsisDims, dims - named);
        }
        for (int l : labels.get(i)) if (l != ELLIPSIS) labelCount[l]++;
        if (ellipsis ? named > dims : named != dims) {
          throw error(
              "the number of subscripts in the equation ("
                  + named
                  + (ellipsis ? ") is more than" : ") does not match")
                  + " the number of dimensions ("
                  + dims
                  + ") for operand "
                  + i
                  + (ellipsis ? "" : " and no ellipsis was given"));
        }
      }
    }

    /** Parses the output's subscripts; returns whether they hold the ellipsis. */
    private boolean parseOutput(String rhs, int offset) {
      boolean ellipsis = false;
      for (int i = 0; i < rhs.length(); i++) {
        char c = rhs.charAt(i);
        if (c == ' ') continue;
        if (c == '.') {
          if (ellipsis) {
            throw error("found '.' for output but an ellipsis (...) was already found");
          }
          if (!isEllipsis(rhs, i)) {
            throw error("found '.' for output that is not part of any ellipsis (...)");
          }
          i += 2;
          ellipsisAt = outDims;
          outDims += ellipsisDims;
          ellipsis = true;
          continue;
        }
        int l = subscript(c, offset + i);
        if (labelCount[l] == 0 || position[l] != -1) {
          throw error(
              "output subscript "
                  + c
                  + (position[l] > -1
                      ? " appears more than once in the output"
                      : " does not appear in the equation for any input operand"));
        }
        position[l] = outDims++;
      }
      return ellipsis;
    }

    /**
     * The operands in the aligned layout, then contracted left to right; the summed dims, size 1 by
     * then, are dropped at the end (or summed, for a single operand).
     */
    Tensor contract() {
      int[] dimCounts = new int[alignedDims]; // per aligned dim: operands where its size is not 1
      Deque<Tensor> ops = align(dimCounts);
      while (ops.size() > 1) {
        Tensor a = ops.pollFirst();
        Tensor b = ops.pollFirst();
        List<Integer> summedNow = new ArrayList<>();
        List<Integer> aOnly = new ArrayList<>();
        List<Integer> bOnly = new ArrayList<>();
        for (int d = outDims; d < alignedDims; d++) {
          boolean inA = a.shape[d] != 1;
          boolean inB = b.shape[d] != 1;
          if (inA && inB) {
            if (--dimCounts[d] == 1) {
              summedNow.add(d);
              dimCounts[d] = 0;
            }
          } else if (dimCounts[d] == 1 && (inA || inB)) {
            (inA ? aOnly : bOnly).add(d);
            dimCounts[d] = 0;
          }
        }
        if (!aOnly.isEmpty()) a = a.sum(ints(aOnly), true);
        if (!bOnly.isEmpty()) b = b.sum(ints(bOnly), true);
        ops.addFirst(sumProduct(a, b, ints(summedNow)));
      }
      Tensor out = ops.peekFirst();
      if (alignedDims == outDims) return out;
      if (operands.length > 1) return out.reshape(Arrays.copyOf(out.shape, outDims));
      int[] summed = new int[alignedDims - outDims];
      for (int k = 0; k < summed.length; k++) summed[k] = outDims + k;
      return out.sum(summed, false);
    }

    /**
     * Each operand with its checked sizes, its repeated labels replaced by their diagonal, a size-1
     * dim for each label it lacks, permuted into the aligned layout; counts, per aligned dim, the
     * operands whose size there is not 1.
     */
    private Deque<Tensor> align(int[] dimCounts) {
      int[] labelSize = new int[LABELS];
      Arrays.fill(labelSize, 1);
      int[] ellipsisSizes = new int[ellipsisDims];
      Arrays.fill(ellipsisSizes, 1);
      Deque<Tensor> ops = new ArrayDeque<>();
      for (int i = 0; i < operands.length; i++) {
        Tensor op = operands[i];
        List<Integer> own = labels.get(i);
        int[] permutation = new int[alignedDims];
        Arrays.fill(permutation, -1);
        int dim = 0;
        for (int l : own) {
          if (l == ELLIPSIS) {
            int covered = operands[i].dim() - (own.size() - 1);
            for (int j = ellipsisDims - covered; j < ellipsisDims; j++) {
              int size = op.shape[dim];
              if (size != 1) {
                if (ellipsisSizes[j] != 1 && ellipsisSizes[j] != size) {
                  throw error(
                      "dimension "
                          + dim
                          + " covered by ellipsis in operand "
                          + i
                          + " has size "
                          + size
                          + " which does not broadcast with previously seen ellipsis with size "
                          + ellipsisSizes[j]
                          + " for the respective dimension");
                }
                ellipsisSizes[j] = size;
                dimCounts[ellipsisAt + j]++;
              }
              permutation[ellipsisAt + j] = dim++;
            }
          } else if (permutation[position[l]] == -1) {
            int size = op.shape[dim];
            if (size != 1) {
              if (labelSize[l] != 1 && labelSize[l] != size) {
                throw error(
                    "subscript "
                        + label(l)
                        + " has size "
                        + size
                        + " for operand "
                        + i
                        + " which does not broadcast with previously seen size "
                        + labelSize[l]);
              }
              labelSize[l] = size;
              dimCounts[position[l]]++;
            }
            permutation[position[l]] = dim++;
          } else {
            int previous = permutation[position[l]];
            if (op.shape[dim] != op.shape[previous]) {
              throw error(
                  "subscript "
                      + label(l)
                      + " is repeated for operand "
                      + i
                      + " but the sizes don't match, "
                      + op.shape[dim]
                      + " != "
                      + op.shape[previous]);
            }
            op = diagonal(op, previous, dim);
          }
        }
        for (int k = 0; k < alignedDims; k++) {
          if (permutation[k] == -1) {
            op = op.unsqueeze(dim);
            permutation[k] = dim++;
          }
        }
        ops.addLast(op.permute(permutation));
      }
      return ops;
    }
  }

  /**
   * {@code x} with its dims {@code a < b}, of equal size n, replaced by their diagonal at dim a
   * (PyTorch's {@code x.diagonal(0, a, b).movedim(-1, a)}): b is moved next to a, the two are
   * flattened into n * n, and the positions {@code i * (n + 1)} are selected.
   */
  private static Tensor diagonal(Tensor x, int a, int b) {
    int rank = x.dim();
    int n = x.shape[a];
    int[] order = new int[rank];
    for (int d = 0, k = 0; d < rank; d++) {
      if (d == b) continue;
      order[k++] = d;
      if (d == a) order[k++] = b;
    }
    int[] merged = new int[rank - 1];
    for (int d = 0, k = 0; d < rank; d++) {
      if (d == b) continue;
      merged[k++] = d == a ? n * n : x.shape[d];
    }
    long[] diagonal = new long[n];
    for (int i = 0; i < n; i++) diagonal[i] = (long) i * (n + 1);
    return x.permute(order).reshape(merged).indexSelect(a, Tensor.of(diagonal));
  }

  /**
   * {@code sum(left * right)} over {@code summed}, kept as size 1, for two tensors of the same rank
   * that broadcast: PyTorch's sumproduct_pair, through one batched matrix product.
   */
  private static Tensor sumProduct(Tensor left, Tensor right, int[] summed) {
    if (summed.length == 0) return left.mul(right);
    if (left.numel() == 0 || right.numel() == 0) return left.mul(right).sum(summed, true);
    int rank = left.dim();
    boolean[] isSummed = new boolean[rank];
    for (int d : summed) isSummed[d] = true;
    List<Integer> both = new ArrayList<>(); // kept, in both: the batch of the product
    List<Integer> leftOnly = new ArrayList<>(); // kept, only in left: the rows
    List<Integer> rightOnly = new ArrayList<>(); // kept, only in right (or in neither): columns
    int batch = 1;
    int rows = 1;
    int columns = 1;
    int inner = 1;
    for (int d = 0; d < rank; d++) {
      boolean inLeft = left.shape[d] > 1;
      boolean inRight = right.shape[d] > 1;
      if (isSummed[d]) {
        if (inLeft && inRight) {
          inner *= left.shape[d];
        } else if (inLeft) {
          left = left.sum(d, true);
        } else if (inRight) {
          right = right.sum(d, true);
        }
      } else if (inLeft && inRight) {
        both.add(d);
        batch *= left.shape[d];
      } else if (inLeft) {
        leftOnly.add(d);
        rows *= left.shape[d];
      } else {
        rightOnly.add(d);
        columns *= right.shape[d];
      }
    }
    List<Integer> sum = Arrays.stream(summed).boxed().toList();
    int[] leftOrder = concat(both, leftOnly, sum, rightOnly);
    int[] rightOrder = concat(both, sum, rightOnly, leftOnly);
    int[] outShape = new int[rank];
    int k = 0;
    for (int d : both) outShape[k++] = left.shape[d];
    for (int d : leftOnly) outShape[k++] = left.shape[d];
    for (int ignored : summed) outShape[k++] = 1;
    for (int d : rightOnly) outShape[k++] = right.shape[d];
    int[] back = new int[rank];
    for (int i = 0; i < rank; i++) back[leftOrder[i]] = i;
    Tensor l = left.permute(leftOrder).reshape(batch, rows, inner);
    Tensor r = right.permute(rightOrder).reshape(batch, inner, columns);
    return MatmulOps.bmm(l, r).reshape(outShape).permute(back);
  }

  /** The parts one after the other, as the order of a permutation. */
  @SafeVarargs
  private static int[] concat(List<Integer>... parts) {
    List<Integer> out = new ArrayList<>();
    for (List<Integer> p : parts) out.addAll(p);
    return ints(out);
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean isEllipsis(String s, int at) {
    return at + 2 < s.length() && s.charAt(at + 1) == '.' && s.charAt(at + 2) == '.';
  }

  /** A letter's label: A-Z are 0-25, a-z 26-51, so that the implicit output lists A-Z first. */
  private static int subscript(char c, int at) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + LETTERS;
    throw error(
        "invalid subscript given at index "
            + at
            + " in the equation string, subscripts must be in [a-zA-Z]");
  }

  private static char label(int subscript) {
    return (char) (subscript < LETTERS ? 'A' + subscript : 'a' + subscript - LETTERS);
  }

  private static TensorException error(String message) {
    return new TensorException("einsum(): " + message);
  }
}
