package dev.autograd.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: every truncation, every byte and bit flipped, and a few thousand seeded mutations.
 * Each is read in full (open, every tensor, load); the only failure allowed is a {@link
 * TensorException}, never a raw JDK exception or error.
 */
class SafeTensorsFuzzTest {
  @TempDir static Path dir;
  private static byte[] valid;
  private static long headerEnd;
  private static int counter;

  @BeforeAll
  static void writeAValidFile() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("0.weight", Tensor.of(new double[] {1, -2, 3.5, 0, 1e-3, 7}, 2, 3));
    tensors.put("0.bias", Tensor.of(new double[] {0.5, -0.5}, DType.FLOAT64, 2));
    tensors.put("steps", Tensor.of(new long[] {3, -1, 1 << 20}, 3));
    tensors.put("mask", Tensor.of(new double[] {1, 0, 1}, DType.BOOL, 3));
    tensors.put("scalar", Tensor.scalar(4));
    tensors.put("empty", Tensor.zeros(0, 2));
    Path file = dir.resolve("valid.safetensors");
    SafeTensors.save(file, tensors, Map.of("format", "pt"));
    valid = Files.readAllBytes(file);
    headerEnd = 8 + ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  /** Reads {@code bytes} as a file every way there is; true if it was accepted. */
  private static boolean readsOrIsRefused(byte[] bytes, String what) throws IOException {
    Path file = dir.resolve("fuzz" + counter++ + ".safetensors");
    Files.write(file, bytes);
    try {
      try (SafeTensorsFile f = SafeTensors.open(file)) {
        for (String name : f.names()) {
          f.dtypeOf(name);
          try {
            f.shapeOf(name);
            f.get(name);
          } catch (TensorException refusedTensor) {
            // a valid file may hold a tensor this library cannot hold
          }
        }
        f.metadata();
      }
      SafeTensors.load(file);
      return true;
    } catch (TensorException refused) {
      assertTrue(refused.getMessage().contains(file.toString()), what + ": " + refused);
      return false;
    } catch (Throwable t) {
      fail(what + ": a raw " + t.getClass().getName() + " instead of a TensorException", t);
      return false;
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    for (int length = 0; length < valid.length; length++) {
      byte[] cut = Arrays.copyOf(valid, length);
      Path file = dir.resolve("cut" + length + ".safetensors");
      Files.write(file, cut);
      assertThrows(TensorException.class, () -> SafeTensors.load(file), "cut at " + length);
      assertThrows(TensorException.class, () -> SafeTensors.open(file), "cut at " + length);
      Files.delete(file);
    }
  }

  @Test
  void truncationsAtTheStructureBoundariesSayWhatIsMissing() throws IOException {
    assertCutMessage(0, "the file has 0 bytes");
    assertCutMessage(7, "the file has 7 bytes");
    assertCutMessage(8, "reaches beyond the end of the file");
    assertCutMessage((int) headerEnd - 1, "reaches beyond the end of the file");
    assertCutMessage((int) headerEnd, "beyond the end of the data, which has 0 bytes");
    assertCutMessage(valid.length - 1, "beyond the end of the data");
  }

  private static void assertCutMessage(int length, String fragment) throws IOException {
    Path file = dir.resolve("boundary" + length + ".safetensors");
    Files.write(file, Arrays.copyOf(valid, length));
    dev.autograd.testing.Messages.assertMessage(() -> SafeTensors.open(file), fragment);
    Files.delete(file);
  }

  @Test
  void everyFlippedByteAndBitIsReadOrRefused() throws IOException {
    for (int at = 0; at < valid.length; at++) {
      for (int mask : new int[] {0xff, 1, 2, 4, 8, 16, 32, 64, 128}) {
        byte[] b = valid.clone();
        b[at] ^= (byte) mask;
        readsOrIsRefused(b, "byte " + at + " xor " + mask);
      }
    }
  }

  @Test
  void everyHeaderByteInvertedIsRefused() throws IOException {
    int accepted = 0;
    for (int at = 8; at < headerEnd; at++) {
      byte[] b = valid.clone();
      b[at] ^= (byte) 0xff;
      if (readsOrIsRefused(b, "header byte " + at)) accepted++;
    }
    // 0xff ^ a header byte is never ASCII, and the header is ASCII here: nothing is accepted
    assertTrue(accepted == 0, accepted + " damaged headers accepted");
  }

  private static final byte[][] TOKENS = {
    "\"".getBytes(StandardCharsets.US_ASCII),
    "{".getBytes(StandardCharsets.US_ASCII),
    "}".getBytes(StandardCharsets.US_ASCII),
    "[".getBytes(StandardCharsets.US_ASCII),
    "]".getBytes(StandardCharsets.US_ASCII),
    ",".getBytes(StandardCharsets.US_ASCII),
    ":".getBytes(StandardCharsets.US_ASCII),
    "0".getBytes(StandardCharsets.US_ASCII),
    "9".getBytes(StandardCharsets.US_ASCII),
    "-1".getBytes(StandardCharsets.US_ASCII),
    "1e9".getBytes(StandardCharsets.US_ASCII),
    "99999999999999999999".getBytes(StandardCharsets.US_ASCII),
    "\\u".getBytes(StandardCharsets.US_ASCII),
    "\\".getBytes(StandardCharsets.US_ASCII),
    "null".getBytes(StandardCharsets.US_ASCII),
    " ".getBytes(StandardCharsets.US_ASCII),
    "\"F16\"".getBytes(StandardCharsets.US_ASCII),
    "\"I64\"".getBytes(StandardCharsets.US_ASCII),
    "\"__metadata__\"".getBytes(StandardCharsets.US_ASCII),
    {(byte) 0xc3},
    {(byte) 0xf0, (byte) 0x9f},
    {0},
    {
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0x7f
    }
  };

  @Test
  void thousandsOfSeededMutationsAreReadOrRefused() throws IOException {
    SplittableRandom random = new SplittableRandom(2121);
    int accepted = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] b = mutate(valid, random);
      int more = random.nextInt(3);
      for (int m = 0; m < more; m++) b = mutate(b, random);
      if (readsOrIsRefused(b, "mutation " + i)) accepted++;
    }
    assertTrue(accepted < 4000, "every mutation was accepted: the mutations do nothing");
  }

  /** One random change: in the header mostly, where the parsing is. */
  private static byte[] mutate(byte[] in, SplittableRandom random) {
    int n = in.length;
    int at =
        random.nextInt(4) == 0
            ? random.nextInt(n + 1)
            : random.nextInt(Math.min(n, (int) headerEnd) + 1);
    switch (random.nextInt(6)) {
      case 0: // set a byte
        {
          byte[] b = in.clone();
          if (n > 0) b[Math.min(at, n - 1)] = (byte) random.nextInt(256);
          return b;
        }
      case 1: // insert a token
        {
          byte[] token = TOKENS[random.nextInt(TOKENS.length)];
          return splice(in, at, 0, token);
        }
      case 2: // delete a range
        return splice(in, at, Math.min(n - at, 1 + random.nextInt(8)), new byte[0]);
      case 3: // overwrite with a token
        {
          byte[] token = TOKENS[random.nextInt(TOKENS.length)];
          return splice(in, at, Math.min(n - at, token.length), token);
        }
      case 4: // duplicate a range
        {
          int len = Math.min(n - at, 1 + random.nextInt(24));
          return splice(in, at, 0, Arrays.copyOfRange(in, at, at + len));
        }
      default: // a new header length
        {
          byte[] b = in.clone();
          long length = random.nextBoolean() ? random.nextLong() : random.nextInt(n + 16);
          System.arraycopy(SafeTensorsFiles.lengthField(length), 0, b, 0, Math.min(8, n));
          return b;
        }
    }
  }

  private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
    byte[] out = new byte[in.length - remove + insert.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
    return out;
  }
}
