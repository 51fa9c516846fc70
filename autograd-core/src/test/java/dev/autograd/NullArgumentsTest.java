package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.testing.NullArgumentSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The sweep of the public API of package {@code dev.autograd} with null arguments: every public
 * method and constructor, with null in each reference parameter in turn, throws a {@link
 * TensorException} that names the op and the parameter ({@code "cat: tensors[0] is null"}).
 */
class NullArgumentsTest {

  static Tensor tensor() {
    return Tensor.of(new double[] {0.25, 0.5, 0.75, 1}, DType.FLOAT64, 2, 2).requiresGrad(true);
  }

  static NullArgumentSweep sweep() {
    return new NullArgumentSweep(TensorException.class)
        .sample(Tensor.class, NullArgumentsTest::tensor)
        .sample(DType.class, () -> DType.FLOAT64)
        .sample(Reduction.class, () -> Reduction.MEAN)
        .sample(Generator.class, () -> new Generator(0))
        .sample(String.class, () -> "key")
        .sample(Double.class, () -> 1.0)
        .accepts("ForwardAD.carriesTangent#tensors[0]", "a null entry carries no tangent")
        .accepts("Functional.embedding#paddingIdx", "no padding row, as padding_idx=None")
        .accepts("Functional.scaledDotProductAttention#attnMask", "no mask, as attn_mask=None")
        .accepts("Functional.embedding#maxNorm", "rows left as they are, as max_norm=None")
        .accepts("Functional.embeddingBag#offsets", "a 2-D input's rows are its bags")
        .accepts("Functional.embeddingBag#perSampleWeights", "each row weighs 1")
        .accepts("Functional.embeddingBag#paddingIdx", "no padding row, as padding_idx=None")
        .sample(Object.class, () -> "value")
        .sample(Class.class, () -> String.class)
        .sample(double[].class, () -> new double[] {1, 2, 3, 4})
        .sample(float[].class, () -> new float[] {1, 2, 3, 4})
        .sample(long[].class, () -> new long[] {0, 1, 0, 1})
        .sample(double[][].class, () -> new double[][] {{1, 2}, {3, 4}})
        .sample(double[][][].class, () -> new double[][][] {{{1, 2}}, {{3, 4}}})
        .sample(float[][].class, () -> new float[][] {{1, 2}, {3, 4}})
        .sample(float[][][].class, () -> new float[][][] {{{1, 2}}, {{3, 4}}})
        .sample(long[][].class, () -> new long[][] {{0, 1}, {0, 1}})
        .sample(long[][][].class, () -> new long[][][] {{{0, 1}}, {{0, 1}}})
        .sample(int[].class, () -> new int[] {2, 2})
        .sample(Integer.class, () -> 2)
        .sample(double[].class, () -> new double[] {2})
        .sample(GradOptions.class, GradOptions::defaults)
        .sample(BackwardOptions.class, BackwardOptions::defaults)
        .sample(GradCheckOptions.class, GradCheckOptions::defaults)
        .sample(AutogradFunctional.Options.class, AutogradFunctional.Options::defaults)
        .sample(UnaryOperator.class, () -> (UnaryOperator<Tensor>) g -> g)
        .sample(Function.class, () -> (Function<Object, Object>) x -> x)
        .sample(GraphOptions.class, GraphOptions::defaults)
        .sample(java.util.Map.class, () -> java.util.Map.of("w", tensor()))
        .receiver(Tensor.class, NullArgumentsTest::tensor)
        .receiver(GraphOptions.class, GraphOptions::defaults)
        .receiver(
            BackwardTrace.class,
            () -> Autograd.traceBackward(Tensor.scalar(2.0).requiresGrad(true).exp()))
        .receiver(GradOptions.class, GradOptions::defaults)
        .receiver(BackwardOptions.class, BackwardOptions::defaults)
        .receiver(GradCheckOptions.class, GradCheckOptions::defaults)
        .receiver(AutogradFunctional.Options.class, AutogradFunctional.Options::defaults)
        .receiver(Generator.class, () -> new Generator(0))
        .receiver(DType.class, () -> DType.FLOAT32)
        .receiver(Reduction.class, () -> Reduction.MEAN)
        .receiver(
            FunctionContext.class, () -> new FunctionContext("Identity", new boolean[] {true}))
        .receiver(AutogradFunction.class, Identity::new)
        .accepts("Functional.linear#bias", "a layer without bias")
        .accepts("Functional.conv1d#bias", "a convolution without bias")
        .accepts("Functional.maxPool2d#stride", "the kernel size, as stride=None")
        .accepts("Functional.batchNorm#runningMean", "no running statistics, as None")
        .accepts("Tensor.clamp#min", "no lower bound, as min=None")
        .accepts("Tensor.clamp#max", "no upper bound, as max=None")
        .accepts("Functional.interpolate#size", "a scale factor given instead, as size=None")
        .accepts("Functional.interpolate#scaleFactor", "a size given instead, as None")
        .accepts("Functional.batchNorm#runningVar", "no running statistics, as None")
        .accepts("Functional.batchNorm#weight", "no scale, as weight=None")
        .accepts("Functional.batchNorm#bias", "no shift, as bias=None")
        .accepts("Functional.layerNorm#weight", "no scale, as weight=None")
        .accepts("Functional.layerNorm#bias", "no shift, as bias=None")
        .accepts("Functional.groupNorm#weight", "no scale, as weight=None")
        .accepts("Functional.groupNorm#bias", "no shift, as bias=None")
        .accepts("Functional.maxPool2dWithIndices#stride", "the kernel size, as stride=None")
        .accepts("Functional.avgPool2d#stride", "the kernel size, as stride=None")
        .accepts("Functional.avgPool2d#divisorOverride", "each window's own count, as None")
        .accepts("Functional.conv2d#bias", "a convolution without bias")
        .accepts("Functional.convTranspose2d#bias", "a convolution without bias")
        .accepts("Autograd.backward#grads", "implicit gradients for one-element roots, as None")
        .accepts("Autograd.backward#grads[0]", "an implicit gradient for a one-element root")
        .accepts("Functional.binaryCrossEntropyWithLogits#weight", "no weight, as weight=None")
        .accepts("Functional.binaryCrossEntropyWithLogits#posWeight", "as pos_weight=None")
        .accepts("Functional.crossEntropy#weight", "no class weights, as weight=None")
        .accepts("Functional.nllLoss#weight", "no class weights, as weight=None")
        .accepts("Tensor.backward#gradient", "1 for a one-element tensor, as backward()")
        .accepts("Tensor.setGrad", "clears the gradient, as x.grad = None")
        .accepts("BackwardOptions.gradient", "1 for a one-element output, as the default")
        .accepts("GradOptions.gradOutputs", "none given: 1 for each one-element output")
        .accepts("AutogradFunction.apply#inputs[0]", "an input that is not a tensor, as None")
        .accepts("AutogradFunction.applyAll#inputs[0]", "an input that is not a tensor, as None")
        .accepts("FunctionContext.saveForBackward#tensors[0]", "kept as null, as in PyTorch")
        .accepts("FunctionContext.put#value", "a saved value may be null, as a Python attribute")
        .accepts("FunctionContext.markNonDifferentiable#outputs", "marks nothing")
        .accepts("AutogradFunctional.Options.equals", "Object.equals: false for null")
        .accepts(
            "FunctionContext.saveForBackward#tensors", "saves one null, as save_for_backward(None)")
        .accepts("GradCheck.gradgradcheck#gradOutput", "a random gradient output, as PyTorch's")
        .accepts("AutogradFunctional.vjp#v", "v may be null for a one-element output, as v=None")
        .accepts("AutogradFunctional.jvp#v", "v may be null for a one-element input, as v=None")
        .accepts("AutogradFunctional.vhp#v", "v may be null for a one-element input, as v=None")
        .accepts("AutogradFunctional.hvp#v", "v may be null for a one-element input, as v=None")
        .opName("Linalg.inv", "linalg.inv")
        .opName("Linalg.solve", "linalg.solve")
        .opName("Linalg.det", "linalg.det")
        .opName("Linalg.slogdet", "linalg.slogdet")
        .opName("Linalg.cholesky", "linalg.cholesky")
        .opName("Linalg.qr", "linalg.qr")
        .opName("Linalg.eigh", "linalg.eigh")
        .opName("Linalg.svd", "linalg.svd")
        .opName("Linalg.svdvals", "linalg.svdvals")
        .opName("GradCheck.check", "gradcheck")
        .opName("GradCheck.checkOutputs", "gradcheck")
        .opName("AutogradFunction.apply", "Identity")
        .opName("AutogradFunction.applyAll", "Identity")
        .opName("FunctionContext.get", "Identity")
        .opName("FunctionContext.put", "Identity")
        .opName("FunctionContext.markNonDifferentiable", "Identity")
        .opName("FunctionContext.saveForBackward", "Identity")
        .exclude("Linalg.Slogdet.<init>", "a record the library returns")
        .exclude("Linalg.Slogdet.equals", "a record's equals: false for null")
        .exclude("Linalg.Qr.<init>", "a record the library returns")
        .exclude("Linalg.Qr.equals", "a record's equals: false for null")
        .exclude("Linalg.Eigh.<init>", "a record the library returns")
        .exclude("Linalg.Eigh.equals", "a record's equals: false for null")
        .exclude("Linalg.Svd.<init>", "a record the library returns")
        .exclude("Linalg.Svd.equals", "a record's equals: false for null")
        .exclude("DType.valueOf", "Enum.valueOf, Java's own: its NullPointerException is its API")
        .exclude("Reduction.valueOf", "Enum.valueOf, Java's own")
        .exclude("TensorException.<init>", "an exception: a null message is Java's convention")
        .exclude("GradCheckException.<init>", "an exception: a null message is Java's convention")
        .exclude("ValuesAndIndices.<init>", "a record the library returns; it holds what it gets")
        .exclude("ValuesAndIndices.equals", "a record's equals: false for null")
        .exclude("ForwardAD.Dual.<init>", "a record the library returns (unpackDual)")
        .exclude("ForwardAD.Dual.equals", "a record's equals: false for null")
        .exclude("AutogradFunctional.Product.<init>", "a record the library returns")
        .exclude("AutogradFunctional.Product.equals", "a record's equals: false for null")
        .exclude("GradCheckReport.Entry.<init>", "a record the library returns")
        .exclude("GradCheckReport.Entry.equals", "a record's equals: false for null")
        .exclude("GradCheckReport.InputCheck.<init>", "a record the library returns")
        .exclude("GradCheckReport.InputCheck.equals", "a record's equals: false for null")
        .exclude("RecordedGraph.TensorNode.<init>", "a record the library returns")
        .exclude("RecordedGraph.TensorNode.equals", "a record's equals: false for null")
        .exclude("RecordedGraph.OpNode.<init>", "a record the library returns")
        .exclude("RecordedGraph.OpNode.equals", "a record's equals: false for null")
        .exclude("BackwardTrace.Step.<init>", "a record the library returns")
        .exclude("BackwardTrace.Step.equals", "a record's equals: false for null")
        .exclude("BackwardTrace.Term.<init>", "a record the library returns")
        .exclude("BackwardTrace.Term.equals", "a record's equals: false for null");
  }

  /** A user-defined function, as receiver of AutogradFunction's methods. */
  static final class Identity extends AutogradFunction {
    @Override
    protected Tensor[] forward(FunctionContext ctx, Tensor... inputs) {
      return new Tensor[] {Tensor.zeros(1)};
    }

    @Override
    protected Tensor[] backward(FunctionContext ctx, Tensor... grads) {
      return grads;
    }
  }

  @Test
  void everyNullArgumentIsReportedWithTheOpAndTheParameter() {
    List<Class<?>> classes =
        new ArrayList<>(NullArgumentSweep.publicClasses(Tensor.class, "dev.autograd"));
    List<String> failures = sweep().run(classes);
    assertEquals("", String.join("\n", failures), failures.size() + " failures");
  }
}
