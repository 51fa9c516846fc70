package dev.autograd.internal;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The program {@link JitTiersGiveTheSameBitsTest} runs in fresh JVMs: it prints one line per
 * computation, its name and a digest of the bits of its results, for the kernels' float32
 * transcendentals and sums (plain and in use), softmax, logSoftmax and a short seeded gradient
 * descent. An argument n runs everything n times first, for the JIT to compile it.
 */
public final class JitTierProbe {
  private JitTierProbe() {}

  /** Elements per kernel call: a tail shorter than any vector width is left over. */
  private static final int N = 4096 + 5;

  /**
   * Prints the digests.
   *
   * @param args the number of warm-up rounds, or nothing for none
   */
  public static void main(String[] args) {
    float[] inputs = inputs();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    for (int i = 0; i < rounds; i++) results(inputs);
    System.out.println("kernels " + Kernels.get().name());
    results(inputs).forEach((name, digest) -> System.out.println(name + " " + digest));
  }

  /**
   * Every 2^18-th bit pattern (all binades, both signs, NaNs), then values where the functions
   * vary.
   */
  private static float[] inputs() {
    float[] x = new float[N];
    int i = 0;
    for (long bits = 0; bits < 1L << 32 && i < N; bits += 1 << 21) {
      x[i++] = Float.intBitsToFloat((int) bits);
    }
    SplittableRandom rnd = new SplittableRandom(7);
    while (i < N) x[i++] = (float) (rnd.nextDouble() * 60 - 30);
    return x;
  }

  private static Map<String, String> results(float[] inputs) {
    Map<String, String> out = new LinkedHashMap<>();
    Storage x = Storage.allocate(DType.FLOAT32, N);
    System.arraycopy(inputs, 0, x.floats(), 0, N);
    for (UnaryFn fn : new UnaryFn[] {UnaryFn.EXP, UnaryFn.LOG, UnaryFn.TANH, UnaryFn.SIGMOID}) {
      for (Kernels k : new Kernels[] {Kernels.plain(), Kernels.get()}) {
        Storage y = Storage.allocate(DType.FLOAT32, N);
        k.unaryPacked(fn, 0, 0, x, 0, y, 0, N);
        out.put(fn.name().toLowerCase() + "-" + k.name(), digest(y.floats()));
      }
    }
    Storage finite = Storage.allocate(DType.FLOAT32, N);
    for (int i = 0; i < N; i++) finite.floats()[i] = inputs[N - 1 - i % 2048];
    for (Kernels k : new Kernels[] {Kernels.plain(), Kernels.get()}) {
      out.put("sum-" + k.name(), digest(new float[] {(float) k.sumPacked(finite, 0, N)}));
    }
    Tensor.manualSeed(3);
    Tensor logits = Tensor.randn(16, 300).mul(8);
    out.put("softmax", digest(logits.softmax(1).toFloatArray()));
    out.put("logSoftmax", digest(logits.logSoftmax(1).toFloatArray()));
    out.put("training", digest(train()));
    return out;
  }

  /** Ten seeded steps of gradient descent through exp, log, tanh and sigmoid. */
  private static float[] train() {
    Tensor.manualSeed(11);
    Tensor x = Tensor.randn(64, 32);
    Tensor w = Tensor.randn(32, 16).mul(0.1).requiresGrad(true);
    for (int step = 0; step < 10; step++) {
      Tensor h = x.matmul(w);
      Tensor loss = h.tanh().sigmoid().add(h.exp().add(1).log()).softmax(1).mean();
      loss.backward();
      try (Autograd.Scope s = Autograd.noGrad()) {
        w.sub_(w.grad().mul(10));
      }
      w.zeroGrad();
    }
    return w.detach().toFloatArray();
  }

  private static String digest(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
    for (float v : values) bytes.putInt(Float.floatToIntBits(v)); // all NaNs are one
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
