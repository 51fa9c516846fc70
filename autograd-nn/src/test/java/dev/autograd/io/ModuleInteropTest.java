package dev.autograd.io;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.Linear;
import dev.autograd.nn.Module;
import dev.autograd.nn.Sequential;
import dev.autograd.nn.StateDictFile;
import dev.autograd.nn.Tanh;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module's state dicts against PyTorch's: keys, strict and non-strict loading, file formats. */
class ModuleInteropTest {
  private static final Map<String, Object> GOLDEN = Golden.load("/interop/torch_files.json");

  @TempDir Path dir;

  private static Module mlp() {
    return new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
  }

  @Test
  void aNonStrictLoadReturnsTheMissingAndUnexpectedKeysPyTorchReports() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("incompatible_keys"));
    Map<String, Tensor> pytorch = TorchFiles.loadStateDict(TorchFilesTest.fixture("mlp.pt"));
    Map<String, Tensor> partial = new LinkedHashMap<>();
    for (Object key : Json.asList(golden.get("given"))) {
      String k = (String) key;
      partial.put(k, pytorch.containsKey(k) ? pytorch.get(k) : Tensor.zeros(3, 8));
    }
    Module model = mlp();
    Tensor before = model.stateDict().get("2.weight").clone();
    Module.IncompatibleKeys keys = model.loadStateDict(partial, false);
    assertEquals(Json.asList(golden.get("missing")), keys.missingKeys());
    assertEquals(Json.asList(golden.get("unexpected")), keys.unexpectedKeys());
    assertArrayEquals(
        pytorch.get("0.weight").toDoubleArray(),
        model.stateDict().get("0.weight").toDoubleArray(),
        0);
    assertArrayEquals(before.toDoubleArray(), model.stateDict().get("2.weight").toDoubleArray(), 0);
  }

  @Test
  void aStrictLoadReturnsNoKeysAndRefusesNamingBothLists() throws IOException {
    Map<String, Tensor> pytorch = TorchFiles.loadStateDict(TorchFilesTest.fixture("mlp.pt"));
    Module.IncompatibleKeys keys = mlp().loadStateDict(pytorch);
    assertEquals(List.of(), keys.missingKeys());
    assertEquals(List.of(), keys.unexpectedKeys());
    Map<String, Tensor> renamed = new LinkedHashMap<>(pytorch);
    renamed.put("fc.weight", renamed.remove("2.weight"));
    assertMessage(
        () -> mlp().loadStateDict(renamed),
        "loadStateDict",
        "missing key(s) [2.weight]",
        "unexpected key(s) [fc.weight]");
  }

  @Test
  void aShapeMismatchNamesTheKeyAndBothShapesEvenWhenNotStrict() throws IOException {
    Map<String, Tensor> pytorch = TorchFiles.loadStateDict(TorchFilesTest.fixture("mlp.pt"));
    Module wider = new Sequential(new Linear(4, 9), new Tanh(), new Linear(9, 3));
    assertMessage(
        () -> wider.loadStateDict(pytorch, false),
        "size mismatch for 0.weight",
        "shape [8, 4]",
        "current model is [9, 4]");
  }

  @Test
  void saveAndLoadChooseTheFormatFromTheExtension() throws IOException {
    Module model = mlp();
    model.load(TorchFilesTest.fixture("mlp.pt"));
    Map<String, Tensor> pytorch = TorchFiles.loadStateDict(TorchFilesTest.fixture("mlp.pt"));
    for (String k : pytorch.keySet()) {
      assertArrayEquals(
          pytorch.get(k).toDoubleArray(), model.stateDict().get(k).toDoubleArray(), 0);
    }
    for (String name : List.of("m.pt", "m.pth", "M.PT")) {
      Path file = dir.resolve(name);
      model.save(file);
      assertEquals('P', Files.readAllBytes(file)[0], name + " is a zip archive");
      Map<String, Tensor> back = TorchFiles.loadStateDict(file);
      assertEquals(new ArrayList<>(pytorch.keySet()), new ArrayList<>(back.keySet()));
      Module copy = mlp();
      copy.load(file);
      assertArrayEquals(
          model.stateDict().get("2.bias").toDoubleArray(),
          copy.stateDict().get("2.bias").toDoubleArray(),
          0);
    }
    for (String name : List.of("m.safetensors", "M.SafeTensors")) {
      Path file = dir.resolve(name);
      model.save(file);
      assertEquals(
          new ArrayList<>(pytorch.keySet()).stream().sorted().toList(),
          SafeTensors.load(file).keySet().stream().sorted().toList(),
          name);
      Module copy = mlp();
      copy.load(file);
      assertArrayEquals(
          model.stateDict().get("0.weight").toDoubleArray(),
          copy.stateDict().get("0.weight").toDoubleArray(),
          0);
    }
    Path own = dir.resolve("m.agsd");
    model.save(own);
    assertEquals(pytorch.keySet(), StateDictFile.read(own).keySet());
    assertTrue(
        new String(Files.readAllBytes(own), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)
            .equals("AGSD"));
    // a PyTorch file under another extension is read as this library's format, and refused as such
    Path misnamed = Files.copy(TorchFilesTest.fixture("mlp.pt"), dir.resolve("mlp.agsd"));
    assertMessage(() -> mlp().load(misnamed), "mlp.agsd");
  }

  /** PyTorch's WithBuffers of torch_files.py, with the same registrations. */
  static final class WithBuffers extends Module {
    WithBuffers() {
      registerModule("lin", new Linear(2, 2));
      registerBuffer("scale", Tensor.of(new double[] {1, 1}, 2));
      registerBuffer("count", Tensor.of(new long[] {0}, 1).reshape());
      registerBuffer("cache", Tensor.zeros(2), false);
      registerParameter("bias", Tensor.zeros(2));
      registerModule("head", new Linear(2, 1));
    }

    Tensor scale() {
      return buffer("scale");
    }

    @Override
    public Tensor forward(Tensor input) {
      return input.mul(buffer("scale")).add(parameter("bias"));
    }
  }

  @Test
  void buffersAreSavedLoadedAndConvertedAsPyTorchDoes() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("buffers"));
    WithBuffers model = new WithBuffers();
    assertEquals(
        Json.asList(golden.get("state_keys")), new ArrayList<>(model.stateDict().keySet()));
    assertEquals(
        Json.asList(golden.get("named_buffers")), new ArrayList<>(model.namedBuffers().keySet()));
    assertEquals(3, model.buffers().size());
    assertTrue(model.parameters().stream().noneMatch(p -> p == model.scale()), "not a parameter");

    model.load(TorchFilesTest.fixture("buffers.pt"));
    assertArrayEquals(new double[] {1.5, -2.0}, model.scale().toDoubleArray(), 0);
    assertEquals(7.0, model.stateDict().get("count").item());
    assertEquals(dev.autograd.DType.INT64, model.stateDict().get("count").dtype());

    model.to(dev.autograd.DType.FLOAT64);
    Map<String, Object> dtypes = Json.asObject(golden.get("float64_dtypes"));
    for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
      assertEquals(dtypes.get(e.getKey()), e.getValue().dtype().pytorchName(), e.getKey());
    }
    assertArrayEquals(new double[] {1.5, -2.0}, model.scale().toDoubleArray(), 0);

    Path file = dir.resolve("buffers.pt");
    model.save(file);
    Map<String, Tensor> back = TorchFiles.loadStateDict(file);
    assertEquals(Json.asList(golden.get("state_keys")), new ArrayList<>(back.keySet()));
    assertEquals(7.0, back.get("count").item());
  }

  @Test
  void aBufferIsNamedLikeAnyOtherMemberAndMustNotRequireGrad() {
    class Clash extends Module {
      Clash(String second, boolean grad) {
        registerBuffer("x", Tensor.zeros(1));
        registerBuffer(second, Tensor.zeros(1).requiresGrad(grad));
      }

      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    }
    IllegalArgumentException taken =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new Clash("x", false));
    assertTrue(taken.getMessage().contains("'x' is already registered"), taken.getMessage());
    assertMessage(() -> new Clash("y", true), "registerBuffer: buffer 'y' requires grad");
  }

  private static double[] data(Map<String, Object> spec) {
    return Json.asList(spec.get("data")).stream().mapToDouble(Json::asDouble).toArray();
  }

  private static Tensor tensor(Map<String, Object> spec) {
    int[] shape = Json.asList(spec.get("shape")).stream().mapToInt(Json::asInt).toArray();
    return Tensor.of(data(spec), shape);
  }

  private static Path resource(String name) {
    try {
      return Path.of(ModuleInteropTest.class.getResource("/interop/" + name).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing test resource /interop/" + name, e);
    }
  }

  /** The module with every floating-point parameter and buffer zeroed, so a load must set them. */
  private static <M extends Module> M zeroed(M module) {
    try (dev.autograd.Autograd.Scope ignored = dev.autograd.Autograd.noGrad()) {
      for (Tensor t : module.stateDict().values()) t.mul_(0);
    }
    return module;
  }

  /** The printouts of the children whose class name contains {@code part}, in order. */
  private static List<String> reprs(Module module, String part) {
    List<String> out = new ArrayList<>();
    for (Module m : module.children()) {
      if (m.getClass().getSimpleName().contains(part)) out.add(m.toString());
    }
    return out;
  }

  private static void assertClose(double[] want, double[] got, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-6 * Math.max(1, Math.abs(want[i])), what + " [" + i + "]");
    }
  }

  @Test
  void pytorchsCnnLoadsUnchangedAndGivesItsOutputs() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("cnn"));
    Sequential cnn =
        new Sequential(
            new dev.autograd.nn.Conv2d(1, 4, 3, dev.autograd.nn.ConvOptions.defaults().padding(1)),
            new dev.autograd.nn.ReLU(),
            new dev.autograd.nn.Conv2d(
                4,
                8,
                3,
                dev.autograd.nn.ConvOptions.defaults().stride(2).padding(1).paddingMode("reflect")),
            new Tanh(),
            new dev.autograd.nn.Conv2d(
                8,
                8,
                3,
                dev.autograd.nn.ConvOptions.defaults().padding("same").groups(4).bias(false)),
            new dev.autograd.nn.ConvTranspose2d(
                8, 2, 2, dev.autograd.nn.ConvOptions.defaults().stride(2)),
            new Tanh(),
            new dev.autograd.nn.Flatten(),
            new Linear(2 * 8 * 8, 3));
    assertEquals(Json.asList(golden.get("state_keys")), new ArrayList<>(cnn.stateDict().keySet()));
    for (Path file : List.of(TorchFilesTest.fixture("cnn.pt"), resource("cnn.safetensors"))) {
      zeroed(cnn).load(file);
      Tensor out = cnn.forward(tensor(Json.asObject(golden.get("input"))));
      assertClose(
          data(Json.asObject(golden.get("output"))), out.toDoubleArray(), "cnn from " + file);
    }
    assertEquals(Json.asList(golden.get("reprs")), reprs(cnn, "Conv"));
  }

  @Test
  void pytorchsConv1dWithCircularPaddingGivesItsOutputs() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("conv1d"));
    dev.autograd.nn.Conv1d conv =
        new dev.autograd.nn.Conv1d(
            3,
            2,
            3,
            dev.autograd.nn.ConvOptions.defaults()
                .stride(2)
                .padding(1)
                .dilation(2)
                .paddingMode("circular"));
    conv.load(TorchFilesTest.fixture("conv1d.pt"));
    Tensor out = conv.forward(tensor(Json.asObject(golden.get("input"))));
    assertClose(data(Json.asObject(golden.get("output"))), out.toDoubleArray(), "conv1d output");
    assertEquals(golden.get("repr"), conv.toString());
  }

  @Test
  void pytorchsLeNetWithEveryPoolingLayerGivesItsOutputsAndPrintouts() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("lenet"));
    Sequential lenet =
        new Sequential(
            new dev.autograd.nn.Conv2d(1, 6, 5, dev.autograd.nn.ConvOptions.defaults().padding(2)),
            new dev.autograd.nn.ReLU(),
            new dev.autograd.nn.MaxPool2d(2),
            new dev.autograd.nn.Conv2d(6, 16, 5),
            new dev.autograd.nn.ReLU(),
            new dev.autograd.nn.AvgPool2d(
                new int[] {2}, new int[] {2}, new int[] {1}, false, true, null),
            new dev.autograd.nn.AdaptiveMaxPool2d(4, 3),
            new dev.autograd.nn.AdaptiveAvgPool2d(2),
            new dev.autograd.nn.Flatten(),
            new Linear(16 * 4, 10));
    for (Path file : List.of(TorchFilesTest.fixture("lenet.pt"), resource("lenet.safetensors"))) {
      zeroed(lenet).load(file);
      Tensor out = lenet.forward(tensor(Json.asObject(golden.get("input"))));
      assertClose(
          data(Json.asObject(golden.get("output"))), out.toDoubleArray(), "lenet from " + file);
    }
    assertEquals(Json.asList(golden.get("reprs")), reprs(lenet, ""));

    Map<String, Object> pools = Json.asObject(GOLDEN.get("pools1d"));
    Sequential oneD =
        new Sequential(
            new dev.autograd.nn.MaxPool1d(3, 2, 1, 1, false), new dev.autograd.nn.AvgPool1d(2));
    Tensor pooled = oneD.forward(tensor(Json.asObject(pools.get("input"))));
    assertClose(data(Json.asObject(pools.get("output"))), pooled.toDoubleArray(), "1-d pools");
    assertEquals(Json.asList(pools.get("reprs")), reprs(oneD, ""));
  }

  @Test
  void pytorchsNormalisationLayersTrainAndEvaluateAsPyTorchsDo() throws IOException {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("normed"));
    Sequential normed =
        new Sequential(
            new dev.autograd.nn.Conv2d(2, 4, 3, dev.autograd.nn.ConvOptions.defaults().padding(1)),
            new dev.autograd.nn.BatchNorm2d(4),
            new dev.autograd.nn.ReLU(),
            new dev.autograd.nn.GroupNorm(2, 4),
            new dev.autograd.nn.Flatten(),
            new Linear(4 * 4 * 4, 6),
            new dev.autograd.nn.BatchNorm1d(6, 1e-5, null, true, true),
            new dev.autograd.nn.LayerNorm(6));
    assertEquals(
        Json.asList(golden.get("state_keys")), new ArrayList<>(normed.stateDict().keySet()));
    // the safetensors copy holds the same state as PyTorch's file
    Map<String, Tensor> fromPt = TorchFiles.loadStateDict(TorchFilesTest.fixture("normed.pt"));
    Map<String, Tensor> fromSafetensors = SafeTensors.load(resource("normed.safetensors"));
    assertEquals(fromPt.keySet(), fromSafetensors.keySet());
    for (String k : fromPt.keySet()) {
      assertArrayEquals(
          fromPt.get(k).toDoubleArray(), fromSafetensors.get(k).toDoubleArray(), 0, k);
      assertEquals(fromPt.get(k).dtype(), fromSafetensors.get(k).dtype(), k);
    }
    normed.load(TorchFilesTest.fixture("normed.pt"));
    List<Object> inputs = Json.asList(golden.get("inputs"));
    List<Object> outputs = Json.asList(golden.get("train_outputs"));
    normed.train();
    for (int k = 0; k < inputs.size(); k++) {
      Tensor out = normed.forward(tensor(Json.asObject(inputs.get(k))));
      assertClose(data(Json.asObject(outputs.get(k))), out.toDoubleArray(), "training step " + k);
    }
    Map<String, Object> after = Json.asObject(golden.get("state_after"));
    Map<String, Tensor> state = normed.stateDict();
    for (String key : after.keySet()) {
      Map<String, Object> spec = Json.asObject(after.get(key));
      assertEquals(spec.get("dtype"), state.get(key).dtype().pytorchName(), key);
      assertArrayEquals(
          Json.asList(spec.get("shape")).stream().mapToInt(Json::asInt).toArray(),
          state.get(key).shape(),
          key);
      assertClose(data(spec), state.get(key).toDoubleArray(), key);
    }
    normed.eval();
    Tensor eval = normed.forward(tensor(Json.asObject(inputs.get(0))));
    assertClose(data(Json.asObject(golden.get("eval_output"))), eval.toDoubleArray(), "eval");
    List<String> reprs = reprs(normed, "Norm");
    reprs.add(new dev.autograd.nn.Dropout2d(0.25).toString());
    reprs.add(new dev.autograd.nn.LayerNorm(new int[] {3, 4}, 1e-6, true).toString());
    assertEquals(Json.asList(golden.get("reprs")), reprs);
  }

  /** PyTorch's Containers of torch_files.py. */
  static final class Containers extends Module {
    final dev.autograd.nn.ModuleList blocks =
        registerModule(
            "blocks", new dev.autograd.nn.ModuleList(new Linear(3, 3), new Linear(3, 3)));
    final dev.autograd.nn.ModuleDict heads =
        registerModule(
            "heads",
            new dev.autograd.nn.ModuleDict()
                .put("score", new Linear(3, 1))
                .put("norm", new dev.autograd.nn.LayerNorm(3)));
    final dev.autograd.nn.ParameterList scales =
        registerModule(
            "scales", new dev.autograd.nn.ParameterList(Tensor.ones(3), Tensor.zeros(2)));

    @Override
    public Tensor forward(Tensor input) {
      Tensor x = input;
      for (Module block : blocks) x = block.forward(x).tanh();
      return heads.get("score").forward(heads.get("norm").forward(x.mul(scales.get(0))));
    }
  }

  @Test
  void containersGivePyTorchsStateDictKeysAndFreezingASubtreeStopsItsGradients() {
    Map<String, Object> golden = Json.asObject(GOLDEN.get("containers"));
    Containers model = new Containers();
    assertEquals(
        Json.asList(golden.get("state_keys")), new ArrayList<>(model.stateDict().keySet()));
    assertEquals(
        Json.asInt(golden.get("parameter_count")),
        model.parameters().stream().mapToInt(Tensor::numel).sum());
    assertEquals(2, model.blocks.size());
    assertEquals(model.blocks.get(1), model.blocks.get(-1));
    assertEquals(List.of("score", "norm"), new ArrayList<>(model.heads.asMap().keySet()));
    assertMessage(
        () -> model.heads.get("nope"), "ModuleDict.get: no module 'nope'; keys [score, norm]");
    assertMessage(
        () -> model.blocks.forward(Tensor.zeros(1, 3)),
        "ModuleList.forward: a ModuleList has no forward");

    model.blocks.requiresGrad_(false);
    model.forward(Tensor.randn(4, 3)).sum().backward();
    for (Tensor p : model.blocks.parameters()) {
      assertTrue(!p.requiresGrad() && p.grad() == null, "frozen");
    }
    assertTrue(
        model.heads.get("score").parameters().get(0).grad() != null, "the rest still learns");
    assertTrue(model.scales.get(0).grad() != null);
    model.to(dev.autograd.DType.FLOAT64);
    assertEquals(dev.autograd.DType.FLOAT64, model.scales.get(1).dtype());
    assertEquals(model.scales.get(1), model.scales.asList().get(1));
  }
}
