package dev.autograd;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every misuse throws a {@link TensorException} whose message names the op and the shapes or values
 * involved; none ends in an ArrayIndexOutOfBoundsException or a NullPointerException.
 */
class ErrorMessagesTest {

  /** Asserts that {@code call} throws a TensorException whose message contains every fragment. */
  private static Tensor matrix(int rows, int cols) {
    return Tensor.ones(rows, cols);
  }

  // ------------------------------------------------------------------ broadcasting and matmul

  @Test
  void addOfShapesThatDoNotBroadcastNamesBothShapes() {
    assertMessage(() -> matrix(2, 3).add(Tensor.ones(4)), "add", "[2, 3]", "[4]", "broadcast");
  }

  @Test
  void mulOfShapesThatDoNotBroadcastNamesBothShapes() {
    assertMessage(() -> Tensor.ones(3, 1, 2).mul(matrix(4, 3)), "mul", "[3, 1, 2]", "[4, 3]");
  }

  @Test
  void subAndDivOfShapesThatDoNotBroadcastNameTheirOp() {
    assertMessage(() -> Tensor.ones(2).sub(Tensor.ones(3)), "sub", "[2]", "[3]");
    assertMessage(() -> Tensor.ones(2).div(Tensor.ones(3)), "div", "[2]", "[3]");
  }

  @Test
  void matmulWithMismatchedInnerSizesNamesBothShapes() {
    assertMessage(() -> matrix(2, 3).matmul(matrix(4, 5)), "matmul", "[2, 3]", "[4, 5]");
  }

  @Test
  void matmulOfTwoDtypesIsRefusedAsInPyTorchNotPromoted() {
    Tensor doubles = Tensor.ones(3, 2).to(DType.FLOAT64);
    assertMessage(() -> matrix(2, 3).matmul(doubles), "matmul", "float32", "float64", "[2, 3]");
    assertMessage(
        () -> Tensor.ones(3).matmul(Tensor.ones(3).to(DType.FLOAT64)), "matmul", "same dtype");
    assertMessage(
        () -> Tensor.ones(4, 2, 3).to(DType.FLOAT64).matmul(Tensor.ones(3, 5)),
        "matmul",
        "float64",
        "float32");
  }

  @Test
  void matmulOfVectorsOfDifferentLengthsNamesBothShapes() {
    assertMessage(() -> Tensor.ones(3).matmul(Tensor.ones(4)), "matmul", "[3]", "[4]");
  }

  @Test
  void matmulWithBatchDimsThatDoNotBroadcastNamesBothShapes() {
    assertMessage(
        () -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 4, 5)),
        "matmul",
        "[2, 3, 4]",
        "[3, 4, 5]");
  }

  @Test
  void matmulOfAZeroDimTensorThrows() {
    assertMessage(() -> Tensor.scalar(1).matmul(Tensor.ones(2)), "matmul", "[]", "[2]");
  }

  // ------------------------------------------------------------------ backward

  @Test
  void backwardOnANonScalarWithoutAGradientNamesTheShape() {
    Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
    assertMessage(y::backward, "backward", "[3]", "one-element");
  }

  @Test
  void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
    Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
    assertMessage(() -> y.backward(Tensor.ones(2)), "backward", "[2]", "[3]");
  }

  @Test
  void backwardOnATensorThatDoesNotRequireGradThrows() {
    assertMessage(() -> Tensor.ones(1).mul(2).backward(), "backward", "requiresGrad");
  }

  @Test
  void secondBackwardThroughAFreedGraphThrows() {
    Tensor y = Tensor.scalar(2).requiresGrad(true).exp();
    y.backward();
    assertMessage(y::backward, "ExpBackward", "second time", "retainGraph");
  }

  @Test
  void setGradOfTheWrongShapeNamesBothShapes() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    assertMessage(() -> x.setGrad(Tensor.ones(2)), "setGrad", "[2]", "[3]");
  }

  @Test
  void hookReturningAGradientOfTheWrongShapeThrows() {
    Tensor x = Tensor.ones(3).requiresGrad(true);
    x.registerHook(g -> Tensor.ones(2));
    Tensor y = x.sum();
    assertMessage(y::backward, "hook", "[2]", "[3]");
  }

  @Test
  void requiresGradFalseOnAComputedTensorNamesItsOp() {
    Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
    assertMessage(() -> y.requiresGrad(false), "requiresGrad", "MulBackward", "detach()");
  }

  // ------------------------------------------------------------------ dims and indices

  @Test
  void sumOverAnInvalidDimNamesTheDimAndTheShape() {
    assertMessage(() -> matrix(2, 3).sum(5, false), "sum", "5", "[-2, 1]", "[2, 3]");
  }

  @Test
  void softmaxOverAnInvalidDimNamesTheDim() {
    assertMessage(() -> matrix(2, 3).softmax(2), "softmax", "2", "[2, 3]");
  }

  @Test
  void transposeOfAnInvalidDimNamesTheDim() {
    assertMessage(() -> matrix(2, 3).transpose(0, -3), "transpose", "-3", "[2, 3]");
  }

  @Test
  void unsqueezeAtAnInvalidDimNamesTheValidRange() {
    assertMessage(() -> matrix(2, 3).unsqueeze(4), "unsqueeze", "4", "[-3, 2]", "[2, 3]");
  }

  @Test
  void stackAlongAnInvalidDimNamesTheValidRange() {
    assertMessage(
        () -> Tensor.stack(List.of(matrix(2, 3), matrix(2, 3)), 3), "stack", "3", "[-3, 2]");
  }

  @Test
  void sizeOfAnInvalidDimNamesTheDim() {
    assertMessage(() -> matrix(2, 3).size(2), "size", "2", "[2, 3]");
  }

  @Test
  void sizeOfAZeroDimTensorThrows() {
    assertMessage(() -> Tensor.scalar(1).size(0), "size", "[]");
  }

  @Test
  void selectOfAnOutOfRangeIndexNamesTheIndexAndTheShape() {
    assertMessage(() -> matrix(2, 3).select(1, 3), "select", "3", "[2, 3]");
  }

  @Test
  void narrowPastTheEndNamesStartLengthAndSize() {
    assertMessage(() -> matrix(2, 3).narrow(1, 2, 2), "narrow", "(2)", "(3)", "[2, 3]");
  }

  @Test
  void getOfAnOutOfRangeIndexNamesTheIndexAndTheShape() {
    assertMessage(() -> matrix(2, 3).get(0, 3), "get", "3", "[2, 3]");
  }

  @Test
  void getWithTheWrongNumberOfIndicesNamesTheShape() {
    assertMessage(() -> matrix(2, 3).get(1), "get", "1 indices", "[2, 3]");
  }

  @Test
  void indexSelectOfAnOutOfRangeIndexNamesTheIndexAndTheShape() {
    Tensor index = Tensor.of(new long[] {0, 5});
    assertMessage(() -> matrix(2, 3).indexSelect(1, index), "indexSelect", "5", "[2, 3]");
  }

  @Test
  void indexSelectWithAFloatIndexThrows() {
    assertMessage(
        () -> matrix(2, 3).indexSelect(0, Tensor.of(new double[] {0})), "indexSelect", "INT64");
  }

  @Test
  void permuteWithTheWrongNumberOfDimsNamesTheShape() {
    assertMessage(() -> matrix(2, 3).permute(0), "permute", "[2, 3]", "[0]");
  }

  @Test
  void permuteWithARepeatedDimThrows() {
    assertMessage(() -> matrix(2, 3).permute(1, 1), "permute", "repeated");
  }

  @Test
  void flattenWithStartAfterEndThrows() {
    assertMessage(() -> Tensor.ones(2, 3, 4).flatten(2, 1), "flatten", "2", "1");
  }

  @Test
  void transposeOfAThreeDimTensorWithTThrows() {
    assertMessage(() -> Tensor.ones(2, 3, 4).t(), "t:", "[2, 3, 4]");
  }

  @Test
  void amaxOverAnEmptyDimThrows() {
    assertMessage(
        () -> Tensor.zeros(0, 3).amax(0, false), "amax: Expected reduction dim 0", "[0, 3]");
  }

  // ------------------------------------------------------------------ shapes and sizes

  @Test
  void reshapeToAnIncompatibleSizeNamesTheSizes() {
    assertMessage(() -> matrix(2, 3).reshape(4, 2), "reshape", "[4, 2]", "6", "[2, 3]");
  }

  @Test
  void viewToAnIncompatibleSizeNamesTheSizes() {
    assertMessage(() -> matrix(2, 3).view(7), "view", "[7]", "6");
  }

  @Test
  void reshapeWithTwoInferredDimsThrows() {
    assertMessage(() -> matrix(2, 3).reshape(-1, -1), "reshape", "[-1, -1]");
  }

  @Test
  void viewOfATransposedTensorThatCannotBeViewedSuggestsReshape() {
    Tensor t = matrix(2, 3).transpose(0, 1);
    assertMessage(() -> t.view(6), "view", "[6]", "[3, 2]", "reshape()");
  }

  @Test
  void expandToAnIncompatibleSizeNamesBothShapes() {
    assertMessage(() -> matrix(2, 3).expand(4, 3), "expand", "(4)", "(2)", "[4, 3]", "[2, 3]");
  }

  @Test
  void expandToFewerDimsThrows() {
    assertMessage(() -> matrix(2, 3).expand(3), "expand", "[2, 3]");
  }

  @Test
  void expandToANegativeSizeThrows() {
    assertMessage(() -> Tensor.ones(1).expand(-2), "expand", "-2");
  }

  @Test
  void catOfMismatchedShapesNamesBothShapes() {
    assertMessage(
        () -> Tensor.cat(List.of(matrix(2, 3), matrix(2, 4)), 0), "cat", "[2, 3]", "[2, 4]");
  }

  @Test
  void catOfTensorsWithDifferentRanksNamesBothShapes() {
    assertMessage(
        () -> Tensor.cat(List.of(matrix(2, 3), Tensor.ones(3)), 0), "cat", "[2, 3]", "[3]");
  }

  @Test
  void catOfAnEmptyListThrows() {
    assertMessage(() -> Tensor.cat(List.of(), 0), "cat", "non-empty");
  }

  @Test
  void stackOfMismatchedShapesNamesBothShapes() {
    assertMessage(
        () -> Tensor.stack(List.of(matrix(2, 3), matrix(3, 2)), 0), "stack", "[2, 3]", "[3, 2]");
  }

  @Test
  void inPlaceOpThatWouldChangeTheShapeNamesBothShapes() {
    assertMessage(() -> Tensor.ones(3).add_(matrix(2, 3)), "add_", "[2, 3]", "[3]");
  }

  @Test
  void inPlaceOpThatWouldStoreFloatsInAnIntegerTensorNamesBothTypes() {
    assertMessage(
        () -> Tensor.arange(3).mul_(Tensor.ones(3)), "mul_", "float32", "int64", "can't be cast");
  }

  // ------------------------------------------------------------------ creation

  @Test
  void linspaceWithNegativeStepsThrows() {
    assertMessage(() -> Tensor.linspace(0, 1, -1), "linspace", "non-negative, got -1");
  }

  @Test
  void arangeWithAStepOfTheWrongSignNamesTheArguments() {
    assertMessage(() -> Tensor.arange(0, 5, -1), "arange", "start 0", "end 5", "step -1");
  }

  @Test
  void arangeWithAZeroStepThrows() {
    assertMessage(() -> Tensor.arange(0, 5, 0), "arange", "step");
  }

  @Test
  void ofWithDataThatDoesNotFillTheShapeNamesShapeAndLength() {
    assertMessage(() -> Tensor.of(new double[] {1, 2, 3}, 2, 2), "of", "[2, 2]", "4", "3");
  }

  @Test
  void zerosWithANegativeSizeNamesTheShape() {
    assertMessage(() -> Tensor.zeros(2, -1), "[2, -1]", "non-negative");
  }

  @Test
  void itemOfAMultiElementTensorNamesTheShape() {
    assertMessage(() -> Tensor.ones(3).item(), "item", "3 elements", "[3]");
  }

  @Test
  void requiresGradOnAnInt64TensorNamesTheType() {
    assertMessage(() -> Tensor.arange(3).requiresGrad(true), "requiresGrad", "int64");
  }

  // ------------------------------------------------------------------ losses

  @Test
  void nllLossWithATargetOutOfRangeNamesTheTargetAndTheClassCount() {
    Tensor logProbs = matrix(2, 3).logSoftmax(1);
    Tensor target = Tensor.of(new long[] {0, 3});
    assertMessage(
        () -> Functional.nllLoss(logProbs, target), "nllLoss", "target 3", "3 classes", "[2, 3]");
  }

  @Test
  void crossEntropyWithATargetOutOfRangeNamesItself() {
    Tensor target = Tensor.of(new long[] {5, 0});
    assertMessage(
        () -> Functional.crossEntropy(matrix(2, 3), target),
        "crossEntropy",
        "target 5",
        "3 classes");
  }

  @Test
  void crossEntropyWithANegativeTargetThrows() {
    Tensor target = Tensor.of(new long[] {-1, 0});
    assertMessage(() -> Functional.crossEntropy(matrix(2, 3), target), "crossEntropy", "-1");
  }

  @Test
  void crossEntropyWithATargetOfTheWrongLengthNamesBothShapes() {
    Tensor target = Tensor.of(new long[] {0, 1, 2});
    assertMessage(
        () -> Functional.crossEntropy(matrix(2, 3), target), "crossEntropy", "[2, 3]", "[3]");
  }

  @Test
  void crossEntropyOfOneSampleWithSeveralTargetsNamesBothShapes() {
    Tensor target = Tensor.of(new long[] {0, 1});
    assertMessage(
        () -> Functional.crossEntropy(Tensor.ones(3), target), "crossEntropy", "[3]", "[2]");
  }

  @Test
  void nllLossWithAFloatTargetNamesTheType() {
    assertMessage(
        () -> Functional.nllLoss(matrix(2, 3), Tensor.zeros(2)), "nllLoss", "INT64", "float32");
  }

  @Test
  void binaryCrossEntropyWithAnInputOutsideZeroOneNamesTheValue() {
    Tensor input = Tensor.of(new double[] {0.5, 1.5});
    assertMessage(
        () -> Functional.binaryCrossEntropy(input, Tensor.ones(2)),
        "binaryCrossEntropy",
        "1.5",
        "between 0 and 1");
  }

  @Test
  void mseLossWithMismatchedShapesNamesBothShapes() {
    assertMessage(
        () -> Functional.mseLoss(Tensor.ones(3), Tensor.ones(3, 1)), "mseLoss", "[3]", "[3, 1]");
  }

  @Test
  void linearWithTheWrongNumberOfFeaturesNamesBothShapes() {
    assertMessage(
        () -> Functional.linear(matrix(4, 3), matrix(2, 5), null), "linear", "[4, 3]", "[2, 5]");
  }

  // ------------------------------------------------------------------ sweeps

  /** How a method's dim argument may range for a tensor of rank r. */
  private enum DimRange {
    /** [-max(r, 1), max(r, 1)): a 0-d tensor accepts 0 and -1, as in PyTorch. */
    EXISTING,
    /** [-r, r): the op needs at least one dim. */
    EXISTING_NOT_SCALAR,
    /** [-r - 1, r]: a new dim is inserted. */
    INSERTED;

    boolean accepts(int dim, int rank) {
      switch (this) {
        case EXISTING:
          int r = Math.max(rank, 1);
          return dim >= -r && dim < r;
        case EXISTING_NOT_SCALAR:
          return rank > 0 && dim >= -rank && dim < rank;
        default:
          return dim >= -rank - 1 && dim <= rank;
      }
    }
  }

  private record DimOp(String name, DimRange range, BiConsumer<Tensor, Integer> call) {}

  private static final List<DimOp> DIM_OPS =
      List.of(
          new DimOp("size", DimRange.EXISTING_NOT_SCALAR, (t, d) -> t.size(d)),
          new DimOp("sum", DimRange.EXISTING, (t, d) -> t.sum(d, false)),
          new DimOp("sum(dims)", DimRange.EXISTING, (t, d) -> t.sum(new int[] {d}, true)),
          new DimOp("mean", DimRange.EXISTING, (t, d) -> t.mean(d, false)),
          new DimOp("mean(dims)", DimRange.EXISTING, (t, d) -> t.mean(new int[] {d}, false)),
          new DimOp("amax", DimRange.EXISTING, (t, d) -> t.amax(d, false)),
          new DimOp("amax(dims)", DimRange.EXISTING, (t, d) -> t.amax(new int[] {d}, true)),
          new DimOp("amin", DimRange.EXISTING, (t, d) -> t.amin(d, true)),
          new DimOp("max", DimRange.EXISTING, (t, d) -> t.max(d, false)),
          new DimOp("min", DimRange.EXISTING, (t, d) -> t.min(d, true)),
          new DimOp("argmax", DimRange.EXISTING, (t, d) -> t.argmax(d, false)),
          new DimOp("argmin", DimRange.EXISTING, (t, d) -> t.argmin(d, true)),
          new DimOp("var", DimRange.EXISTING, (t, d) -> t.var(d, true, false)),
          new DimOp("var(dims)", DimRange.EXISTING, (t, d) -> t.var(new int[] {d}, false, true)),
          new DimOp("norm(dims)", DimRange.EXISTING, (t, d) -> t.norm(new int[] {d}, false)),
          new DimOp("logsumexp", DimRange.EXISTING, (t, d) -> t.logsumexp(d, false)),
          new DimOp("softmax", DimRange.EXISTING, (t, d) -> t.softmax(d)),
          new DimOp("logSoftmax", DimRange.EXISTING, (t, d) -> t.logSoftmax(d)),
          new DimOp("flatten", DimRange.EXISTING, (t, d) -> t.flatten(d, d)),
          new DimOp("squeeze", DimRange.EXISTING, (t, d) -> t.squeeze(d)),
          new DimOp("unsqueeze", DimRange.INSERTED, (t, d) -> t.unsqueeze(d)),
          new DimOp("transpose(d, 0)", DimRange.EXISTING, (t, d) -> t.transpose(d, 0)),
          new DimOp("transpose(0, d)", DimRange.EXISTING, (t, d) -> t.transpose(0, d)),
          new DimOp("narrow", DimRange.EXISTING_NOT_SCALAR, (t, d) -> t.narrow(d, 0, 1)),
          new DimOp("select", DimRange.EXISTING_NOT_SCALAR, (t, d) -> t.select(d, -1)),
          new DimOp(
              "indexSelect",
              DimRange.EXISTING,
              (t, d) -> t.indexSelect(d, Tensor.of(new long[] {0}))),
          new DimOp("cat", DimRange.EXISTING_NOT_SCALAR, (t, d) -> Tensor.cat(List.of(t, t), d)),
          new DimOp("stack", DimRange.INSERTED, (t, d) -> Tensor.stack(List.of(t, t), d)));

  private static final List<int[]> SHAPES =
      List.of(new int[0], new int[] {4}, new int[] {2, 3}, new int[] {2, 3, 4});

  static Stream<Arguments> everyDimOfEveryDimTakingMethod() {
    List<Arguments> cases = new ArrayList<>();
    for (DimOp op : DIM_OPS) {
      for (int[] shape : SHAPES) {
        for (int dim = -6; dim <= 6; dim++) {
          boolean valid = op.range().accepts(dim, shape.length);
          int d = dim;
          Executable call = () -> op.call().accept(Tensor.randn(new Generator(1), shape), d);
          cases.add(
              Arguments.of(
                  op.name() + "(" + dim + ") on " + Arrays.toString(shape),
                  valid,
                  op.name(),
                  call));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDimOfEveryDimTakingMethod")
  void dimArgumentIsAcceptedInRangeAndRejectedWithATensorExceptionOutside(
      String description, boolean valid, String op, Executable call) {
    if (valid) {
      assertDoesNotThrow(call, description);
    } else {
      TensorException e = assertThrows(TensorException.class, call, description);
      String base = op.replaceAll("[(].*", "");
      assertTrue(
          e.getMessage().contains(base),
          description + ": expected '" + base + "' in: " + e.getMessage());
    }
  }

  private static final List<int[]> OPERAND_SHAPES =
      List.of(
          new int[0],
          new int[] {1},
          new int[] {3},
          new int[] {4},
          new int[] {2, 1},
          new int[] {2, 3},
          new int[] {1, 3},
          new int[] {4, 2, 3},
          new int[] {0},
          new int[] {2, 0});

  /** The broadcast shape of a and b by NumPy's rules, or null; written out for the test. */
  private static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int k = 1; k <= rank; k++) {
      int da = k <= a.length ? a[a.length - k] : 1;
      int db = k <= b.length ? b[b.length - k] : 1;
      if (da != db && da != 1 && db != 1) return null;
      out[rank - k] = da == 1 ? db : da;
    }
    return out;
  }

  private record BinaryOp(String name, java.util.function.BinaryOperator<Tensor> call) {}

  private static final List<BinaryOp> BINARY_OPS =
      List.of(
          new BinaryOp("add", Tensor::add),
          new BinaryOp("sub", Tensor::sub),
          new BinaryOp("mul", Tensor::mul),
          new BinaryOp("div", Tensor::div),
          new BinaryOp("pow", Tensor::pow),
          new BinaryOp("maximum", Tensor::maximum),
          new BinaryOp("minimum", Tensor::minimum),
          new BinaryOp("where", (a, b) -> Tensor.where(a.gt(0), a, b)));

  static Stream<Arguments> everyShapePairOfEveryBinaryOp() {
    List<Arguments> cases = new ArrayList<>();
    for (BinaryOp op : BINARY_OPS) {
      for (int[] a : OPERAND_SHAPES) {
        for (int[] b : OPERAND_SHAPES) {
          cases.add(
              Arguments.of(
                  op.name() + " " + Arrays.toString(a) + " with " + Arrays.toString(b),
                  op.name(),
                  op.call(),
                  a,
                  b,
                  broadcast(a, b)));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyShapePairOfEveryBinaryOp")
  void binaryOpBroadcastsCompatibleShapesAndDifferentiatesBackToEachShape(
      String description,
      String op,
      java.util.function.BinaryOperator<Tensor> call,
      int[] aShape,
      int[] bShape,
      int[] expected) {
    Tensor a = Tensor.rand(new Generator(3), aShape).add(0.5).requiresGrad(true);
    Tensor b = Tensor.rand(new Generator(4), bShape).add(0.5).requiresGrad(true);
    if (expected == null) {
      assertMessage(() -> call.apply(a, b), op, Arrays.toString(aShape), Arrays.toString(bShape));
      return;
    }
    Tensor out = assertDoesNotThrow(() -> call.apply(a, b), description);
    assertArrayEquals(expected, out.shape(), description);
    out.sum().backward();
    assertArrayEquals(aShape, a.grad().shape(), description);
    assertArrayEquals(bShape, b.grad().shape(), description);
  }

  static Stream<Arguments> everyShapePairOfInPlaceAdd() {
    List<Arguments> cases = new ArrayList<>();
    for (int[] self : OPERAND_SHAPES) {
      for (int[] other : OPERAND_SHAPES) {
        int[] b = broadcast(self, other);
        boolean valid = b != null && Arrays.equals(b, self);
        cases.add(
            Arguments.of(
                "add_ " + Arrays.toString(self) + " += " + Arrays.toString(other),
                valid,
                (Executable) () -> Tensor.ones(self).add_(Tensor.ones(other))));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyShapePairOfInPlaceAdd")
  void inPlaceAddAcceptsOnlyArgumentsThatBroadcastToItsOwnShape(
      String description, boolean valid, Executable call) {
    if (valid) {
      assertDoesNotThrow(call, description);
    } else {
      assertThrows(TensorException.class, call, description);
    }
  }

  private static final List<int[]> MATMUL_SHAPES =
      List.of(
          new int[0],
          new int[] {3},
          new int[] {4},
          new int[] {2, 3},
          new int[] {3, 4},
          new int[] {4, 3},
          new int[] {5, 3, 4},
          new int[] {1, 4, 2},
          new int[] {2, 5, 3, 4},
          new int[] {0, 3},
          new int[] {3, 0});

  /** torch.matmul's result shape, or null when the shapes cannot be multiplied. */
  private static int[] matmulShape(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) return null;
    int k = a[a.length - 1];
    int kb = b.length == 1 ? b[0] : b[b.length - 2];
    if (k != kb) return null;
    int[] batchA = a.length > 2 ? Arrays.copyOf(a, a.length - 2) : new int[0];
    int[] batchB = b.length > 2 ? Arrays.copyOf(b, b.length - 2) : new int[0];
    int[] batch = broadcast(batchA, batchB);
    if (batch == null) return null;
    List<Integer> out = new ArrayList<>();
    for (int s : batch) out.add(s);
    if (a.length > 1) out.add(a[a.length - 2]);
    if (b.length > 1) out.add(b[b.length - 1]);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static Stream<Arguments> everyShapePairOfMatmul() {
    List<Arguments> cases = new ArrayList<>();
    for (int[] a : MATMUL_SHAPES) {
      for (int[] b : MATMUL_SHAPES) {
        cases.add(
            Arguments.of(
                "matmul " + Arrays.toString(a) + " @ " + Arrays.toString(b),
                a,
                b,
                matmulShape(a, b)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyShapePairOfMatmul")
  void matmulMultipliesCompatibleShapesAndDifferentiatesBackToEachShape(
      String description, int[] aShape, int[] bShape, int[] expected) {
    Tensor a = Tensor.randn(new Generator(5), aShape).requiresGrad(true);
    Tensor b = Tensor.randn(new Generator(6), bShape).requiresGrad(true);
    if (expected == null) {
      assertMessage(() -> a.matmul(b), "matmul", Arrays.toString(aShape), Arrays.toString(bShape));
      return;
    }
    Tensor out = assertDoesNotThrow(() -> a.matmul(b), description);
    assertArrayEquals(expected, out.shape(), description);
    out.sum().backward();
    assertArrayEquals(aShape, a.grad().shape(), description);
    assertArrayEquals(bShape, b.grad().shape(), description);
  }

  static Stream<Arguments> everyIndexOfEveryIndexTakingMethod() {
    List<Arguments> cases = new ArrayList<>();
    int rows = 2;
    int cols = 3;
    for (int i = -4; i <= 3; i++) {
      for (int j = -5; j <= 4; j++) {
        int a = i;
        int b = j;
        boolean valid = a >= -rows && a < rows && b >= -cols && b < cols;
        cases.add(
            Arguments.of("get(" + a + ", " + b + ")", valid, (Executable) () -> grid().get(a, b)));
      }
    }
    for (int[] idx : new int[][] {{}, {0}, {0, 0, 0}}) {
      cases.add(
          Arguments.of("get" + Arrays.toString(idx), false, (Executable) () -> grid().get(idx)));
    }
    for (int dim = 0; dim < 2; dim++) {
      int size = dim == 0 ? rows : cols;
      for (int i = -size - 2; i <= size + 1; i++) {
        int d = dim;
        int at = i;
        boolean valid = at >= -size && at < size;
        cases.add(
            Arguments.of(
                "select(" + d + ", " + at + ")", valid, (Executable) () -> grid().select(d, at)));
      }
    }
    for (int start = -5; start <= 5; start++) {
      for (int length = -2; length <= 5; length++) {
        int s = start;
        int n = length;
        int wrapped = s < 0 ? s + cols : s;
        boolean valid = wrapped >= 0 && n >= 0 && wrapped + n <= cols;
        cases.add(
            Arguments.of(
                "narrow(1, " + s + ", " + n + ")",
                valid,
                (Executable) () -> grid().narrow(1, s, n)));
      }
    }
    for (int i : new int[] {-7, -6, -5, -4, 0, 1, 2, 3, 4, 5, 100}) {
      boolean valid = i >= 0 && i < cols;
      Tensor index = Tensor.of(new long[] {i});
      cases.add(
          Arguments.of(
              "indexSelect(1, [" + i + "])",
              valid,
              (Executable) () -> grid().indexSelect(1, index)));
    }
    for (int i : new int[] {-3, -2, 1, 2}) {
      Tensor index = Tensor.of(new long[] {i});
      cases.add(
          Arguments.of(
              "indexSelect(0, [" + i + "]) on a 0-d tensor",
              false,
              (Executable) () -> Tensor.scalar(1).indexSelect(0, index)));
    }
    for (int i = -2; i < 4; i++) {
      int at = i;
      cases.add(
          Arguments.of(
              "select(0, " + at + ") on a 0-d tensor",
              false,
              (Executable) () -> Tensor.scalar(1).select(0, at)));
      cases.add(
          Arguments.of(
              "narrow(0, " + at + ", 1) on a 0-d tensor",
              false,
              (Executable) () -> Tensor.scalar(1).narrow(0, at, 1)));
    }
    return cases.stream();
  }

  private static Tensor grid() {
    return Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyIndexOfEveryIndexTakingMethod")
  void indexArgumentIsAcceptedInRangeAndRejectedWithATensorExceptionOutside(
      String description, boolean valid, Executable call) {
    if (valid) {
      assertDoesNotThrow(call, description);
    } else {
      assertThrows(TensorException.class, call, description);
    }
  }

  static Stream<Arguments> everySizeOfEverySizeTakingMethod() {
    List<Arguments> cases = new ArrayList<>();
    int[][] shapes = {
      {6},
      {2, 3},
      {3, 2},
      {-1},
      {-1, 2},
      {3, -1},
      {1, -1, 1},
      {1, 2, 1, 3},
      {4, 2},
      {7},
      {-1, 4},
      {-1, -1},
      {-2, 3},
      {0, -1},
      {6, 0},
      {},
      {-3, -2}
    };
    for (int[] shape : shapes) {
      long known = 1;
      int inferred = 0;
      boolean negative = false;
      for (int s : shape) {
        if (s == -1) inferred++;
        else if (s < 0) negative = true;
        else known *= s;
      }
      boolean valid =
          !negative && inferred <= 1 && (inferred == 0 ? known == 6 : known != 0 && 6 % known == 0);
      String text = Arrays.toString(shape);
      cases.add(
          Arguments.of(
              "reshape" + text, valid, (Executable) () -> Tensor.ones(2, 3).reshape(shape)));
      cases.add(
          Arguments.of("view" + text, valid, (Executable) () -> Tensor.ones(2, 3).view(shape)));
      boolean fits = !negative && inferred == 0 && (shape.length == 0 || known == 6);
      cases.add(
          Arguments.of(
              "of(6 values, " + text + ")",
              fits,
              (Executable) () -> Tensor.of(new double[6], shape)));
    }
    int[][] expansions = {
      {2, 3}, {-1, 3}, {4, 2, 3}, {2, 1}, {2, -1}, {3, 3}, {2, -2}, {-1, 2, 3}, {3}, {0, 2, 3}
    };
    boolean[] expandValid = {true, true, true, true, true, false, false, false, false, true};
    for (int k = 0; k < expansions.length; k++) {
      int[] sizes = expansions[k];
      cases.add(
          Arguments.of(
              "expand [2, 1] to " + Arrays.toString(sizes),
              expandValid[k],
              (Executable) () -> Tensor.ones(2, 1).expand(sizes)));
    }
    for (int n : new int[] {-3, -1}) {
      cases.add(Arguments.of("zeros(" + n + ")", false, (Executable) () -> Tensor.zeros(n)));
      cases.add(Arguments.of("ones(2, " + n + ")", false, (Executable) () -> Tensor.ones(2, n)));
      cases.add(Arguments.of("rand(" + n + ")", false, (Executable) () -> Tensor.rand(n)));
      cases.add(Arguments.of("randn(" + n + ", 2)", false, (Executable) () -> Tensor.randn(n, 2)));
      cases.add(Arguments.of("eye(" + n + ")", false, (Executable) () -> Tensor.eye(n)));
      cases.add(Arguments.of("arange(" + n + ")", false, (Executable) () -> Tensor.arange(n)));
      cases.add(
          Arguments.of(
              "linspace(0, 1, " + n + ")", false, (Executable) () -> Tensor.linspace(0, 1, n)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everySizeOfEverySizeTakingMethod")
  void sizeArgumentIsAcceptedWhenConsistentAndRejectedWithATensorExceptionOtherwise(
      String description, boolean valid, Executable call) {
    if (valid) {
      assertDoesNotThrow(call, description);
    } else {
      assertThrows(TensorException.class, call, description);
    }
  }
}
