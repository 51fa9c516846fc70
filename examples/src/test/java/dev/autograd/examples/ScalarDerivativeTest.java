package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScalarDerivativeTest {

  @Test
  void printsFirstDerivativeEightAndSecondDerivativeTwelve() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScalarDerivative.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("x=2时导数:8.0"), printed);
    assertTrue(printed.contains("x=2时二阶导数:12.0"), printed);
  }
}
