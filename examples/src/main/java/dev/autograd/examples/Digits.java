package dev.autograd.examples;

import dev.autograd.Autograd;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.data.DataLoader;
import dev.autograd.data.Progress;
import dev.autograd.data.TensorDataset;
import dev.autograd.data.io.Idx;
import dev.autograd.nn.Conv2d;
import dev.autograd.nn.ConvOptions;
import dev.autograd.nn.CrossEntropyLoss;
import dev.autograd.nn.Flatten;
import dev.autograd.nn.Linear;
import dev.autograd.nn.MaxPool2d;
import dev.autograd.nn.ReLU;
import dev.autograd.nn.Sequential;
import dev.autograd.optim.Adam;
import dev.autograd.plot.ColorMap;
import dev.autograd.plot.ImageGrid;
import dev.autograd.plot.Plots;
import dev.autograd.plot.TrainingMonitor;
import dev.autograd.plot.TrainingStep;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Digits: LeNet-5 trained to read handwritten-like digits, the first program beyond the tutorial.
 * This machine has no internet, so the program makes its own data set ({@link SyntheticDigits}:
 * digits drawn from the installed fonts, distorted, 28 × 28 as MNIST's), writes it as MNIST's four
 * IDX files and reads them back with {@link Idx}, as it reads the real MNIST with {@code --mnist
 * DIR}. It trains LeNet-5 (conv 6@5×5 padding 2, ReLU, max-pool 2, conv 16@5×5, ReLU, max-pool 2,
 * 120, 84, 10) with Adam and a {@link DataLoader}, prints the loss and accuracies per epoch and the
 * final test accuracy, and draws the training curves (live in a window when there is a display),
 * the confusion matrix, test digits with their predictions, and the first layer's six filters.
 *
 * <p>Options besides {@code --out} and {@code --thumbnails}: {@code --mnist DIR} (the folder of
 * MNIST's files, plain or {@code .gz}), {@code --train N}, {@code --test N}, {@code --epochs N},
 * {@code --seed N}, {@code --data DIR} (keep the generated IDX files there).
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl examples -am package exec:java -Dexample=Digits}.
 */
public final class Digits {
  /** Loss and training accuracy as training runs. */
  public static final String TRAINING_FIGURE = "digits-training.png";

  /** The confusion matrix of the test set. */
  public static final String CONFUSION_FIGURE = "digits-confusion.png";

  /** Test digits with their predictions, mistakes in red. */
  public static final String PREDICTIONS_FIGURE = "digits-predictions.png";

  /** The first convolution's six 5 × 5 filters. */
  public static final String FILTERS_FIGURE = "digits-filters.png";

  /** MNIST's file names, without the {@code .gz} a download has. */
  static final String[] MNIST_FILES = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"
  };

  /** The batches between two points of the training chart. */
  static final int REPORT_EVERY = 25;

  private Digits() {}

  /**
   * What to train on and how long.
   *
   * @param train the number of generated training images
   * @param test the number of generated test images
   * @param epochs passes over the training set
   * @param batchSize images per step
   * @param lr Adam's learning rate
   * @param seed the seed of the data, the initial weights and the order of the batches
   * @param mnist the folder of the real MNIST files, or null to generate the data
   * @param data where to keep the generated files, or null for a temporary folder
   * @param live whether the training chart shows in a window (when there is a display)
   */
  record Config(
      int train,
      int test,
      int epochs,
      int batchSize,
      double lr,
      long seed,
      Path mnist,
      Path data,
      boolean live) {
    /** The full program: 20,000 training images, 10,000 test images, 2 epochs. */
    static Config defaults() {
      return new Config(20_000, 10_000, 2, 64, 2e-3, 1, null, null, true);
    }

    Config withSize(int train, int test, int epochs) {
      return new Config(train, test, epochs, batchSize, lr, seed, mnist, data, live);
    }

    Config withSeed(long seed) {
      return new Config(train, test, epochs, batchSize, lr, seed, mnist, data, live);
    }

    Config withoutWindow() {
      return new Config(train, test, epochs, batchSize, lr, seed, mnist, data, false);
    }

    /** The defaults with the command line's options. */
    static Config of(Launcher.Options o) {
      Config d = defaults();
      return new Config(
          positive(o, "--train", d.train()),
          positive(o, "--test", d.test()),
          positive(o, "--epochs", d.epochs()),
          d.batchSize(),
          d.lr(),
          o.value("--seed") == null ? d.seed() : parseLong("--seed", o.value("--seed")),
          o.value("--mnist") == null ? null : Path.of(o.value("--mnist")),
          o.value("--data") == null ? null : Path.of(o.value("--data")),
          true);
    }

    private static int positive(Launcher.Options o, String name, int otherwise) {
      String v = o.value(name);
      if (v == null) return otherwise;
      long n = parseLong(name, v);
      if (n < 1 || n > 1_000_000) {
        throw new IllegalArgumentException(name + " needs a number from 1 to 1000000, got " + v);
      }
      return (int) n;
    }

    private static long parseLong(String name, String v) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " needs a whole number, got '" + v + "'");
      }
    }
  }

  /** The options of this program, beyond the shared ones. */
  static final List<Launcher.Option> OPTIONS =
      List.of(
          new Launcher.Option(
              "--mnist", "DIR", "train on MNIST's four files in DIR (plain or .gz) instead"),
          new Launcher.Option("--train", "N", "generated training images (default 20000)"),
          new Launcher.Option("--test", "N", "generated test images (default 10000)"),
          new Launcher.Option("--epochs", "N", "passes over the training set (default 2)"),
          new Launcher.Option("--seed", "N", "seed of the data, weights and batches (default 1)"),
          new Launcher.Option("--data", "DIR", "keep the generated IDX files in DIR"));

  /** The data, as tensors: images [n, 1, 28, 28] normalized, labels [n] INT64. */
  record Data(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels) {}

  /** LeNet-5, its weights drawn from {@code generator}. */
  static Sequential lenet5(Generator generator) {
    ConvOptions conv = ConvOptions.defaults().generator(generator);
    return new Sequential(
        new Conv2d(1, 6, 5, conv.padding(2)),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5, conv),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120, true, generator),
        new ReLU(),
        new Linear(120, 84, true, generator),
        new ReLU(),
        new Linear(84, 10, true, generator));
  }

  /** The full program; see the class description. */
  public static List<Path> run(Path folder, PrintStream out) throws IOException {
    return run(Config.defaults(), folder, out);
  }

  /** The program with {@code config}: data, training, figures. */
  static List<Path> run(Config config, Path folder, PrintStream out) throws IOException {
    long start = System.nanoTime();
    Data data = load(config, out);
    double loadSeconds = seconds(start);
    out.printf(
        Locale.ROOT,
        "%d training and %d test images of 28 x 28 (%.1f s)%n",
        data.trainImages().size(0),
        data.testImages().size(0),
        loadSeconds);

    Generator generator = new Generator(config.seed());
    Sequential model = lenet5(generator);
    Adam adam = new Adam(model.parameters(), config.lr());
    CrossEntropyLoss criterion = new CrossEntropyLoss();
    DataLoader<List<Tensor>, List<Tensor>> loader =
        DataLoader.builder(new TensorDataset(data.trainImages(), data.trainLabels()))
            .batchSize(config.batchSize())
            .shuffle(true)
            .generator(new Generator(config.seed() + 1))
            // a bar (in a terminal) or a line every 10 s on stderr: batches per second and ETA
            .progress(Progress.console())
            .build();
    out.printf(
        Locale.ROOT,
        "LeNet-5, %d parameters; Adam lr %s, batch %d, %d %s of %d steps%n",
        model.parameters().stream().mapToInt(Tensor::numel).sum(),
        config.lr(),
        config.batchSize(),
        config.epochs(),
        config.epochs() == 1 ? "epoch" : "epochs",
        loader.size());

    Files.createDirectories(folder);
    Path trainingFile = folder.resolve(TRAINING_FIGURE);
    Evaluation eval = null;
    long trainStart = System.nanoTime();
    try (TrainingMonitor monitor =
        TrainingMonitor.builder()
            .title("LeNet-5 on " + (config.mnist() == null ? "synthetic digits" : "MNIST"))
            .live(config.live() && !java.awt.GraphicsEnvironment.isHeadless())
            .saveTo(trainingFile)
            .build()) {
      int step = 0;
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        model.train();
        double lossSum = 0;
        long right = 0;
        long seen = 0;
        double windowLoss = 0;
        long windowRight = 0;
        long windowSeen = 0;
        for (List<Tensor> batch : loader) {
          Tensor x = batch.get(0);
          Tensor y = batch.get(1);
          adam.zeroGrad();
          Tensor logits = model.forward(x);
          Tensor loss = criterion.forward(logits, y);
          loss.backward();
          adam.step();
          int n = y.size(0);
          double l = loss.item() * n;
          long r = (long) logits.detach().argmax(1, false).eq(y).sum().item();
          lossSum += l;
          right += r;
          seen += n;
          windowLoss += l;
          windowRight += r;
          windowSeen += n;
          step++;
          if (step % REPORT_EVERY == 0) {
            monitor.onStep(
                TrainingStep.of(step, windowLoss / windowSeen)
                    .withAccuracy(windowRight / (double) windowSeen));
            windowLoss = 0;
            windowRight = 0;
            windowSeen = 0;
          }
        }
        eval = evaluate(model, data.testImages(), data.testLabels());
        out.printf(
            Locale.ROOT,
            "epoch %d/%d: train loss %.4f, train accuracy %.2f%%, test accuracy %.2f%% (%.1f s)%n",
            epoch,
            config.epochs(),
            lossSum / seen,
            100.0 * right / seen,
            100 * eval.accuracy(),
            seconds(epochStart));
      }
    }
    double trainSeconds = seconds(trainStart);
    out.printf(
        Locale.ROOT,
        "test accuracy: %.2f%% (%d of %d right)%n",
        100 * eval.accuracy(),
        eval.right(),
        data.testLabels().size(0));

    List<Path> files = new ArrayList<>();
    files.add(trainingFile);
    files.add(confusion(eval, folder.resolve(CONFUSION_FIGURE)));
    files.add(predictions(eval, data, folder.resolve(PREDICTIONS_FIGURE)));
    files.add(filters(model, folder.resolve(FILTERS_FIGURE)));
    out.printf(
        Locale.ROOT,
        "wall time: %.1f s (data %.1f s, training and testing %.1f s, figures %.1f s)%n",
        seconds(start),
        loadSeconds,
        trainSeconds,
        seconds(start) - loadSeconds - trainSeconds);
    return files;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** The data set: MNIST's files from {@code config.mnist()}, or generated and written first. */
  static Data load(Config config, PrintStream out) throws IOException {
    if (config.mnist() != null) {
      out.println("reading MNIST from " + config.mnist().toAbsolutePath().normalize());
      return read(config.mnist());
    }
    SyntheticDigits digits = SyntheticDigits.withInstalledFonts();
    out.println(
        "drawing digits from "
            + digits.families().size()
            + " font families x 4 styles: "
            + String.join(", ", digits.families()));
    Path folder = config.data() != null ? config.data() : Files.createTempDirectory("digits");
    try {
      digits.writeMnist(folder, config.train(), config.test(), config.seed());
      return read(folder);
    } finally {
      if (config.data() == null) deleteTree(folder);
    }
  }

  /** The four MNIST files of {@code folder} (each plain or gzipped), normalized. */
  static Data read(Path folder) throws IOException {
    Tensor[] t = new Tensor[4];
    for (int i = 0; i < 4; i++) {
      Path file = mnistFile(folder, MNIST_FILES[i]);
      t[i] = i % 2 == 0 ? Idx.readImages(file) : Idx.read(file);
      if (i % 2 == 0 && (t[i].dim() != 3 || t[i].size(1) != 28 || t[i].size(2) != 28)) {
        throw new IllegalArgumentException(
            "Digits: "
                + file
                + " holds images of shape "
                + Arrays.toString(t[i].shape())
                + "; LeNet-5 here takes [n, 28, 28], as MNIST's");
      }
      if (i % 2 == 1 && t[i].numel() > 0) {
        double lo = t[i].min().item();
        double hi = t[i].max().item();
        if (lo < 0 || hi > 9) {
          throw new IllegalArgumentException(
              "Digits: "
                  + file
                  + " holds labels from "
                  + (long) lo
                  + " to "
                  + (long) hi
                  + "; expected the digits 0 to 9");
        }
      }
      if (i % 2 == 1 && t[i].size(0) != t[i - 1].size(0)) {
        throw new IllegalArgumentException(
            "Digits: "
                + file
                + " holds "
                + t[i].size(0)
                + " labels for the "
                + t[i - 1].size(0)
                + " images of "
                + mnistFile(folder, MNIST_FILES[i - 1]));
      }
    }
    // Normalized by the training set's mean and standard deviation, as MNIST's (0.1307, 0.3081).
    double mean = t[0].mean().item();
    double std = t[0].std().item();
    return new Data(
        t[0].sub(mean).div(std).unsqueeze(1), t[1], t[2].sub(mean).div(std).unsqueeze(1), t[3]);
  }

  private static Path mnistFile(Path folder, String name) {
    Path plain = folder.resolve(name);
    if (Files.isRegularFile(plain)) return plain;
    Path gz = folder.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) return gz;
    throw new IllegalArgumentException(
        "Digits: "
            + folder
            + " has neither "
            + name
            + " nor "
            + name
            + ".gz (MNIST's four files: "
            + String.join(", ", MNIST_FILES)
            + ")");
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The model's predictions on the test set. */
  record Evaluation(long[] predicted, long[] truth, long right) {
    double accuracy() {
      return right / (double) truth.length;
    }

    /** Counts [true][predicted]. */
    double[][] confusion() {
      double[][] counts = new double[10][10];
      for (int i = 0; i < truth.length; i++) counts[(int) truth[i]][(int) predicted[i]]++;
      return counts;
    }
  }

  static Evaluation evaluate(Sequential model, Tensor images, Tensor labels) {
    model.eval();
    int n = images.size(0);
    long[] predicted = new long[n];
    try (var scope = Autograd.noGrad()) {
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        double[] p =
            model.forward(images.narrow(0, from, to - from)).argmax(1, false).toDoubleArray();
        for (int i = 0; i < p.length; i++) predicted[from + i] = (long) p[i];
      }
    }
    long[] truth = new long[n];
    double[] l = labels.toDoubleArray();
    long right = 0;
    for (int i = 0; i < n; i++) {
      truth[i] = (long) l[i];
      if (truth[i] == predicted[i]) right++;
    }
    return new Evaluation(predicted, truth, right);
  }

  private static final String[] CLASSES = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  static Path confusion(Evaluation eval, Path file) throws IOException {
    Plots.chart()
        .title(String.format(Locale.ROOT, "Test set: %.2f%% right", 100 * eval.accuracy()))
        .imshow(eval.confusion())
        .cmap(ColorMap.BLUES)
        .colorBar("count")
        .annotateCells("%.0f")
        .xTickLabels(CLASSES)
        .yTickLabels(CLASSES)
        .xLabel("predicted")
        .yLabel("true")
        .size(640, 560)
        .save(file);
    return file;
  }

  /** The first 30 test digits, then up to 10 of the mistakes, each titled with its prediction. */
  static Path predictions(Evaluation eval, Data data, Path file) throws IOException {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(30, eval.truth().length); i++) shown.add(i);
    for (int i = 0; i < eval.truth().length && shown.size() < 40; i++) {
      if (eval.predicted()[i] != eval.truth()[i] && !shown.contains(i)) shown.add(i);
    }
    ImageGrid grid =
        Plots.imageGrid()
            .title("Test digits: prediction (true label when wrong, in red)")
            .columns(10);
    for (int i : shown) {
      boolean wrong = eval.predicted()[i] != eval.truth()[i];
      String title =
          wrong
              ? eval.predicted()[i] + " (true " + eval.truth()[i] + ")"
              : "" + eval.predicted()[i];
      grid.image(
          data.testImages().select(0, i),
          title,
          wrong ? new Color(0xD6, 0x27, 0x28) : new Color(0x2C, 0xA0, 0x2C));
    }
    grid.save(file);
    return file;
  }

  static Path filters(Sequential model, Path file) throws IOException {
    Tensor weight = model.namedParameters().get("0.weight").detach(); // [6, 1, 5, 5]
    Plots.imageGrid()
        .title("The first layer's 6 filters (5 x 5), each from its lowest to its highest weight")
        .images(weight)
        .titles("filter 1", "filter 2", "filter 3", "filter 4", "filter 5", "filter 6")
        .columns(6)
        .size(900, 240)
        .save(file);
    return file;
  }

  /** Entry point; {@code --help} lists the options. */
  public static void main(String[] args) throws IOException {
    Launcher.main(
        "Digits", args, OPTIONS, options -> (out, print) -> run(Config.of(options), out, print));
  }
}
