package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.data.DataLoader;
import dev.autograd.data.Dataset;
import dev.autograd.data.Progress;
import dev.autograd.data.TensorDataset;
import dev.autograd.nn.CrossEntropyLoss;
import dev.autograd.optim.AdamW;
import dev.autograd.optim.ClipGrad;
import dev.autograd.optim.OneCycleLR;
import dev.autograd.plot.Chart;
import dev.autograd.plot.LossChart;
import dev.autograd.plot.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small decoder-only transformer ({@link Gpt}: two pre-norm blocks of causal self-attention)
 * trained from scratch, twice:
 *
 * <ol>
 *   <li><b>Addition.</b> {@code "47+85="} → {@code "231"}, the sum's digits units first ({@link
 *       Addition}), on 9 000 of the 10 000 pairs of two-digit numbers; the other 1 000 are held
 *       out. The loss is the cross entropy of the three answer tokens only (the others have the
 *       ignore index). It prints the exact-match accuracy of greedy decoding on the held-out sums
 *       and a few of them, and draws one head's attention over an example.
 *   <li><b>A character-level language model</b> of this project's user guide, {@code docs/*.md}
 *       ({@link DocsCorpus}): the last tenth of each file is held out. It prints the held-out loss
 *       and bits per character, and a sample from the same prompt and seed, before and after
 *       training.
 * </ol>
 *
 * <p>Both train with {@link AdamW}, a {@link OneCycleLR} schedule and {@link
 * ClipGrad#clipGradNorm}, their batches from a {@link DataLoader}. Seeded: the same numbers and
 * samples on every run.
 *
 * <p>Figures: {@value #ADDITION_LOSS_FIGURE}, {@value #ATTENTION_FIGURE}, {@value
 * #LANGUAGE_LOSS_FIGURE}.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java
 * -Dexample=SmallTransformer} (about two minutes on two cores); the figures go to {@code plots/},
 * or to another folder with {@code -Dexec.args="--out DIR"}.
 */
public final class SmallTransformer {
  private static final Logger LOG = LoggerFactory.getLogger(SmallTransformer.class);

  /** The addition model's loss per step, and on the held-out pairs. */
  public static final String ADDITION_LOSS_FIGURE = "transformer-addition-loss.png";

  /** One head's attention weights over a held-out addition, tokens along both axes. */
  public static final String ATTENTION_FIGURE = "transformer-attention.png";

  /** The language model's loss per step, and on the held-out text. */
  public static final String LANGUAGE_LOSS_FIGURE = "transformer-language-model-loss.png";

  /** The prompt of the language model's samples. */
  static final String PROMPT = "The gradient ";

  /** The temperature of the language model's samples. */
  static final double TEMPERATURE = 0.8;

  private SmallTransformer() {}

  /**
   * The sizes of a run.
   *
   * @param dModel the model width
   * @param heads the attention heads
   * @param layers the blocks
   * @param heldOut the addition pairs held out
   * @param additionSteps the addition model's training steps
   * @param additionBatch its batch size
   * @param additionLr its peak learning rate
   * @param languageSteps the language model's training steps
   * @param languageBatch its batch size
   * @param languageLr its peak learning rate
   * @param context the language model's context, in characters
   * @param validationWindows the held-out windows of {@code context} characters it is scored on
   * @param sampleLength the characters of each sample
   * @param evalEvery the steps between two held-out losses
   * @param seed the seed of the data's order, the weights and the samples
   */
  record Settings(
      int dModel,
      int heads,
      int layers,
      int heldOut,
      int additionSteps,
      int additionBatch,
      double additionLr,
      int languageSteps,
      int languageBatch,
      double languageLr,
      int context,
      int validationWindows,
      int sampleLength,
      int evalEvery,
      long seed) {
    /** The program's sizes. */
    static final Settings FULL =
        new Settings(64, 4, 2, 1000, 450, 128, 3e-3, 800, 32, 3e-3, 32, 256, 160, 50, 20);

    /** A run of seconds, for the tests. */
    static final Settings REDUCED =
        new Settings(64, 4, 2, 1000, 250, 64, 1e-2, 40, 16, 3e-3, 32, 32, 40, 50, 20);
  }

  /** The printed report and the figures of the full run. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    return run(Settings.FULL, folder, out);
  }

  static List<Path> run(Settings s, Path folder, PrintStream out) throws IOException {
    long start = System.nanoTime();
    List<Path> files = new ArrayList<>();
    files.addAll(addition(s, folder, out));
    out.println();
    files.add(languageModel(s, folder, out));
    out.printf(
        Locale.ROOT, "%nwall time of both trainings: %.1f s%n", (System.nanoTime() - start) / 1e9);
    return files;
  }

  // (a) addition

  private static List<Path> addition(Settings s, Path folder, PrintStream out) throws IOException {
    List<List<Addition.Pair>> split = Addition.split(s.heldOut(), new Generator(s.seed()));
    List<Addition.Pair> train = split.get(0);
    List<Addition.Pair> test = split.get(1);
    Tensor trainTokens = Addition.tokens(train);
    Tensor testTokens = Addition.tokens(test);
    Gpt model =
        new Gpt(
            new Gpt.Config(
                Addition.VOCAB.length(), Addition.LENGTH - 1, s.dModel(), s.heads(), s.layers()),
            new Generator(s.seed() + 1));
    out.printf(
        Locale.ROOT,
        "(a) addition: \"47+85=\" -> \"231\" (the sum's digits, units first), %d pairs to train"
            + " on, %d held out; a decoder-only transformer, %d blocks, d=%d, %d heads, %d"
            + " parameters%n",
        train.size(),
        test.size(),
        s.layers(),
        s.dModel(),
        s.heads(),
        parameterCount(model));

    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(new TensorDataset(inputs(trainTokens), answerTargets(trainTokens)))
            .batchSize(s.additionBatch())
            .shuffle(true)
            .dropLast(true)
            .generator(new Generator(s.seed() + 2))
            .build();
    Curves curves =
        train(
            "addition",
            model,
            loader,
            s.additionSteps(),
            s.additionLr(),
            s.evalEvery(),
            () -> loss(model, inputs(testTokens), answerTargets(testTokens)));

    Tensor predicted =
        model.generate(testTokens.narrow(1, 0, Addition.PROBLEM), Addition.ANSWER, 0, null);
    int correct = 0;
    List<String> shown = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      Addition.Pair p = test.get(i);
      String answer = Addition.decode(row(predicted, i, Addition.PROBLEM, Addition.ANSWER));
      boolean right = answer.equals(Addition.answer(p.a(), p.b()));
      if (right) correct++;
      String line =
          String.format(
              Locale.ROOT,
              "  %s%s  reads %3d  %s",
              Addition.problem(p.a(), p.b()),
              answer,
              Addition.readAnswer(answer),
              right ? "right" : "wrong, the sum is " + (p.a() + p.b()));
      if (shown.size() < 5) shown.add(line);
      if (!right && wrong.size() < 5) wrong.add(line);
    }
    out.printf(
        Locale.ROOT,
        "trained %d steps of %d: loss on the answer tokens %.4f -> %.4f, held out %.4f -> %.4f%n",
        s.additionSteps(),
        s.additionBatch(),
        curves.train().get(0),
        curves.train().get(curves.train().size() - 1),
        curves.heldOut().get(0),
        curves.heldOut().get(curves.heldOut().size() - 1));
    out.printf(
        Locale.ROOT,
        "held-out exact-match accuracy (greedy decoding): %.2f%% (%d of %d)%n",
        100.0 * correct / test.size(),
        correct,
        test.size());
    out.println("held-out examples (problem, answer as written, the sum it reads as):");
    shown.forEach(out::println);
    if (!wrong.isEmpty()) {
      out.println("wrong answers:");
      wrong.forEach(out::println);
    }

    Path lossFile = folder.resolve(ADDITION_LOSS_FIGURE);
    curves
        .chart("addition: cross entropy of the answer tokens", "train (per batch)", true)
        .save(lossFile);
    Path attentionFile = folder.resolve(ATTENTION_FIGURE);
    attentionMap(model, test.get(0), out).save(attentionFile);
    return List.of(lossFile, attentionFile);
  }

  /** Tokens 0..7 of each example: what the model reads. */
  private static Tensor inputs(Tensor tokens) {
    return tokens.narrow(1, 0, Addition.LENGTH - 1);
  }

  /**
   * The targets of each input position: the next token where it is an answer digit, the ignore
   * index elsewhere, so that the loss is that of the answer alone (the operands are random: there
   * is nothing to learn in predicting them).
   */
  static Tensor answerTargets(Tensor tokens) {
    int n = tokens.size(0);
    int t = Addition.LENGTH - 1;
    double[] next = tokens.narrow(1, 1, t).toDoubleArray();
    long[] targets = new long[n * t];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = i % t >= Addition.PROBLEM - 1 ? (long) next[i] : IGNORE;
    }
    return Tensor.of(targets, n, t);
  }

  private static final long IGNORE = -100;

  /**
   * The attention over one held-out example of the head of the last block that reads the operands
   * most: the one whose answer rows (the positions that predict the answer's digits) put the most
   * weight on the four operand digits. Row t is where position t looks when it predicts token t +
   * 1.
   */
  private static Chart attentionMap(Gpt model, Addition.Pair pair, PrintStream out) {
    String text = pair.text().substring(0, Addition.LENGTH - 1);
    Tensor idx = Tensor.of(Addition.encode(text), 1, text.length());
    int layer = model.config.layers() - 1;
    Tensor weights;
    model.eval();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      weights = model.attentionWeights(idx, layer).select(0, 0); // [heads, T, T]
    } finally {
      model.train();
    }
    int t = text.length();
    int[] operandDigits = {0, 1, 3, 4};
    int best = 0;
    double bestShare = -1;
    for (int h = 0; h < weights.size(0); h++) {
      double[] w = weights.select(0, h).toDoubleArray();
      double share = 0;
      for (int r = Addition.PROBLEM - 1; r < t; r++)
        for (int c : operandDigits) share += w[r * t + c];
      share /= t - (Addition.PROBLEM - 1);
      if (share > bestShare) {
        bestShare = share;
        best = h;
      }
    }
    double[] w = weights.select(0, best).toDoubleArray();
    double[][] grid = new double[t][t];
    for (int r = 0; r < t; r++) grid[r] = Arrays.copyOfRange(w, r * t, (r + 1) * t);
    String[] labels = text.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
    out.printf(
        Locale.ROOT,
        "attention map: block %d, head %d over \"%s\": its answer rows give %.0f%% of their"
            + " weight to the operands' digits (the most of the %d heads)%n",
        layer,
        best,
        pair.text(),
        100 * bestShare,
        weights.size(0));
    return Plots.chart()
        .imshow(grid)
        .xTickLabels(labels)
        .yTickLabels(labels)
        .annotateCells("%.2f")
        .colorBar("weight")
        .title(
            String.format(
                Locale.ROOT, "attention of block %d, head %d over %s", layer, best, pair.text()))
        .xLabel("attended position")
        .yLabel("position (predicting the next token)");
  }

  // (b) character-level language model

  private static Path languageModel(Settings s, Path folder, PrintStream out) throws IOException {
    DocsCorpus corpus = DocsCorpus.load();
    TreeSet<Character> chars = new TreeSet<>();
    for (String text : corpus.files().values()) for (char c : text.toCharArray()) chars.add(c);
    String vocab = chars.stream().map(String::valueOf).reduce("", String::concat);
    StringBuilder trainText = new StringBuilder();
    StringBuilder heldOutText = new StringBuilder();
    for (Map.Entry<String, String> f : corpus.files().entrySet()) {
      String text = f.getValue();
      int cut = text.length() - text.length() / 10;
      trainText.append(text, 0, cut);
      heldOutText.append(text, cut, text.length());
    }
    long[] trainIds = encode(trainText, vocab);
    long[] heldOutIds = encode(heldOutText, vocab);
    Gpt model =
        new Gpt(
            new Gpt.Config(vocab.length(), s.context(), s.dModel(), s.heads(), s.layers()),
            new Generator(s.seed() + 3));
    out.printf(
        Locale.ROOT,
        "(b) character-level language model of this project's guide: %d files, %d characters,"
            + " %d distinct, from %s%n",
        corpus.files().size(),
        corpus.length(),
        vocab.length(),
        corpus.source());
    out.printf(
        Locale.ROOT,
        "the last tenth of each file held out (%d characters); context %d, %d parameters%n",
        heldOutIds.length,
        s.context(),
        parameterCount(model));

    Tensor[] heldOut = windows(heldOutIds, s.context(), s.validationWindows());
    Dataset<List<Tensor>> windows = new Windows(trainIds, s.context());
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(windows)
            .batchSize(s.languageBatch())
            .shuffle(true)
            .dropLast(true)
            .generator(new Generator(s.seed() + 4))
            .build();
    double before = loss(model, heldOut[0], heldOut[1]);
    String sampleBefore = sample(model, vocab, s.sampleLength(), TEMPERATURE, s.seed());
    Curves curves =
        train(
            "language model",
            model,
            loader,
            s.languageSteps(),
            s.languageLr(),
            s.evalEvery(),
            () -> loss(model, heldOut[0], heldOut[1]));
    double after = curves.heldOut().get(curves.heldOut().size() - 1);
    out.printf(
        Locale.ROOT,
        "held-out loss before training: %.4f nats, %.3f bits per character%n",
        before,
        before / Math.log(2));
    out.printf(
        Locale.ROOT,
        "held-out loss after %d steps of %d windows: %.4f nats, %.3f bits per character%n",
        s.languageSteps(),
        s.languageBatch(),
        after,
        after / Math.log(2));
    out.printf(
        Locale.ROOT,
        "sample before training (temperature %.1f, ↵ a new line):%n  %s%n",
        TEMPERATURE,
        shown(sampleBefore));
    out.printf(
        Locale.ROOT,
        "sample after training (same prompt, same seed):%n  %s%n",
        shown(sample(model, vocab, s.sampleLength(), TEMPERATURE, s.seed())));
    out.printf(
        Locale.ROOT,
        "greedy after training:%n  %s%n",
        shown(sample(model, vocab, s.sampleLength(), 0, s.seed())));

    Path lossFile = folder.resolve(LANGUAGE_LOSS_FIGURE);
    curves
        .chart(
            "language model of docs/*.md: cross entropy per character", "train (per batch)", false)
        .save(lossFile);
    return lossFile;
  }

  /** The windows of {@code context + 1} characters of the training text, at every position. */
  private record Windows(long[] ids, int context) implements Dataset<List<Tensor>> {
    @Override
    public int size() {
      return ids.length - context;
    }

    @Override
    public List<Tensor> get(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException(
            "Windows.get: index " + index + " is outside [0, " + size() + ")");
      }
      return List.of(
          Tensor.of(Arrays.copyOfRange(ids, index, index + context), context),
          Tensor.of(Arrays.copyOfRange(ids, index + 1, index + context + 1), context));
    }
  }

  /** Up to {@code count} windows of the held-out text, side by side: inputs and targets. */
  private static Tensor[] windows(long[] ids, int context, int count) {
    int n = Math.min(count, (ids.length - 1) / context);
    if (n < 1) {
      throw new IllegalStateException(
          "SmallTransformer: the held-out text has " + ids.length + " characters, too few");
    }
    int stride = (ids.length - 1) / n;
    long[] x = new long[n * context];
    long[] y = new long[n * context];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ids, i * stride, x, i * context, context);
      System.arraycopy(ids, i * stride + 1, y, i * context, context);
    }
    return new Tensor[] {Tensor.of(x, n, context), Tensor.of(y, n, context)};
  }

  private static long[] encode(CharSequence text, String vocab) {
    long[] ids = new long[text.length()];
    for (int i = 0; i < ids.length; i++) ids[i] = vocab.indexOf(text.charAt(i));
    return ids;
  }

  /** {@link #PROMPT} continued by {@code length} characters drawn with a generator of one seed. */
  private static String sample(Gpt model, String vocab, int length, double temperature, long seed) {
    Tensor prompt = Tensor.of(encode(PROMPT, vocab), 1, PROMPT.length());
    Tensor ids = model.generate(prompt, length, temperature, new Generator(seed + 5));
    StringBuilder text = new StringBuilder();
    for (double id : ids.toDoubleArray()) text.append(vocab.charAt((int) id));
    return text.toString();
  }

  private static String shown(String sample) {
    return sample.replace("\n", "↵");
  }

  // training

  /** The training loss of every step, and the held-out loss every {@code evalEvery} steps. */
  private record Curves(List<Double> train, List<Double> heldOutSteps, List<Double> heldOut) {
    /** The curves, on a logarithmic loss axis when {@code logY} (a loss that falls to 10^-3). */
    LossChart chart(String title, String trainLabel, boolean logY) {
      double[] steps = new double[train.size()];
      for (int i = 0; i < steps.length; i++) steps[i] = i + 1;
      return LossChart.builder()
          .title(title)
          .series(trainLabel, steps, train.stream().mapToDouble(Double::doubleValue).toArray())
          .series(
              "held out",
              heldOutSteps.stream().mapToDouble(Double::doubleValue).toArray(),
              heldOut.stream().mapToDouble(Double::doubleValue).toArray())
          .logY(logY);
    }
  }

  private static Curves train(
      String name,
      Gpt model,
      DataLoader<List<Tensor>, List<Tensor>> loader,
      int steps,
      double lr,
      int evalEvery,
      DoubleSupplier heldOut) {
    AdamW optimizer = AdamW.builder(model.parameters()).lr(lr).weightDecay(0.01).build();
    // a warm-up of a tenth of the steps, and of at least two: OneCycleLR refuses an empty first
    // phase, as few steps as the tests' smallest runs would give
    OneCycleLR schedule =
        OneCycleLR.builder(optimizer, lr)
            .totalSteps(steps)
            .pctStart(Math.min(1, Math.max(0.1, 2.0 / steps)))
            .build();
    CrossEntropyLoss criterion = new CrossEntropyLoss(Reduction.MEAN, IGNORE);
    List<Double> trainLosses = new ArrayList<>();
    List<Double> heldOutSteps = new ArrayList<>(List.of(0.0));
    List<Double> heldOutLosses = new ArrayList<>(List.of(heldOut.getAsDouble()));
    long start = System.nanoTime();
    int step = 0;
    // a bar (in a terminal) or a line every 10 s on stderr: steps per second, ETA and the loss
    try (Progress.Task task = Progress.console().start(name, steps, "steps")) {
      while (step < steps) {
        for (List<Tensor> batch : loader) {
          if (step == steps) break;
          Tensor x = batch.get(0);
          Tensor y = batch.get(1);
          optimizer.zeroGrad();
          Tensor logits = model.forward(x);
          int vocab = logits.size(-1);
          Tensor loss = criterion.forward(logits.reshape(-1, vocab), y.reshape(-1));
          loss.backward();
          ClipGrad.clipGradNorm(model.parameters(), 1.0);
          optimizer.step();
          schedule.step();
          double lossValue = loss.item();
          trainLosses.add(lossValue);
          step++;
          task.set("loss", lossValue).step(1);
          if (step % evalEvery == 0 || step == steps) {
            heldOutSteps.add((double) step);
            heldOutLosses.add(heldOut.getAsDouble());
            LOG.info(
                "{}: step {}/{}, loss {}, held out {}, {} s",
                name,
                step,
                steps,
                String.format(Locale.ROOT, "%.4f", lossValue),
                String.format(Locale.ROOT, "%.4f", heldOutLosses.get(heldOutLosses.size() - 1)),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
          }
        }
      }
    }
    return new Curves(trainLosses, heldOutSteps, heldOutLosses);
  }

  /** The mean cross entropy of the targets that are not the ignore index. */
  private static double loss(Gpt model, Tensor x, Tensor y) {
    model.eval();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      Tensor logits = model.forward(x);
      int vocab = logits.size(-1);
      return new CrossEntropyLoss(Reduction.MEAN, IGNORE)
          .forward(logits.reshape(-1, vocab), y.reshape(-1))
          .item();
    } finally {
      model.train();
    }
  }

  private static long[] row(Tensor t, int i, int from, int length) {
    double[] values = t.select(0, i).narrow(0, from, length).toDoubleArray();
    long[] ids = new long[length];
    for (int k = 0; k < length; k++) ids[k] = (long) values[k];
    return ids;
  }

  private static long parameterCount(Gpt model) {
    long n = 0;
    for (Tensor p : model.parameters()) n += p.numel();
    return n;
  }

  /** Entry point: {@code --out DIR} (default {@code plots/}), {@code --help}. */
  public static void main(String[] args) throws IOException {
    Launcher.main("SmallTransformer", args, SmallTransformer::run);
  }
}
