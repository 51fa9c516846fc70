package dev.autograd.nn;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Conv1d, Conv2d and ConvTranspose2d: layouts, initialisation, settings and their refusals. */
class ConvLayersTest {
  private static double maxAbs(Tensor t) {
    return Arrays.stream(t.toDoubleArray()).map(Math::abs).max().orElse(0);
  }

  @Test
  void weightsHavePyTorchsLayoutsAndBoundsAndTheGeneratorDecidesThem() {
    ConvOptions g = ConvOptions.defaults().groups(2).generator(new Generator(5));
    Conv2d conv = new Conv2d(4, 6, 3, g);
    assertArrayEquals(new int[] {6, 2, 3, 3}, conv.weight().shape());
    assertArrayEquals(new int[] {6}, conv.bias().shape());
    double bound = 1 / Math.sqrt(2 * 9);
    assertTrue(maxAbs(conv.weight()) <= bound && maxAbs(conv.weight()) > 0.8 * bound);
    assertTrue(maxAbs(conv.bias()) <= bound);
    Conv2d again =
        new Conv2d(4, 6, 3, ConvOptions.defaults().groups(2).generator(new Generator(5)));
    assertArrayEquals(conv.weight().toDoubleArray(), again.weight().toDoubleArray(), 0);

    ConvTranspose2d up = new ConvTranspose2d(8, 4, 2, ConvOptions.defaults().stride(2).bias(false));
    assertArrayEquals(new int[] {8, 4, 2, 2}, up.weight().shape());
    assertNull(up.bias());
    assertTrue(maxAbs(up.weight()) <= 1 / Math.sqrt(4 * 4));
    assertEquals(1, up.stateDict().size());
    assertArrayEquals(new int[] {2, 4, 6, 6}, up.forward(Tensor.zeros(2, 8, 3, 3)).shape());

    Conv1d seq = new Conv1d(3, 5, 4);
    assertArrayEquals(new int[] {5, 3, 4}, seq.weight().shape());
    assertArrayEquals(new int[] {2, 5, 7}, seq.forward(Tensor.zeros(2, 3, 10)).shape());
  }

  @Test
  void paddingModesAndSamePaddingKeepTheSizes() {
    for (String mode : new String[] {"zeros", "reflect", "replicate", "circular"}) {
      Conv2d conv = new Conv2d(2, 3, 3, ConvOptions.defaults().padding("same").paddingMode(mode));
      assertArrayEquals(
          new int[] {1, 3, 5, 4}, conv.forward(Tensor.randn(1, 2, 5, 4)).shape(), mode);
      Conv2d even =
          new Conv2d(
              2, 3, new int[] {2, 4}, ConvOptions.defaults().padding("same").paddingMode(mode));
      assertArrayEquals(
          new int[] {1, 3, 5, 4}, even.forward(Tensor.randn(1, 2, 5, 4)).shape(), mode);
    }
    // reflect padding: a constant input stays constant at the border, unlike zero padding
    Conv2d reflect =
        new Conv2d(1, 1, 3, ConvOptions.defaults().padding(1).paddingMode("reflect").bias(false));
    Tensor out = reflect.forward(Tensor.ones(1, 1, 4, 4));
    double sum = reflect.weight().sum().item();
    for (double v : out.toDoubleArray()) assertEquals(sum, v, 1e-6);
  }

  @Test
  void settingsPyTorchRefusesAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2d(3, 4, 3, ConvOptions.defaults().groups(2)));
    assertTrue(e.getMessage().contains("in_channels must be divisible by groups"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2d(2, 4, 3, ConvOptions.defaults().padding("same").stride(2)));
    assertTrue(e.getMessage().contains("padding='same' is not supported for strided convolutions"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ConvTranspose2d(2, 4, 3, ConvOptions.defaults().paddingMode("reflect")));
    assertTrue(
        e.getMessage().contains("Only \"zeros\" padding mode is supported for ConvTranspose2d"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> ConvOptions.defaults().paddingMode("mirror"));
    assertTrue(e.getMessage().contains("padding_mode must be one of"));
    e = assertThrows(IllegalArgumentException.class, () -> ConvOptions.defaults().padding("full"));
    assertTrue(e.getMessage().contains("Invalid padding string 'full'"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2d(2, 4, 3, ConvOptions.defaults().stride(1, 2, 3)));
    assertTrue(e.getMessage().contains("stride needs 1 or 2 values"));
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 4, 0));
    assertTrue(e.getMessage().contains("kernelSize must be positive"));
    Conv2d conv = new Conv2d(3, 4, 3);
    assertMessage(
        () -> conv.forward(Tensor.zeros(1, 2, 5, 5)),
        "conv2d",
        "expects 3 input channels",
        "[1, 2, 5, 5]");
  }

  @Test
  void dropout2dDropsWholeChannelsInTrainingOnly() {
    Dropout2d drop = new Dropout2d(0.5, new Generator(7));
    Tensor out = drop.forward(Tensor.ones(6, 5, 3, 4));
    double[] v = out.toDoubleArray();
    int zeroPlanes = 0;
    for (int plane = 0; plane < 30; plane++) {
      double first = v[plane * 12];
      assertTrue(first == 0 || first == 2, "kept values are scaled by 1 / (1 - p)");
      for (int i = 1; i < 12; i++) assertEquals(first, v[plane * 12 + i], 0, "one value per plane");
      if (first == 0) zeroPlanes++;
    }
    assertTrue(zeroPlanes > 5 && zeroPlanes < 25, zeroPlanes + " of 30 planes dropped");
    drop.eval();
    Tensor x = Tensor.randn(2, 3, 2, 2);
    assertArrayEquals(x.toDoubleArray(), drop.forward(x).toDoubleArray(), 0);
    assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5));
  }

  @Test
  void settingsPrintAsPythonPrintsFloats() {
    assertEquals("1e-05", PyRepr.of(1e-5));
    assertEquals("0.1", PyRepr.of(0.1));
    assertEquals("1.0", PyRepr.of(1));
    assertEquals("0.0001", PyRepr.of(1e-4));
    assertEquals("1e+16", PyRepr.of(1e16));
    assertEquals("123456.5", PyRepr.of(123456.5));
    assertEquals("-2.5e-07", PyRepr.of(-2.5e-7));
  }

  @Test
  void upsamplePrintsAsPyTorchAndResizes() {
    assertEquals(
        "Upsample(scale_factor=2.0, mode=nearest)", Upsample.scale(2, "nearest").toString());
    assertEquals(
        "Upsample(size=(4, 6), mode=bilinear)", Upsample.size("bilinear", 4, 6).toString());
    assertEquals(
        "Upsample(scale_factor=(2.0, 3.0), mode=bilinear)",
        Upsample.of(null, new double[] {2, 3}, "bilinear", true).toString());
    Tensor x = Tensor.randn(1, 2, 3, 3);
    Tensor up = Upsample.scale(2, "nearest").forward(x);
    assertArrayEquals(new int[] {1, 2, 6, 6}, up.shape());
    assertEquals(
        x.toDoubleArray()[4], up.toDoubleArray()[2 * 6 + 2], 0, "each pixel a 2 x 2 block");
    assertArrayEquals(new int[] {1, 2, 4, 6}, Upsample.size("bilinear", 4, 6).forward(x).shape());
    assertThrows(IllegalArgumentException.class, () -> Upsample.scale(2, "bicubic"));
  }
}
