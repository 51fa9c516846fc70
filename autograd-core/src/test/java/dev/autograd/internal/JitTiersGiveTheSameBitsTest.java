package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A seeded computation gives the same bits in every JVM, whichever JIT tier runs it: {@link
 * JitTierProbe} in fresh JVMs with the Vector API kernels, interpreted only ({@code -Xint}),
 * compiled by C1 only and by C2 only after a warm-up, and with the plain kernels. The Vector API's
 * own transcendental lane operations failed this: C2 computes them with intrinsics, the interpreter
 * and C1 with Java code, and the two round differently.
 */
class JitTiersGiveTheSameBitsTest {

  @Test
  void everyTierGivesTheSameBits() throws Exception {
    String vector = "--add-modules=jdk.incubator.vector";
    Map<String, String> interpreted = probe(List.of(vector, "-Xint"), 0);
    // Warm-ups long enough for the vector loops to be compiled (C2 also inlines them into their
    // callers); C1, which compiles the lane operations' Java code, sooner and runs it slowly.
    Map<String, String> c1 = probe(List.of(vector, "-XX:TieredStopAtLevel=1", "-Xbatch"), 10);
    Map<String, String> c2 = probe(List.of(vector, "-XX:-TieredCompilation", "-Xbatch"), 60);
    Map<String, String> plain = probe(List.of(), 20);

    for (Map<String, String> run : List.of(interpreted, c1, c2)) {
      assertEquals("vector", run.get("kernels"), "the probe must run the Vector API kernels");
    }
    assertEquals("plain", plain.get("kernels"));
    assertEquals(interpreted, c1, "interpreter against C1");
    assertEquals(interpreted, c2, "interpreter against C2");

    // The plain kernels' bits, too; the training's matrix products are not (the vector kernel's
    // multiply-adds are fused).
    for (String fn : List.of("exp", "log", "tanh", "sigmoid", "sum")) {
      assertEquals(c2.get(fn + "-plain"), c2.get(fn + "-vector"), fn + ": plain against vector");
    }
    assertEquals(plain.get("softmax"), c2.get("softmax"), "softmax: plain against vector");
    assertEquals(plain.get("logSoftmax"), c2.get("logSoftmax"), "logSoftmax: plain against vector");
  }

  /**
   * Runs the probe in a fresh JVM with {@code options}, after {@code warmUpRounds}: its lines, as
   * name to digest.
   */
  private static Map<String, String> probe(List<String> options, int warmUpRounds)
      throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-cp");
    // The library, the probe, and the logging API the library uses.
    command.add(
        String.join(
            File.pathSeparator,
            location(Kernels.class),
            location(JitTierProbe.class),
            location(org.slf4j.Logger.class)));
    command.add(JitTierProbe.class.getName());
    command.add(Integer.toString(warmUpRounds));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the probe did not finish: " + command);
    assertEquals(0, process.exitValue(), "the probe failed: " + command + "\n" + output);
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) lines.put(parts[0], parts[1]);
    }
    assertTrue(lines.containsKey("training"), "the probe printed too little: " + output);
    return lines;
  }

  /** The folder or jar a class was loaded from. */
  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
