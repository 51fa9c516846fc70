package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#toString()} against PyTorch 1.13: each expected string is what {@code repr(tensor)}
 * prints in PyTorch 1.13 for the same tensor (the PyTorch expression is given in each test's
 * comment).
 */
class TensorFormatterTest {

  private static void assertPrints(String pytorch, Tensor t) {
    assertEquals(pytorch, t.toString());
  }

  private static Tensor floats(double... values) {
    return Tensor.of(values);
  }

  private static Tensor range(int n) {
    return Tensor.arange(0.0, n, 1);
  }

  // ---------------------------------------------------------------- 0-d

  @Test
  void scalarIntegralPrintsWithTrailingDot() {
    // torch.tensor(8.)
    assertPrints("tensor(8.)", Tensor.scalar(8));
  }

  @Test
  void negativeScalarIntegralPrintsWithTrailingDot() {
    // torch.tensor(-5.)
    assertPrints("tensor(-5.)", Tensor.scalar(-5));
  }

  @Test
  void scalarFractionPrintsFourDecimals() {
    // torch.tensor(0.5)
    assertPrints("tensor(0.5000)", Tensor.scalar(0.5));
  }

  @Test
  void smallScalarPrintsInScientificNotation() {
    // torch.tensor(1e-5)
    assertPrints("tensor(1.0000e-05)", Tensor.scalar(1e-5));
  }

  @Test
  void largeIntegralScalarPrintsInScientificNotation() {
    // torch.tensor(2e8)
    assertPrints("tensor(2.0000e+08)", Tensor.scalar(2e8));
  }

  @Test
  void nanScalarPrintsNan() {
    // torch.tensor(float('nan'))
    assertPrints("tensor(nan)", Tensor.scalar(Double.NaN));
  }

  @Test
  void negativeZeroScalarKeepsItsSign() {
    // torch.tensor(-0.)
    assertPrints("tensor(-0.)", Tensor.scalar(-0.0));
  }

  @Test
  void int64ScalarPrintsWithoutDot() {
    // torch.tensor(5)
    assertPrints("tensor(5)", Tensor.scalar(5, DType.INT64));
  }

  @Test
  void boolScalarPrintsTrue() {
    // torch.tensor(True)
    assertPrints("tensor(True)", Tensor.scalar(1, DType.BOOL));
  }

  // ---------------------------------------------------------------- 1-D, fixed and int mode

  @Test
  void fractionsPrintWithFourDecimals() {
    // torch.tensor([1., 2.5])
    assertPrints("tensor([1.0000, 2.5000])", floats(1, 2.5));
  }

  @Test
  void integralValuesPrintWithTrailingDot() {
    // torch.tensor([1., 2., 3.])
    assertPrints("tensor([1., 2., 3.])", floats(1, 2, 3));
  }

  @Test
  void float32ValuesPrintRoundedToFourDecimals() {
    // torch.tensor([0.1, 0.2, 0.3])
    assertPrints("tensor([0.1000, 0.2000, 0.3000])", floats(0.1, 0.2, 0.3));
  }

  @Test
  void negativeFractionsAlignWithPositives() {
    // torch.tensor([-1.5, 2.25, 10.])
    assertPrints("tensor([-1.5000,  2.2500, 10.0000])", floats(-1.5, 2.25, 10));
  }

  @Test
  void negativeIntegralValuesAlignWithPositives() {
    // torch.tensor([-1., 20., 300.])
    assertPrints("tensor([ -1.,  20., 300.])", floats(-1, 20, 300));
  }

  @Test
  void ratioOfExactlyThousandStaysInIntMode() {
    // torch.tensor([1., 1000.])
    assertPrints("tensor([   1., 1000.])", floats(1, 1000));
  }

  @Test
  void zerosPrintAsIntegral() {
    // torch.zeros(3)
    assertPrints("tensor([0., 0., 0.])", Tensor.zeros(3));
  }

  @Test
  void zeroAmongFractionsPrintsFourDecimals() {
    // torch.tensor([0., 1.5])
    assertPrints("tensor([0.0000, 1.5000])", floats(0, 1.5));
  }

  @Test
  void negativeZeroKeepsItsSign() {
    // torch.tensor([-0., 1.])
    assertPrints("tensor([-0., 1.])", floats(-0.0, 1));
  }

  @Test
  void negativeZeroAmongFractionsKeepsItsSign() {
    // torch.tensor([-0., 1.5])
    assertPrints("tensor([-0.0000, 1.5000])", floats(-0.0, 1.5));
  }

  @Test
  void float32IntegralValuesBelowOneE8PrintInIntMode() {
    // torch.tensor([12345678.5, 1.0e7]) (float32 rounds 12345678.5 to 12345678)
    assertPrints("tensor([12345678., 10000000.])", floats(12345678.5, 1.0e7));
  }

  @Test
  void roundingOfExactTieIsToEven() {
    // torch.tensor([1.03125, 2.]) (1.03125 is exact in binary)
    assertPrints("tensor([1.0312, 2.0000])", floats(1.03125, 2));
  }

  @Test
  void roundingUsesExactBinaryValue() {
    // torch.tensor([2.00005, 1.], dtype=torch.float64) (2.00005 is 2.0000499999... in binary)
    assertPrints(
        "tensor([2.0000, 1.0000], dtype=torch.float64)",
        Tensor.of(new double[] {2.00005, 1}, DType.FLOAT64));
  }

  @Test
  void roundingAboveTieGoesUp() {
    // torch.tensor([1.00005, 2.], dtype=torch.float64) (1.00005 is 1.0000500000...01 in binary)
    assertPrints(
        "tensor([1.0001, 2.0000], dtype=torch.float64)",
        Tensor.of(new double[] {1.00005, 2}, DType.FLOAT64));
  }

  // ---------------------------------------------------------------- scientific mode

  @Test
  void valueBelowOneEMinus4SwitchesToScientific() {
    // torch.tensor([1e-5, 1.])
    assertPrints("tensor([1.0000e-05, 1.0000e+00])", floats(1e-5, 1));
  }

  @Test
  void float32OneEMinus4IsBelowThresholdAndSwitchesToScientific() {
    // torch.tensor([1e-4, 0.1]) (float32 1e-4 is 9.99999974e-05)
    assertPrints("tensor([1.0000e-04, 1.0000e-01])", floats(1e-4, 0.1));
  }

  @Test
  void ratioAboveThousandSwitchesToScientific() {
    // torch.tensor([0.5, 1000.5])
    assertPrints("tensor([5.0000e-01, 1.0005e+03])", floats(0.5, 1000.5));
  }

  @Test
  void integralRatioAboveThousandSwitchesToScientific() {
    // torch.tensor([1., 2000.])
    assertPrints("tensor([1.0000e+00, 2.0000e+03])", floats(1, 2000));
  }

  @Test
  void integralValuesAboveOneE8SwitchToScientific() {
    // torch.tensor([2e8, 3e8])
    assertPrints("tensor([2.0000e+08, 3.0000e+08])", floats(2e8, 3e8));
  }

  @Test
  void ratioIsTakenOverAllNonzeroValues() {
    // torch.tensor([1.0, 1e-3, 1001.])
    assertPrints("tensor([1.0000e+00, 1.0000e-03, 1.0010e+03])", floats(1, 1e-3, 1001));
  }

  @Test
  void scientificMantissaRoundsToFourDecimals() {
    // torch.tensor([1.23455e-5, 1.])
    assertPrints("tensor([1.2346e-05, 1.0000e+00])", floats(1.23455e-5, 1));
  }

  @Test
  void negativeScientificValuesAlignWithPositives() {
    // torch.tensor([-1e-5, 1.])
    assertPrints("tensor([-1.0000e-05,  1.0000e+00])", floats(-1e-5, 1));
  }

  @Test
  void threeDigitExponentWidensTheColumn() {
    // torch.tensor([1e100, 1.], dtype=torch.float64)
    assertPrints(
        "tensor([1.0000e+100,  1.0000e+00], dtype=torch.float64)",
        Tensor.of(new double[] {1e100, 1}, DType.FLOAT64));
  }

  // ---------------------------------------------------------------- nan and inf

  @Test
  void nanAndInfinitiesInIntModeHaveNoDot() {
    // torch.tensor([float('nan'), float('inf'), float('-inf'), 1.])
    assertPrints(
        "tensor([nan, inf, -inf, 1.])",
        floats(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1));
  }

  @Test
  void nanAndInfinitiesArePaddedToFixedWidth() {
    // torch.tensor([float('nan'), 1.5, float('-inf')])
    assertPrints(
        "tensor([   nan, 1.5000,   -inf])", floats(Double.NaN, 1.5, Double.NEGATIVE_INFINITY));
  }

  @Test
  void nanIsPaddedToScientificWidth() {
    // torch.tensor([float('nan'), 1e-5, 1.])
    assertPrints("tensor([       nan, 1.0000e-05, 1.0000e+00])", floats(Double.NaN, 1e-5, 1));
  }

  @Test
  void onlyNonFiniteValuesPrintUnpadded() {
    // torch.tensor([float('nan'), float('inf')])
    assertPrints("tensor([nan, inf])", floats(Double.NaN, Double.POSITIVE_INFINITY));
  }

  // ---------------------------------------------------------------- 2-D and more

  @Test
  void matrixRowsAlignUnderOpeningBracket() {
    // torch.tensor([[1., 2.], [3., 4.]])
    assertPrints("tensor([[1., 2.],\n        [3., 4.]])", floats(1, 2, 3, 4).reshape(2, 2));
  }

  @Test
  void matrixElementsShareOneWidth() {
    // torch.tensor([[1.5, -2.], [3., 40.]])
    assertPrints(
        "tensor([[ 1.5000, -2.0000],\n        [ 3.0000, 40.0000]])",
        floats(1.5, -2, 3, 40).reshape(2, 2));
  }

  @Test
  void threeDimensionalBlocksAreSeparatedByBlankLine() {
    // torch.arange(8.).reshape(2, 2, 2)
    assertPrints(
        """
        tensor([[[0., 1.],
                 [2., 3.]],

                [[4., 5.],
                 [6., 7.]]])""",
        range(8).reshape(2, 2, 2));
  }

  @Test
  void fourDimensionalBlocksAreSeparatedByTwoBlankLines() {
    // torch.arange(16.).reshape(2, 2, 2, 2)
    assertPrints(
        """
        tensor([[[[ 0.,  1.],
                  [ 2.,  3.]],

                 [[ 4.,  5.],
                  [ 6.,  7.]]],


                [[[ 8.,  9.],
                  [10., 11.]],

                 [[12., 13.],
                  [14., 15.]]]])""",
        range(16).reshape(2, 2, 2, 2));
  }

  // ---------------------------------------------------------------- views

  @Test
  void transposedViewPrintsInItsOwnOrder() {
    // torch.tensor([[1., 2., 3.], [4., 5., 6.]]).t()
    Tensor t = floats(1, 2, 3, 4, 5, 6).reshape(2, 3).t();
    assertPrints("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", t);
  }

  @Test
  void expandedViewRepeatsItsRow() {
    // torch.tensor([1.5, 2.]).expand(3, 2)
    assertPrints(
        "tensor([[1.5000, 2.0000],\n        [1.5000, 2.0000],\n        [1.5000, 2.0000]])",
        floats(1.5, 2).expand(3, 2));
  }

  @Test
  void selectedColumnViewPrintsAsVector() {
    // torch.tensor([[1., 2.], [3., 4.]])[:, 1]
    assertPrints("tensor([2., 4.])", floats(1, 2, 3, 4).reshape(2, 2).select(1, 1));
  }

  @Test
  void narrowedViewPrintsFromItsOffset() {
    // torch.arange(12.).reshape(3, 4)[1:, 1:3]
    assertPrints(
        "tensor([[ 5.,  6.],\n        [ 9., 10.]])",
        range(12).reshape(3, 4).narrow(0, 1, 2).narrow(1, 1, 2));
  }

  @Test
  void largeExpandedScalarIsElided() {
    // torch.tensor(1.5).expand(1000, 1000)
    assertPrints(
        """
        tensor([[1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],
                [1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],
                [1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],
                ...,
                [1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],
                [1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],
                [1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000]])""",
        Tensor.scalar(1.5).expand(1000, 1000));
  }

  @Test
  void transposedSummarizedViewElidesRowsAndColumns() {
    // torch.arange(2000.).reshape(40, 50).t()
    assertPrints(
        """
        tensor([[0.0000e+00, 5.0000e+01, 1.0000e+02,  ..., 1.8500e+03, 1.9000e+03,
                 1.9500e+03],
                [1.0000e+00, 5.1000e+01, 1.0100e+02,  ..., 1.8510e+03, 1.9010e+03,
                 1.9510e+03],
                [2.0000e+00, 5.2000e+01, 1.0200e+02,  ..., 1.8520e+03, 1.9020e+03,
                 1.9520e+03],
                ...,
                [4.7000e+01, 9.7000e+01, 1.4700e+02,  ..., 1.8970e+03, 1.9470e+03,
                 1.9970e+03],
                [4.8000e+01, 9.8000e+01, 1.4800e+02,  ..., 1.8980e+03, 1.9480e+03,
                 1.9980e+03],
                [4.9000e+01, 9.9000e+01, 1.4900e+02,  ..., 1.8990e+03, 1.9490e+03,
                 1.9990e+03]])""",
        range(2000).reshape(40, 50).t());
  }

  // ---------------------------------------------------------------- suffixes

  @Test
  void leafRequiringGradPrintsRequiresGrad() {
    // torch.tensor([1., 2.], requires_grad=True)
    assertPrints("tensor([1., 2.], requires_grad=True)", floats(1, 2).requiresGrad(true));
  }

  @Test
  void computedTensorPrintsGradFnWithOverloadDigit() {
    // torch.tensor([1., 2.], requires_grad=True) * 2
    assertPrints(
        "tensor([2., 4.], grad_fn=<MulBackward0>)", floats(1, 2).requiresGrad(true).mul(2));
  }

  @Test
  void computedScalarPrintsGradFn() {
    // torch.tensor([1., 2.], requires_grad=True).sum()
    assertPrints("tensor(3., grad_fn=<SumBackward0>)", floats(1, 2).requiresGrad(true).sum());
  }

  @Test
  void requiresGradSuffixFollowsLastLineOfMatrix() {
    // torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    assertPrints(
        "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)",
        floats(1, 2, 3, 4).reshape(2, 2).requiresGrad(true));
  }

  @Test
  void float64PrintsDtypeSuffix() {
    // torch.tensor([1., 2.], dtype=torch.float64)
    assertPrints(
        "tensor([1., 2.], dtype=torch.float64)", Tensor.of(new double[] {1, 2}, DType.FLOAT64));
  }

  @Test
  void dtypeSuffixComesBeforeRequiresGrad() {
    // torch.tensor([1.5, 2.], dtype=torch.float64, requires_grad=True)
    assertPrints(
        "tensor([1.5000, 2.0000], dtype=torch.float64, requires_grad=True)",
        Tensor.of(new double[] {1.5, 2}, DType.FLOAT64).requiresGrad(true));
  }

  @Test
  void suffixThatWouldPassLineWidthGoesOnNewLine() {
    // (torch.arange(9.) * 0.5).requires_grad_()
    assertPrints(
        "tensor([0.0000, 0.5000, 1.0000, 1.5000, 2.0000, 2.5000, 3.0000, 3.5000, 4.0000],\n"
            + "       requires_grad=True)",
        range(9).mul(0.5).requiresGrad(true));
  }

  @Test
  void suffixFitsAfterShortWrappedLine() {
    // (torch.arange(13.) * 0.5).requires_grad_()
    assertPrints(
        "tensor([0.0000, 0.5000, 1.0000, 1.5000, 2.0000, 2.5000, 3.0000, 3.5000, 4.0000,\n"
            + "        4.5000, 5.0000, 5.5000, 6.0000], requires_grad=True)",
        range(13).mul(0.5).requiresGrad(true));
  }

  @Test
  void eachSuffixIsPlacedByTheLineWidth() {
    // torch.arange(9., dtype=torch.float64).mul(1.5).requires_grad_()
    double[] values = new double[9];
    for (int i = 0; i < values.length; i++) values[i] = 1.5 * i;
    assertPrints(
        "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n"
            + "        12.0000], dtype=torch.float64, requires_grad=True)",
        Tensor.of(values, DType.FLOAT64).requiresGrad(true));
  }

  // ---------------------------------------------------------------- int64 and bool

  @Test
  void int64PrintsWithoutDotOrDtype() {
    // torch.tensor([1, 2, 3])
    assertPrints("tensor([1, 2, 3])", Tensor.of(new long[] {1, 2, 3}));
  }

  @Test
  void int64NegativesAlignWithPositives() {
    // torch.tensor([-1, 10, 100])
    assertPrints("tensor([ -1,  10, 100])", Tensor.of(new long[] {-1, 10, 100}));
  }

  @Test
  void int64MatrixElementsShareOneWidth() {
    // torch.tensor([[1, -20], [300, 4]])
    assertPrints(
        "tensor([[  1, -20],\n        [300,   4]])", Tensor.of(new long[] {1, -20, 300, 4}, 2, 2));
  }

  @Test
  void boolPrintsTrueAndFalseAlignedWithoutDtype() {
    // torch.tensor([True, False])
    assertPrints("tensor([ True, False])", Tensor.of(new double[] {1, 0}, DType.BOOL));
  }

  @Test
  void boolMatrixAlignsTrueUnderFalse() {
    // torch.tensor([[True, False], [False, True]])
    assertPrints(
        "tensor([[ True, False],\n        [False,  True]])",
        Tensor.of(new double[] {1, 0, 0, 1}, DType.BOOL, 2, 2));
  }

  // ---------------------------------------------------------------- empty

  @Test
  void emptyVectorPrintsEmptyBrackets() {
    // torch.tensor([])
    assertPrints("tensor([])", Tensor.zeros(0));
  }

  @Test
  void emptyMatrixPrintsItsSize() {
    // torch.zeros(0, 3)
    assertPrints("tensor([], size=(0, 3))", Tensor.zeros(0, 3));
  }

  @Test
  void emptyInt64PrintsDtype() {
    // torch.tensor([], dtype=torch.int64)
    assertPrints("tensor([], dtype=torch.int64)", Tensor.zeros(DType.INT64, 0));
  }

  @Test
  void emptyBoolPrintsDtype() {
    // torch.tensor([], dtype=torch.bool)
    assertPrints("tensor([], dtype=torch.bool)", Tensor.zeros(DType.BOOL, 0));
  }

  @Test
  void emptyFloat64PrintsDtype() {
    // torch.zeros(0, dtype=torch.float64)
    assertPrints("tensor([], dtype=torch.float64)", Tensor.zeros(DType.FLOAT64, 0));
  }

  @Test
  void emptyTensorRequiringGradPrintsSizeThenRequiresGrad() {
    // torch.zeros(2, 0, requires_grad=True)
    assertPrints(
        "tensor([], size=(2, 0), requires_grad=True)", Tensor.zeros(2, 0).requiresGrad(true));
  }

  // ---------------------------------------------------------------- line wrapping

  @Test
  void longVectorWrapsAtEightyColumns() {
    // torch.arange(30.) * 0.5
    assertPrints(
        """
        tensor([ 0.0000,  0.5000,  1.0000,  1.5000,  2.0000,  2.5000,  3.0000,  3.5000,
                 4.0000,  4.5000,  5.0000,  5.5000,  6.0000,  6.5000,  7.0000,  7.5000,
                 8.0000,  8.5000,  9.0000,  9.5000, 10.0000, 10.5000, 11.0000, 11.5000,
                12.0000, 12.5000, 13.0000, 13.5000, 14.0000, 14.5000])""",
        range(30).mul(0.5));
  }

  @Test
  void longIntegralVectorWrapsByElementWidth() {
    // torch.arange(30.)
    assertPrints(
        """
        tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,
                14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,
                28., 29.])""",
        range(30));
  }

  @Test
  void longInt64VectorWraps() {
    // torch.arange(40)
    assertPrints(
        """
        tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,
                18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
                36, 37, 38, 39])""",
        Tensor.arange(40));
  }

  @Test
  void matrixRowsWrapUnderTheirOwnBracket() {
    // torch.arange(40.).reshape(2, 20) / 4
    assertPrints(
        """
        tensor([[0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000,
                 2.2500, 2.5000, 2.7500, 3.0000, 3.2500, 3.5000, 3.7500, 4.0000, 4.2500,
                 4.5000, 4.7500],
                [5.0000, 5.2500, 5.5000, 5.7500, 6.0000, 6.2500, 6.5000, 6.7500, 7.0000,
                 7.2500, 7.5000, 7.7500, 8.0000, 8.2500, 8.5000, 8.7500, 9.0000, 9.2500,
                 9.5000, 9.7500]])""",
        range(40).reshape(2, 20).div(4));
  }

  // ---------------------------------------------------------------- summarization

  @Test
  void vectorOverThousandElementsIsElided() {
    // torch.arange(2000.)
    assertPrints(
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
            + "        1.9990e+03])",
        range(2000));
  }

  @Test
  void vectorOfThousandAndOneElementsIsElided() {
    // torch.arange(1001.)
    assertPrints("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", range(1001));
  }

  @Test
  void int64VectorOverThousandElementsIsElided() {
    // torch.arange(2000)
    assertPrints("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", Tensor.arange(2000));
  }

  @Test
  void elidedValuesDoNotChooseTheFormat() {
    // torch.cat([torch.ones(1000), torch.tensor([0.5]), torch.ones(1000)])
    Tensor t = Tensor.cat(List.of(Tensor.ones(1000), floats(0.5), Tensor.ones(1000)), 0);
    assertPrints("tensor([1., 1., 1.,  ..., 1., 1., 1.])", t);
  }

  @Test
  void constantVectorOverThousandElementsIsElided() {
    // torch.full((1001,), 2.5)
    assertPrints(
        "tensor([2.5000, 2.5000, 2.5000,  ..., 2.5000, 2.5000, 2.5000])", Tensor.full(2.5, 1001));
  }

  @Test
  void matrixOverThousandElementsElidesRowsAndColumns() {
    // torch.arange(2000.).reshape(40, 50)
    assertPrints(
        """
        tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,
                 4.9000e+01],
                [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,
                 9.9000e+01],
                [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,
                 1.4900e+02],
                ...,
                [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,
                 1.8990e+03],
                [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,
                 1.9490e+03],
                [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,
                 1.9990e+03]])""",
        range(2000).reshape(40, 50));
  }

  @Test
  void matrixWithFewRowsElidesOnlyColumns() {
    // torch.arange(1200.).reshape(2, 600)
    assertPrints(
        """
        tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 5.9700e+02, 5.9800e+02,
                 5.9900e+02],
                [6.0000e+02, 6.0100e+02, 6.0200e+02,  ..., 1.1970e+03, 1.1980e+03,
                 1.1990e+03]])""",
        range(1200).reshape(2, 600));
  }

  @Test
  void matrixWithFewColumnsElidesOnlyRows() {
    // torch.arange(1500.).reshape(500, 3).div(4)
    assertPrints(
        """
        tensor([[0.0000e+00, 2.5000e-01, 5.0000e-01],
                [7.5000e-01, 1.0000e+00, 1.2500e+00],
                [1.5000e+00, 1.7500e+00, 2.0000e+00],
                ...,
                [3.7275e+02, 3.7300e+02, 3.7325e+02],
                [3.7350e+02, 3.7375e+02, 3.7400e+02],
                [3.7425e+02, 3.7450e+02, 3.7475e+02]])""",
        range(1500).reshape(500, 3).div(4));
  }

  @Test
  void threeDimensionalTensorOverThousandElementsElidesBlocks() {
    // torch.arange(1120.).reshape(8, 2, 70)
    assertPrints(
        """
        tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 6.7000e+01,
                  6.8000e+01, 6.9000e+01],
                 [7.0000e+01, 7.1000e+01, 7.2000e+01,  ..., 1.3700e+02,
                  1.3800e+02, 1.3900e+02]],

                [[1.4000e+02, 1.4100e+02, 1.4200e+02,  ..., 2.0700e+02,
                  2.0800e+02, 2.0900e+02],
                 [2.1000e+02, 2.1100e+02, 2.1200e+02,  ..., 2.7700e+02,
                  2.7800e+02, 2.7900e+02]],

                [[2.8000e+02, 2.8100e+02, 2.8200e+02,  ..., 3.4700e+02,
                  3.4800e+02, 3.4900e+02],
                 [3.5000e+02, 3.5100e+02, 3.5200e+02,  ..., 4.1700e+02,
                  4.1800e+02, 4.1900e+02]],

                ...,

                [[7.0000e+02, 7.0100e+02, 7.0200e+02,  ..., 7.6700e+02,
                  7.6800e+02, 7.6900e+02],
                 [7.7000e+02, 7.7100e+02, 7.7200e+02,  ..., 8.3700e+02,
                  8.3800e+02, 8.3900e+02]],

                [[8.4000e+02, 8.4100e+02, 8.4200e+02,  ..., 9.0700e+02,
                  9.0800e+02, 9.0900e+02],
                 [9.1000e+02, 9.1100e+02, 9.1200e+02,  ..., 9.7700e+02,
                  9.7800e+02, 9.7900e+02]],

                [[9.8000e+02, 9.8100e+02, 9.8200e+02,  ..., 1.0470e+03,
                  1.0480e+03, 1.0490e+03],
                 [1.0500e+03, 1.0510e+03, 1.0520e+03,  ..., 1.1170e+03,
                  1.1180e+03, 1.1190e+03]]])""",
        range(1120).reshape(8, 2, 70));
  }
}
