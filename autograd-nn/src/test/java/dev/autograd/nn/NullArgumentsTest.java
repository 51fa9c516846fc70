package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Reduction;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.io.SafeTensors;
import dev.autograd.io.SafeTensorsFile;
import dev.autograd.optim.ChainedScheduler;
import dev.autograd.optim.CyclicLR;
import dev.autograd.optim.EpochScheduler;
import dev.autograd.optim.LBFGS;
import dev.autograd.optim.LRScheduler;
import dev.autograd.optim.MomentumCycleBuilder;
import dev.autograd.optim.OneCycleLR;
import dev.autograd.optim.Optimizer;
import dev.autograd.optim.ParamGroup;
import dev.autograd.optim.ReduceLROnPlateau;
import dev.autograd.optim.SGD;
import dev.autograd.optim.SequentialLR;
import dev.autograd.optim.StepLR;
import dev.autograd.testing.NullArgumentSweep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The sweep of the public API of {@code dev.autograd.nn}, {@code dev.autograd.optim} and {@code
 * dev.autograd.io} with null arguments: every public method and constructor, with null in each
 * reference parameter in turn, throws a {@link TensorException} that names the op and the parameter
 * ({@code "SGD: params is null"}, {@code "forward: input is null"}).
 */
class NullArgumentsTest {
  static Tensor parameter() {
    return Tensor.of(new double[] {0.25, 0.5}, DType.FLOAT32, 1, 2).requiresGrad(true);
  }

  /** An open file of one tensor, removed when the JVM exits. */
  static SafeTensorsFile safeTensorsFile() {
    try {
      Path file = Files.createTempFile("sweep", ".safetensors");
      file.toFile().deleteOnExit();
      SafeTensors.save(file, Map.of("w", parameter()));
      return SafeTensors.open(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SequentialLR sequentialLR() {
    Optimizer optimizer = optimizer();
    return new SequentialLR(
        optimizer, List.of(new StepLR(optimizer, 1), new StepLR(optimizer, 2)), List.of(3));
  }

  static Optimizer optimizer() {
    return new SGD(List.of(parameter()), 0.1);
  }

  @Test
  void everyNullArgumentIsReportedWithTheOpAndTheParameter() {
    List<Class<?>> classes = new ArrayList<>();
    classes.addAll(NullArgumentSweep.publicClasses(Module.class, "dev.autograd.nn"));
    classes.addAll(NullArgumentSweep.publicClasses(Module.class, "dev.autograd.optim"));
    classes.addAll(NullArgumentSweep.publicClasses(Module.class, "dev.autograd.io"));
    NullArgumentSweep sweep =
        new NullArgumentSweep(TensorException.class)
            .sample(Tensor.class, NullArgumentsTest::parameter)
            .sample(DType.class, () -> DType.FLOAT64)
            .sample(Reduction.class, () -> Reduction.MEAN)
            .sample(Generator.class, () -> new Generator(0))
            .sample(String.class, () -> "lr")
            .sample(Object.class, () -> 0.1)
            .sample(Double.class, () -> 0.0)
            .sample(Module.class, () -> new Linear(1, 1))
            .sample(Optimizer.class, NullArgumentsTest::optimizer)
            .sample(ParamGroup.class, () -> new ParamGroup(List.of(parameter())))
            .sample(Map.class, () -> Map.of("lr", 0.1))
            .sample(Consumer.class, () -> (Consumer<Object>) m -> {})
            .sample(Function.class, () -> (Function<Object, Object>) k -> 0.0)
            .sample(IntToDoubleFunction.class, () -> (IntToDoubleFunction) e -> 1.0)
            .sample(Init.FanMode.class, () -> Init.FanMode.FAN_IN)
            .sample(ReduceLROnPlateau.Mode.class, () -> ReduceLROnPlateau.Mode.MIN)
            .sample(
                ReduceLROnPlateau.ThresholdMode.class, () -> ReduceLROnPlateau.ThresholdMode.REL)
            .sample(Path.class, () -> Path.of("unused"))
            .sample("nonlinearity", () -> "relu")
            .sample(ConvOptions.class, ConvOptions::defaults)
            .sample(Integer.class, () -> 2)
            .sample(double[].class, () -> new double[] {2})
            .sample(int[].class, () -> new int[] {1, 1})
            .receiver(ConvOptions.class, ConvOptions::defaults)
            .receiver(Upsample.class, () -> Upsample.scale(2, "nearest"))
            .receiver(SafeTensorsFile.class, NullArgumentsTest::safeTensorsFile)
            .receiver(Module.class, () -> new Linear(1, 1))
            .receiver(Sequential.class, () -> new Sequential(new Linear(2, 2)))
            .receiver(EmbeddingBag.class, () -> new EmbeddingBag(4, 2, "sum"))
            .accepts("Embedding.<init>#paddingIdx", "no padding row, as padding_idx=None")
            .accepts("Embedding.<init>#maxNorm", "rows left as they are, as max_norm=None")
            .accepts("Embedding.fromPretrained#paddingIdx", "no padding row")
            .accepts("EmbeddingBag.<init>#paddingIdx", "no padding row")
            .accepts("EmbeddingBag.forward#offsets", "a 2-D input's rows are its bags")
            .accepts("EmbeddingBag.forward#perSampleWeights", "each row weighs 1")
            .accepts("RNNCell.forward#h", "a zero state, as hx=None")
            .accepts("GRUCell.forward#h", "a zero state, as hx=None")
            .accepts("LSTMCell.forward#state", "a zero state, as hx=None")
            .accepts("RNN.forwardWithState#h0", "zero states, as hx=None")
            .accepts("GRU.forwardWithState#h0", "zero states, as hx=None")
            .accepts("LSTM.forwardWithState#initial", "zero states, as hx=None")
            .accepts("RecurrentLayer.Result.<init>#cN", "RNN and GRU have no cell states")
            .accepts("MultiheadAttention.Result.<init>#weights", "not asked for: needWeights false")
            .accepts("MultiheadAttention.forwardWithWeights#keyPaddingMask", "no padding")
            .accepts("MultiheadAttention.forwardWithWeights#attnMask", "no mask")
            .receiver(LBFGS.Builder.class, () -> LBFGS.builder(List.of(parameter())))
            .accepts(
                "LBFGS.Builder.lineSearchFn#lineSearchFn", "a fixed step, as line_search_fn=None")
            .exclude(
                "MultiheadAttention.Result.equals", "a record's equals(null) is false, by contract")
            .exclude(
                "RecurrentLayer.Result.equals", "a record's equals(null) is false, by contract")
            .sample(long[].class, () -> new long[] {1})
            .receiver(RecurrentLayer.class, () -> new GRU(2, 2))
            .receiver(RecurrentOptions.class, RecurrentOptions::defaults)
            .receiver(TransformerOptions.class, TransformerOptions::defaults)
            .receiver(
                TransformerEncoder.class,
                () ->
                    new TransformerEncoder(
                        () ->
                            new TransformerEncoderLayer(
                                2, 1, TransformerOptions.defaults().dimFeedforward(2)),
                        1,
                        null))
            .receiver(
                TransformerDecoder.class,
                () ->
                    new TransformerDecoder(
                        () ->
                            new TransformerDecoderLayer(
                                2, 1, TransformerOptions.defaults().dimFeedforward(2)),
                        1,
                        null))
            .receiver(
                TransformerEncoderLayer.class,
                () ->
                    new TransformerEncoderLayer(
                        2, 1, TransformerOptions.defaults().dimFeedforward(2)))
            .receiver(
                TransformerDecoderLayer.class,
                () ->
                    new TransformerDecoderLayer(
                        2, 1, TransformerOptions.defaults().dimFeedforward(2)))
            .sample(LayerNorm.class, () -> new LayerNorm(2))
            .sample(
                java.util.function.Supplier.class,
                () ->
                    (java.util.function.Supplier<Module>)
                        () ->
                            new TransformerEncoderLayer(
                                2, 1, TransformerOptions.defaults().dimFeedforward(2)))
            .accepts("TransformerEncoderLayer.forward#srcMask", "no mask")
            .accepts("TransformerEncoderLayer.forward#srcKeyPaddingMask", "no mask")
            .accepts("TransformerEncoder.forward#mask", "no mask")
            .accepts("TransformerEncoder.forward#srcKeyPaddingMask", "no mask")
            .accepts("TransformerDecoderLayer.forward#tgtMask", "no mask")
            .accepts("TransformerDecoderLayer.forward#memoryMask", "no mask")
            .accepts("TransformerDecoderLayer.forward#tgtKeyPaddingMask", "no mask")
            .accepts("TransformerDecoderLayer.forward#memoryKeyPaddingMask", "no mask")
            .accepts("TransformerDecoder.forward#tgtMask", "no mask")
            .accepts("TransformerDecoder.forward#memoryMask", "no mask")
            .accepts("TransformerDecoder.forward#tgtKeyPaddingMask", "no mask")
            .accepts("TransformerDecoder.forward#memoryKeyPaddingMask", "no mask")
            .accepts("TransformerEncoder.<init>#norm", "no final norm, as norm=None")
            .accepts("TransformerDecoder.<init>#norm", "no final norm, as norm=None")
            .sample(
                LSTMCell.State.class, () -> new LSTMCell.State(Tensor.zeros(2), Tensor.zeros(2)))
            .exclude("LSTMCell.State.equals", "a record's equals(null) is false, by contract")
            .receiver(Loss.class, MSELoss::new)
            .receiver(ThreeInputLoss.class, MarginRankingLoss::new)
            .receiver(Optimizer.class, NullArgumentsTest::optimizer)
            .receiver(LRScheduler.class, () -> new StepLR(optimizer(), 1))
            .sample(LRScheduler.class, () -> new StepLR(optimizer(), 1))
            .sample(EpochScheduler.class, () -> new StepLR(optimizer(), 1))
            .receiver(EpochScheduler.class, () -> new StepLR(optimizer(), 1))
            .receiver(SequentialLR.class, NullArgumentsTest::sequentialLR)
            .receiver(
                ChainedScheduler.class,
                () -> new ChainedScheduler(List.of(new StepLR(optimizer(), 1))))
            .receiver(ReduceLROnPlateau.class, () -> new ReduceLROnPlateau(optimizer()))
            .receiver(ReduceLROnPlateau.Builder.class, () -> ReduceLROnPlateau.builder(optimizer()))
            .receiver(OneCycleLR.Builder.class, () -> OneCycleLR.builder(optimizer(), 0.1))
            .sample(OneCycleLR.AnnealStrategy.class, () -> OneCycleLR.AnnealStrategy.COS)
            .receiver(CyclicLR.Builder.class, () -> CyclicLR.builder(optimizer(), 0.1, 1.0))
            .receiver(MomentumCycleBuilder.class, () -> CyclicLR.builder(optimizer(), 0.1, 1.0))
            .sample(CyclicLR.Mode.class, () -> CyclicLR.Mode.TRIANGULAR)
            .sample(CyclicLR.ScaleMode.class, () -> CyclicLR.ScaleMode.CYCLE)
            .sample(DoubleUnaryOperator.class, () -> (DoubleUnaryOperator) x -> 1.0)
            .receiver(ParamGroup.class, () -> new ParamGroup(List.of(parameter())))
            .opName("Module.forward", "Linear.forward")
            .opName("Loss.forward", "MSELoss.forward")
            .opName("ThreeInputLoss.forward", "MarginRankingLoss.forward")
            .opName("Sequential.forward", "Linear.forward")
            .opName("RecurrentLayer.forward", "GRU.forward")
            .opName("CTCLoss.forward", "ctcLoss")
            .accepts("MaxPool2d.<init>#stride", "the kernel size, as stride=None")
            .accepts("ModuleList.forward", "refuses every call: a container has no forward")
            .accepts(
                "Module.call#inputs[0]", "a null entry is an absent optional input, for forward")
            .accepts("Module.forward#inputs[0]", "a null entry is an absent optional input")
            .accepts("Sequential.forward#inputs[0]", "a null entry is an absent optional input")
            .accepts("Module.summary#inputs[0]", "a null entry is an absent optional input")
            .exclude("Module.ForwardPreHook.apply", "implemented by the user")
            .exclude("Module.ForwardHook.apply", "implemented by the user")
            .exclude("Module.BackwardHook.apply", "implemented by the user")
            .sample(Module.ForwardPreHook.class, () -> (Module.ForwardPreHook) (m, x) -> null)
            .sample(Module.ForwardHook.class, () -> (Module.ForwardHook) (m, x, y) -> null)
            .sample(Module.BackwardHook.class, () -> (Module.BackwardHook) (m, x, y) -> null)
            .accepts("Upsample.of#size", "a scale factor given instead, as size=None")
            .accepts("Upsample.of#scaleFactor", "a size given instead, as scale_factor=None")
            .accepts("ModuleDict.forward", "refuses every call: a container has no forward")
            .accepts("ParameterList.forward", "refuses every call: a container has no forward")
            .accepts("BatchNorm1d.<init>#momentum", "the cumulative average, as momentum=None")
            .accepts("BatchNorm2d.<init>#momentum", "the cumulative average, as momentum=None")
            .accepts("AvgPool2d.<init>#stride", "the kernel size, as stride=None")
            .accepts("AvgPool2d.<init>#divisorOverride", "each window's own count, as None")
            .exclude("Init.FanMode.valueOf", "Enum.valueOf, Java's own")
            .exclude(
                "Module.IncompatibleKeys.equals", "a record's equals(null) is false, by contract")
            .exclude("ReduceLROnPlateau.Mode.valueOf", "Enum.valueOf, Java's own")
            .exclude("ReduceLROnPlateau.ThresholdMode.valueOf", "Enum.valueOf, Java's own")
            .exclude("OneCycleLR.AnnealStrategy.valueOf", "Enum.valueOf, Java's own")
            .exclude("CyclicLR.Mode.valueOf", "Enum.valueOf, Java's own")
            .exclude("CyclicLR.ScaleMode.valueOf", "Enum.valueOf, Java's own");
    List<String> failures = sweep.run(classes);
    assertEquals("", String.join("\n", failures), failures.size() + " failures");
  }
}
