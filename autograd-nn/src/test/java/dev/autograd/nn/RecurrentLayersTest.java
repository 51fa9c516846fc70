package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.autograd.AutogradFunctional;
import dev.autograd.DType;
import dev.autograd.ForwardAD;
import dev.autograd.Generator;
import dev.autograd.GradCheck;
import dev.autograd.Parallelism;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.testing.Golden;
import dev.autograd.testing.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * RNN, GRU and LSTM against PyTorch 1.13 ({@code golden/recurrent.py}): PyTorch's state dicts load
 * unchanged; outputs, final states and the gradients of the input, the initial states and every
 * parameter match, for several layers, both directions, batchFirst, unbatched inputs and sequences
 * of different lengths (PyTorch's packed sequences).
 */
class RecurrentLayersTest {
  @TestFactory
  Stream<DynamicTest> outputsStatesAndGradientsArePyTorchs() {
    List<Map<String, Object>> cases = Golden.cases(Golden.load("/golden/recurrent.json"));
    assertEquals(13, cases.size());
    return cases.stream().map(c -> dynamicTest(Golden.name(c), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    String kind = Json.asString(c.get("kind"));
    RecurrentOptions options =
        RecurrentOptions.defaults()
            .numLayers(Json.asInt(c.get("num_layers")))
            .bidirectional((Boolean) c.get("bidirectional"))
            .batchFirst((Boolean) c.get("batch_first"))
            .bias((Boolean) c.get("bias"))
            .nonlinearity(Json.asString(c.get("nonlinearity")))
            .generator(new Generator(1));
    int in = Json.asInt(c.get("input_size"));
    int hidden = Json.asInt(c.get("hidden_size"));
    RecurrentLayer layer =
        switch (kind) {
          case "RNN" -> new RNN(in, hidden, options);
          case "GRU" -> new GRU(in, hidden, options);
          default -> new LSTM(in, hidden, options);
        };
    layer.to(DType.FLOAT64);
    layer.loadStateDict(RecurrentGolden.stateDict(c));
    Tensor x = Golden.tensor(c.get("input"), DType.FLOAT64).requiresGrad(true);
    List<Tensor> states = new ArrayList<>();
    for (Object s : Json.asList(c.get("states"))) {
      states.add(Golden.tensor(s, DType.FLOAT64).requiresGrad(true));
    }
    long[] lengths = null;
    if (c.get("lengths") != null) {
      lengths = Json.asList(c.get("lengths")).stream().mapToLong(v -> Json.asInt(v)).toArray();
    }
    RecurrentLayer.Result r = run(layer, x, states, lengths);
    List<Tensor> outputs = new ArrayList<>(List.of(r.output(), r.hN()));
    if (r.cN() != null) outputs.add(r.cN());
    RecurrentGolden.check(c, outputs, x, states, layer);
  }

  private static RecurrentLayer.Result run(
      RecurrentLayer layer, Tensor x, List<Tensor> states, long[] lengths) {
    Tensor h0 = states.isEmpty() ? null : states.get(0);
    if (layer instanceof LSTM lstm) {
      LSTMCell.State initial = h0 == null ? null : new LSTMCell.State(h0, states.get(1));
      return lengths == null
          ? lstm.forwardWithState(x, initial)
          : lstm.forwardWithState(x, initial, lengths);
    }
    if (layer instanceof RNN rnn) {
      return lengths == null ? rnn.forwardWithState(x, h0) : rnn.forwardWithState(x, h0, lengths);
    }
    GRU gru = (GRU) layer;
    return lengths == null ? gru.forwardWithState(x, h0) : gru.forwardWithState(x, h0, lengths);
  }

  @Test
  void namesPrintoutsAndCallsAreThoseOfPyTorch() {
    LSTM lstm =
        new LSTM(3, 4, RecurrentOptions.defaults().numLayers(2).bidirectional(true).dropout(0.5));
    assertEquals(16, lstm.stateDict().size());
    assertTrue(lstm.stateDict().containsKey("weight_hh_l1_reverse"));
    assertEquals(List.of(16, 8), List.of(lstm.parameter("weight_ih_l1").shape()[0], 8));
    assertEquals("LSTM(3, 4, num_layers=2, dropout=0.5, bidirectional=True)", lstm.toString());
    assertEquals(
        "RNN(2, 3, nonlinearity=relu, bias=False, batch_first=True)",
        new RNN(2, 3, RecurrentOptions.defaults().nonlinearity("relu").bias(false).batchFirst(true))
            .toString());
    lstm.eval();
    List<Tensor> out = lstm.call(List.of(Tensor.randn(5, 2, 3)));
    assertEquals(3, out.size(), "output, h_n and c_n");
    assertEquals(List.of(5, 2, 8), List.of(out.get(0).shape()[0], 2, out.get(0).shape()[2]));
    TensorException single =
        assertThrows(TensorException.class, () -> new GRU(3, 4).call(Tensor.randn(5, 2, 3)));
    assertTrue(single.getMessage().contains("returned 2 outputs"), single.getMessage());
  }

  @Test
  void dropoutBetweenLayersActsInTrainingModeOnly() {
    GRU gru =
        new GRU(
            3,
            4,
            RecurrentOptions.defaults().numLayers(2).dropout(0.9).generator(new Generator(2)));
    Tensor x = Tensor.randn(new Generator(3), 6, 2, 3);
    Tensor training = gru.forwardWithState(x, null).output();
    gru.eval();
    Tensor first = gru.forwardWithState(x, null).output();
    Tensor second = gru.forwardWithState(x, null).output();
    assertEquals(0, first.sub(second).abs().sum().item(), "eval mode is deterministic");
    assertTrue(training.sub(first).abs().sum().item() > 0, "training mode drops");
  }

  /**
   * The LSTM, the GRU and the RNN run each layer and direction as one recorded op with a backward
   * of its own; a backward that records its graph goes through the per-step composite instead, and
   * so does forward-mode AD. Each against float64 numerical derivatives (first and second order) or
   * the reverse-mode J v, with two layers, both directions and sequences of different lengths.
   */
  @Test
  void gradientsOfEveryOrderAndTangentsMatchNumericalOnes() {
    RecurrentOptions options =
        RecurrentOptions.defaults().numLayers(2).bidirectional(true).generator(new Generator(5));
    LSTM lstm = new LSTM(3, 4, options);
    lstm.to(DType.FLOAT64);
    Generator g = new Generator(6);
    Tensor x = Tensor.randn(g, 5, 2, 3).to(DType.FLOAT64).requiresGrad(true);
    Tensor h0 = Tensor.randn(g, 4, 2, 4).to(DType.FLOAT64).requiresGrad(true);
    Tensor c0 = Tensor.randn(g, 4, 2, 4).to(DType.FLOAT64).requiresGrad(true);
    long[] lengths = {5, 3};
    Function<Tensor[], Tensor[]> f =
        in -> {
          RecurrentLayer.Result r =
              lstm.forwardWithState(in[0], new LSTMCell.State(in[1], in[2]), lengths);
          return new Tensor[] {r.output(), r.hN(), r.cN()};
        };
    Function<Tensor[], Tensor> flat =
        in -> Tensor.cat(Arrays.stream(f.apply(in)).map(t -> t.reshape(-1)).toList(), 0);
    assertTrue(GradCheck.checkOutputs(f, x, h0, c0).passed(), "first derivatives");
    assertTrue(GradCheck.gradgradcheck(flat, x, h0, c0).passed(), "second derivatives");
    GRU gru = new GRU(3, 4, options.generator(new Generator(7)));
    gru.to(DType.FLOAT64);
    Function<Tensor[], Tensor> gruFlat =
        in -> {
          RecurrentLayer.Result r = gru.forwardWithState(in[0], in[1], lengths);
          return Tensor.cat(List.of(r.output().reshape(-1), r.hN().reshape(-1)), 0);
        };
    assertTrue(GradCheck.check(gruFlat, x, h0).passed(), "GRU first derivatives");
    assertTrue(GradCheck.gradgradcheck(gruFlat, x, h0).passed(), "GRU second derivatives");
    RNN rnn = new RNN(3, 4, options.generator(new Generator(3)));
    rnn.to(DType.FLOAT64);
    Function<Tensor[], Tensor> rnnFlat =
        in -> {
          RecurrentLayer.Result r = rnn.forwardWithState(in[0], in[1], lengths);
          return Tensor.cat(List.of(r.output().reshape(-1), r.hN().reshape(-1)), 0);
        };
    assertTrue(GradCheck.check(rnnFlat, x, h0).passed(), "RNN first derivatives");
    assertTrue(GradCheck.gradgradcheck(rnnFlat, x, h0).passed(), "RNN second derivatives");

    Tensor[] v = {Tensor.randn(g, 5, 2, 3), Tensor.randn(g, 4, 2, 4), Tensor.randn(g, 4, 2, 4)};
    for (int i = 0; i < v.length; i++) v[i] = v[i].to(DType.FLOAT64);
    Tensor[] reverse = AutogradFunctional.jvp(f, new Tensor[] {x, h0, c0}, v).product();
    try (ForwardAD.DualLevel ignored = ForwardAD.dualLevel()) {
      Tensor[] out =
          f.apply(
              new Tensor[] {
                ForwardAD.makeDual(x, v[0]),
                ForwardAD.makeDual(h0, v[1]),
                ForwardAD.makeDual(c0, v[2])
              });
      for (int k = 0; k < out.length; k++) {
        Tensor tangent = ForwardAD.unpackDual(out[k]).tangent();
        double error = tangent.sub(reverse[k]).abs().max().item();
        assertTrue(error < 1e-12, "tangent of output " + k + ": off by " + error);
      }
    }
  }

  /**
   * The float32 steps of the LSTM, the GRU and the RNN (their own loops) give the float64 run's
   * outputs and gradients to float32's precision, with two layers, both directions and sequences of
   * different lengths.
   */
  @Test
  void float32LayersFollowTheFloat64OnesInOutputsAndGradients() {
    for (String kind : List.of("LSTM", "GRU", "tanh", "relu")) {
      RecurrentOptions options =
          RecurrentOptions.defaults().numLayers(2).bidirectional(true).generator(new Generator(8));
      RecurrentLayer single = layer(kind, options);
      RecurrentLayer wide = layer(kind, options.generator(new Generator(8)));
      wide.to(DType.FLOAT64);
      Generator g = new Generator(9);
      Tensor x = Tensor.randn(g, 7, 3, 5);
      Tensor h0 = Tensor.randn(g, 4, 3, 6);
      Tensor c0 = Tensor.randn(g, 4, 3, 6);
      long[] lengths = {7, 2, 5};
      List<Tensor> grads = new ArrayList<>();
      List<Tensor> outputs = new ArrayList<>();
      for (RecurrentLayer layer : List.of(single, wide)) {
        DType type = layer == single ? DType.FLOAT32 : DType.FLOAT64;
        Tensor xi = x.to(type).detach().requiresGrad(true);
        List<Tensor> states = new ArrayList<>();
        states.add(h0.to(type).detach().requiresGrad(true));
        if (kind.equals("LSTM")) states.add(c0.to(type).detach().requiresGrad(true));
        RecurrentLayer.Result r = run(layer, xi, states, lengths);
        Tensor loss = r.output().square().sum().add(r.hN().sum());
        if (r.cN() != null) loss = loss.add(r.cN().mul(r.cN()).sum());
        loss.backward();
        outputs.addAll(List.of(r.output(), r.hN()));
        grads.add(xi.grad());
        for (Tensor s0 : states) grads.add(s0.grad());
        for (Tensor p : layer.parameters()) grads.add(p.grad());
      }
      for (List<Tensor> pair : List.of(outputs, grads)) {
        int half = pair.size() / 2;
        for (int k = 0; k < half; k++) {
          double error = pair.get(k).to(DType.FLOAT64).sub(pair.get(k + half)).abs().max().item();
          double scale = pair.get(k + half).abs().max().item();
          assertTrue(
              error <= 1e-5 * Math.max(1, scale), kind + " entry " + k + ": off by " + error);
        }
      }
    }
  }

  /**
   * An LSTM step large enough for its element-wise work to be split across threads (17 rows of 260,
   * split unevenly) gives the same bits on one thread and on two: outputs, and the gradients of the
   * input, the states and every weight; with sequences of different lengths, both directions.
   */
  @Test
  void lstmStepsSplitAcrossThreadsGiveTheSameBits() {
    Generator g = new Generator(21);
    Tensor x = Tensor.randn(g, 3, 17, 8);
    Tensor h0 = Tensor.randn(g, 2, 17, 260);
    Tensor c0 = Tensor.randn(g, 2, 17, 260);
    long[] lengths = new long[17];
    for (int b = 0; b < 17; b++) lengths[b] = 1 + b % 3;
    List<double[]> results = new ArrayList<>();
    try {
      for (int threads = 1; threads <= 2; threads++) {
        Parallelism.setThreads(threads);
        RecurrentLayer lstm =
            new LSTM(
                8,
                260,
                RecurrentOptions.defaults().bidirectional(true).generator(new Generator(22)));
        Tensor xi = x.detach().requiresGrad(true);
        Tensor h = h0.detach().requiresGrad(true);
        Tensor c = c0.detach().requiresGrad(true);
        RecurrentLayer.Result r = run(lstm, xi, List.of(h, c), lengths);
        r.output().square().sum().add(r.hN().sum()).add(r.cN().square().sum()).backward();
        List<Tensor> all = new ArrayList<>(List.of(r.output(), r.hN(), r.cN()));
        all.addAll(List.of(xi.grad(), h.grad(), c.grad()));
        all.addAll(lstm.parameters());
        for (Tensor p : lstm.parameters()) all.add(p.grad());
        results.add(all.stream().flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray());
      }
    } finally {
      Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }
    assertArrayEquals(results.get(0), results.get(1), 0);
  }

  private static RecurrentLayer layer(String kind, RecurrentOptions options) {
    return switch (kind) {
      case "LSTM" -> new LSTM(5, 6, options);
      case "GRU" -> new GRU(5, 6, options);
      default -> new RNN(5, 6, options.nonlinearity(kind));
    };
  }

  @Test
  void wrongShapesAndLengthsAreRefusedWithTheExpectedShape() {
    LSTM lstm = new LSTM(3, 4, RecurrentOptions.defaults().numLayers(2));
    TensorException input =
        assertThrows(
            TensorException.class, () -> lstm.forwardWithState(Tensor.randn(5, 2, 4), null));
    assertTrue(
        input.getMessage().contains("expected an input of shape [T, N, 3]"), input.getMessage());
    TensorException h =
        assertThrows(
            TensorException.class,
            () ->
                lstm.forwardWithState(
                    Tensor.randn(5, 2, 3),
                    new LSTMCell.State(Tensor.zeros(1, 2, 4), Tensor.zeros(2, 2, 4))));
    assertTrue(
        h.getMessage().contains("Expected hidden size [2, 2, 4] for h0, got [1, 2, 4]"),
        h.getMessage());
    TensorException lengths =
        assertThrows(
            TensorException.class,
            () -> lstm.forwardWithState(Tensor.randn(5, 2, 3), null, new long[] {5, 6}));
    assertTrue(
        lengths.getMessage().contains("each length must be in [1, 5]"), lengths.getMessage());
  }
}
