package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Tensor;
import dev.autograd.nn.LeakyReLU;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ActivationGalleryTest {
  @Test
  void tutorialGridIsOneImageWithEveryPanelDrawn() throws Exception {
    Figure figure =
        ActivationGallery.builder()
            .title("激活函数及其导数")
            .activation("Sigmoid", x -> Tensor.scalar(1).div(x.neg().exp().add(1)))
            .activation("ReLU", x -> x.maximum(Tensor.scalar(0)))
            .activation("Leaky ReLU (α=0.01)", x -> Tensor.where(x.gt(0), x, x.mul(0.01)))
            .grid(2, 3)
            .build();
    assertEquals(3, figure.charts().size());
    BufferedImage image = Pixels.savePng(figure, "activations-tutorial");
    Pixels.assertSize(figure, image, 72);
    Pixels.assertSeriesVisible(figure, image, 20);
  }

  @Test
  void commonActivationsFillTwoByThree() throws Exception {
    Figure figure = Plots.activationGallery().withCommonActivations().build();
    assertEquals(6, figure.charts().size());
    BufferedImage image = Pixels.savePng(figure, "activations-common");
    Pixels.assertSeriesVisible(figure, image, 20);
  }

  @Test
  void derivativesComeFromAutograd() {
    Figure figure =
        ActivationGallery.builder().activation(new LeakyReLU(0.1)).range(-2, 2).points(5).build();
    var chart = figure.charts().get(0);
    assertEquals("LeakyReLU", chart.getTitle());
    double[] derivative = chart.getSeries("LeakyReLU′").getYData();
    assertEquals(0.1, derivative[0], 1e-12);
    assertEquals(1.0, derivative[4], 1e-12);
  }

  @Test
  void tooManyActivationsForTheGridIsAnError() {
    var gallery = ActivationGallery.builder().withCommonActivations().grid(1, 3);
    assertThrows(IllegalStateException.class, gallery::build);
  }
}
