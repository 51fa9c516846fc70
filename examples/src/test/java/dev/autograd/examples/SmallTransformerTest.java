package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallTransformerTest {
  @TempDir static Path dir;
  private static ExampleRun run;

  /** The reduced run: a few hundred addition steps and a few dozen language-model steps. */
  @BeforeAll
  static void runOnce() throws Exception {
    run = ExampleRun.of((out, print) -> SmallTransformer.run(REDUCED, out, print), dir);
  }

  private static final SmallTransformer.Settings REDUCED = SmallTransformer.Settings.REDUCED;

  @Test
  void additionIsLearnedFarAboveChance() {
    // Exact match by chance is 1 in 199 (the sums 0..198). At this size the accuracy depends on
    // when training leaves its first plateau: seeds 1, 2, 3 gave 11%, 5.6% and 67%.
    double accuracy = run.numbersAfter("held-out exact-match accuracy (greedy decoding):")[0];
    assertTrue(accuracy >= 3, "accuracy " + accuracy + "%");
    double[] loss = run.numbersAfter("loss on the answer tokens");
    assertTrue(loss[1] < 0.7 * loss[0], "train loss " + loss[0] + " -> " + loss[1]);
    assertTrue(loss[3] < 0.7 * loss[2], "held-out loss " + loss[2] + " -> " + loss[3]);
  }

  @Test
  void theLanguageModelsHeldOutLossFalls() {
    double before = run.numbersAfter("held-out loss before training:")[0];
    double after = run.numbersAfter("held-out loss after")[2]; // after the steps and the batch
    // untrained: about ln(vocabulary) nats; 40 steps take off more than a third
    assertTrue(before > 5, "before " + before);
    assertTrue(after < 0.7 * before, before + " -> " + after);
    String bits = run.lineWith("held-out loss after");
    double bpc = ExampleRun.after(bits, "nats,");
    assertEquals(after / Math.log(2), bpc, 1e-3);
  }

  @Test
  void samplesContinueThePromptBeforeAndAfterTraining() {
    String before = lineAfter("sample before training");
    String after = lineAfter("sample after training");
    for (String sample : List.of(before, after)) {
      assertTrue(sample.startsWith(SmallTransformer.PROMPT), sample);
      assertEquals(SmallTransformer.PROMPT.length() + REDUCED.sampleLength(), sample.length());
    }
    assertTrue(!before.equals(after), "training changed the sample: " + after);
  }

  /** The line after the one that starts with {@code label}, without its indent. */
  private static String lineAfter(String label) {
    List<String> lines = List.of(run.printed().split("\\R"));
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith(label)) return lines.get(i + 1).substring(2);
    }
    throw new AssertionError("no line starting with '" + label + "' in:\n" + run.printed());
  }

  @Test
  void drawsTheLossCurvesAndTheAttentionMap() throws IOException {
    run.assertImages(
        dir,
        SmallTransformer.ADDITION_LOSS_FIGURE,
        SmallTransformer.ATTENTION_FIGURE,
        SmallTransformer.LANGUAGE_LOSS_FIGURE);
  }

  @Test
  void theSameSeedPrintsTheSame(@TempDir Path a, @TempDir Path b) throws IOException {
    SmallTransformer.Settings tiny =
        new SmallTransformer.Settings(16, 2, 1, 1000, 20, 32, 5e-3, 20, 8, 3e-3, 16, 8, 20, 10, 7);
    String first = withoutTimes(ExampleRun.of((out, p) -> SmallTransformer.run(tiny, out, p), a));
    String second = withoutTimes(ExampleRun.of((out, p) -> SmallTransformer.run(tiny, out, p), b));
    assertEquals(first, second);
    assertTrue(first.contains("held-out exact-match accuracy"), first);
  }

  private static String withoutTimes(ExampleRun r) {
    return r.printed()
        .lines()
        .filter(l -> !l.contains("wall time"))
        .collect(Collectors.joining("\n"));
  }

  @Test
  void additionIsWrittenWithTheSumsDigitsUnitsFirst() {
    assertEquals("47+85=", Addition.problem(47, 85));
    assertEquals("231", Addition.answer(47, 85));
    assertEquals("000", Addition.answer(0, 0));
    assertEquals("891", Addition.answer(99, 99));
    assertEquals("50", "" + Addition.readAnswer("050"));
    assertEquals(198, Addition.readAnswer("891"));
    assertEquals("07+03=010", new Addition.Pair(7, 3).text());
    long[] ids = Addition.encode("47+85=231");
    assertArrayEquals(new long[] {4, 7, 10, 8, 5, 11, 2, 3, 1}, ids);
    assertEquals("47+85=231", Addition.decode(ids));
  }

  @Test
  void badTextAndNumbersAreRefusedByName() {
    IllegalArgumentException letter =
        assertThrows(IllegalArgumentException.class, () -> Addition.encode("4x"));
    assertTrue(letter.getMessage().contains("'x' at 1 of '4x'"), letter.getMessage());
    IllegalArgumentException id =
        assertThrows(IllegalArgumentException.class, () -> Addition.decode(new long[] {12}));
    assertTrue(id.getMessage().contains("token id 12 is outside [0, 12)"), id.getMessage());
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> Addition.problem(100, 1));
    assertTrue(big.getMessage().contains("[0, 99], got 100"), big.getMessage());
    IllegalArgumentException answer =
        assertThrows(IllegalArgumentException.class, () -> Addition.readAnswer("12"));
    assertTrue(answer.getMessage().contains("expected 3 digits, got '12'"), answer.getMessage());
  }

  @Test
  void theHeldOutPairsAreNeverTrainedOn() {
    List<List<Addition.Pair>> split = Addition.split(1000, new Generator(3));
    Set<Addition.Pair> train = new HashSet<>(split.get(0));
    Set<Addition.Pair> test = new HashSet<>(split.get(1));
    assertEquals(9000, train.size());
    assertEquals(1000, test.size());
    test.retainAll(train);
    assertEquals(Set.of(), test);
    // only the answer's three tokens are targets, the rest the ignore index
    Tensor targets =
        SmallTransformer.answerTargets(Addition.tokens(List.of(new Addition.Pair(47, 85))));
    assertArrayEquals(
        new double[] {-100, -100, -100, -100, -100, 2, 3, 1}, targets.toDoubleArray());
  }

  @Test
  void noPositionSeesALaterToken() {
    Gpt model = new Gpt(new Gpt.Config(12, 8, 16, 2, 2), new Generator(5));
    Tensor x = Tensor.of(Addition.encode("47+85=23"), 1, 8);
    Tensor y = Tensor.of(Addition.encode("47+86=91"), 1, 8); // differs from position 4 on
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor a = model.forward(x);
      Tensor b = model.forward(y);
      assertArrayEquals(a.narrow(1, 0, 4).toDoubleArray(), b.narrow(1, 0, 4).toDoubleArray());
      double moved = a.narrow(1, 4, 1).sub(b.narrow(1, 4, 1)).abs().max().item();
      assertTrue(moved > 1e-4, "position 4 moved by " + moved);
      Tensor weights = model.attentionWeights(x, 1); // [1, 2, 8, 8]
      double[] w = weights.toDoubleArray();
      for (int h = 0; h < 2; h++) {
        for (int r = 0; r < 8; r++) {
          for (int c = r + 1; c < 8; c++) assertEquals(0, w[(h * 8 + r) * 8 + c], "head " + h);
        }
      }
    }
  }

  @Test
  void greedyDecodingIsTheArgmaxAndSamplingFollowsTheGenerator() {
    Gpt model = new Gpt(new Gpt.Config(12, 8, 16, 2, 1), new Generator(6));
    Tensor prompt = Tensor.of(Addition.encode("12+34="), 1, 6);
    Tensor greedy = model.generate(prompt, 3, 0, null);
    assertEquals(List.of(1, 9), List.of(greedy.size(0), greedy.size(1)));
    Tensor expectedNext;
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      expectedNext = model.forward(prompt).select(1, 5).argmax(-1, false);
    }
    assertEquals(expectedNext.item(), greedy.get(0, 6));
    Tensor s1 = model.generate(prompt, 30 - 6, 1.0, new Generator(9));
    Tensor s2 = model.generate(prompt, 30 - 6, 1.0, new Generator(9));
    assertArrayEquals(s1.toDoubleArray(), s2.toDoubleArray());
    IllegalArgumentException context =
        assertThrows(
            IllegalArgumentException.class, () -> model.forward(Tensor.of(new long[9], 1, 9)));
    assertTrue(
        context.getMessage().contains("T in [1, 8], got INT64 [1, 9]"), context.getMessage());
    IllegalArgumentException temperature =
        assertThrows(IllegalArgumentException.class, () -> model.generate(prompt, 1, -1, null));
    assertTrue(temperature.getMessage().contains("temperature >= 0"), temperature.getMessage());
  }

  @Test
  void theBundledGuideIsTheWorkingCopys() throws IOException {
    DocsCorpus working = DocsCorpus.load(); // the tests run in examples/: ../docs
    assertTrue(working.source().endsWith("(the working copy)"), working.source());
    DocsCorpus bundled = DocsCorpus.bundled();
    assertTrue(bundled.source().startsWith("the copy bundled in"), bundled.source());
    assertEquals(working.files(), bundled.files());
    assertTrue(working.files().containsKey("transformer.md"), working.files().keySet().toString());
  }
}
