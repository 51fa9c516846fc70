package dev.autograd.data.io;

import static dev.autograd.data.io.NpyTest.assertMentions;
import static dev.autograd.data.io.NpyTest.golden;
import static dev.autograd.data.io.NpyTest.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .npz} reader and writer against the archives NumPy wrote ({@code make_golden.py}). */
class NpzTest {
  @TempDir Path dir;

  /** The archives of the script: savez(fortran, a=..., b=..., c=...), the keywords first. */
  private static void assertScriptArrays(Map<String, Tensor> arrays) {
    assertEquals(List.of("a", "b", "c", "arr_0"), new ArrayList<>(arrays.keySet()));
    Tensor arr0 = arrays.get("arr_0");
    assertEquals(DType.FLOAT64, arr0.dtype());
    assertArrayEquals(new int[] {3, 2}, arr0.shape());
    assertArrayEquals(values('f', 6, DType.FLOAT64), arr0.toDoubleArray());
    Tensor a = arrays.get("a");
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(values('f', 6, DType.FLOAT32), a.toDoubleArray());
    Tensor b = arrays.get("b");
    assertEquals(DType.INT64, b.dtype());
    assertArrayEquals(values('i', 4, DType.INT64), b.toDoubleArray());
    Tensor c = arrays.get("c");
    assertEquals(DType.BOOL, c.dtype());
    assertEquals(0, c.dim());
    assertEquals(1, c.item());
  }

  @Test
  void readsWhatSavezWritesInTheArchivesOrder() throws IOException {
    assertScriptArrays(Npz.load(golden("savez.npz")));
  }

  @Test
  void readsWhatSavezCompressedWrites() throws IOException {
    try (ZipFile zip = new ZipFile(golden("savez_compressed.npz").toFile())) {
      assertEquals(ZipEntry.DEFLATED, zip.getEntry("a.npy").getMethod());
    }
    assertScriptArrays(Npz.load(golden("savez_compressed.npz")));
  }

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("weights", Tensor.of(values('f', 6, DType.FLOAT64), DType.FLOAT64, 2, 3));
    arrays.put("labels", Tensor.of(new long[] {3, -1, 7}));
    arrays.put("layer/mask", Tensor.of(new double[] {1, 0}, DType.BOOL));
    arrays.put("scalar", Tensor.scalar(0.1f));
    return arrays;
  }

  @Test
  void writesStoredAndDeflatedEntriesWithTheBytesNpySaveWrites() throws IOException {
    Map<String, Tensor> arrays = sample();
    for (boolean compressed : new boolean[] {false, true}) {
      Path p = dir.resolve(compressed ? "c.npz" : "s.npz");
      if (compressed) Npz.saveCompressed(p, arrays);
      else Npz.save(p, arrays);
      try (ZipFile zip = new ZipFile(p.toFile())) {
        List<String> names = new ArrayList<>();
        zip.stream().forEach(e -> names.add(e.getName()));
        assertEquals(List.of("weights.npy", "labels.npy", "layer/mask.npy", "scalar.npy"), names);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
          ZipEntry entry = zip.getEntry(e.getKey() + ".npy");
          assertEquals(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED, entry.getMethod());
          Path single = dir.resolve("single.npy");
          Npy.save(single, e.getValue());
          assertArrayEquals(
              Files.readAllBytes(single), zip.getInputStream(entry).readAllBytes(), e.getKey());
        }
      }
      Map<String, Tensor> back = Npz.load(p);
      assertEquals(new ArrayList<>(arrays.keySet()), new ArrayList<>(back.keySet()));
      for (String name : arrays.keySet()) {
        assertEquals(arrays.get(name).dtype(), back.get(name).dtype());
        assertArrayEquals(arrays.get(name).shape(), back.get(name).shape());
        assertArrayEquals(arrays.get(name).toDoubleArray(), back.get(name).toDoubleArray());
      }
    }
  }

  @Test
  void theSameArraysGiveTheSameFile() throws IOException {
    Npz.saveCompressed(dir.resolve("1.npz"), sample());
    Npz.saveCompressed(dir.resolve("2.npz"), sample());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("1.npz")), Files.readAllBytes(dir.resolve("2.npz")));
  }

  @Test
  void writesAndReadsAnEmptyArchive() throws IOException {
    Path p = dir.resolve("empty.npz");
    Npz.save(p, Map.of());
    assertTrue(Npz.load(p).isEmpty());
  }

  private List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = new ArrayList<>();
      files.forEach(f -> names.add(f.getFileName().toString()));
      names.sort(null);
      return names;
    }
  }

  @Test
  void refusesBadNamesBeforeWritingAnything() throws IOException {
    Path p = dir.resolve("old.npz");
    Files.writeString(p, "the old content");
    for (String bad : new String[] {"", "a\nb", "a\\b", "/abs", "a//b", "../up", "a/./b", "a/"}) {
      Map<String, Tensor> arrays = new LinkedHashMap<>();
      arrays.put("fine", Tensor.zeros(2));
      arrays.put(bad, Tensor.zeros(2));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Npz.save(p, arrays), bad);
      assertMentions(e, "Npz.save: the name \"" + bad + "\"");
    }
    Map<String, Tensor> nullTensor = new LinkedHashMap<>();
    nullTensor.put("x", null);
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> Npz.saveCompressed(p, nullTensor)),
        "Npz.saveCompressed: the tensor 'x' is null");
    assertEquals("the old content", Files.readString(p));
    assertEquals(List.of("old.npz"), filesIn(dir));
  }

  @Test
  void aFailureWhileWritingLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path p = dir.resolve("old.npz");
    Files.writeString(p, "the old content");
    Tensor released = NpyTest.released();
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("fine", Tensor.ones(1000));
    arrays.put("released", released);
    for (boolean compressed : new boolean[] {false, true}) {
      assertThrows(
          IllegalStateException.class,
          () -> {
            if (compressed) Npz.saveCompressed(p, arrays);
            else Npz.save(p, arrays);
          });
      assertEquals("the old content", Files.readString(p));
      assertEquals(List.of("old.npz"), filesIn(dir));
    }
    // A target that cannot be replaced (a folder that is not empty): the move fails.
    Path folder = Files.createDirectories(dir.resolve("taken.npz").resolve("inside"));
    assertThrows(IOException.class, () -> Npz.save(folder.getParent(), sample()));
    assertEquals(List.of("old.npz", "taken.npz"), filesIn(dir));
  }

  private Path zipWith(String... namesAndContents) throws IOException {
    Path p = Files.createTempFile(dir, "crafted", ".npz");
    try (OutputStream out = Files.newOutputStream(p);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.ISO_8859_1));
        zip.closeEntry();
      }
    }
    return p;
  }

  private static TensorException refused(Path p) {
    TensorException e = assertThrows(TensorException.class, () -> Npz.load(p));
    assertMentions(e, "Npz.load: " + p + ": ");
    return e;
  }

  @Test
  void refusesFilesThatAreNotArchivesOfNpyEntriesNamingTheEntry() throws IOException {
    Path notZip = Files.writeString(dir.resolve("x.npz"), "not a zip");
    assertMentions(refused(notZip), "not a .npz file: it is not a zip archive");
    assertMentions(
        refused(zipWith("readme.txt", "hello")),
        "entry 'readme.txt' is not an array",
        "<name>.npy");
    assertMentions(refused(zipWith("a.npy", "garbage!")), "entry 'a.npy': not a .npy file");
    byte[] whole = Files.readAllBytes(golden("read_f4_le.npy"));
    String truncated = new String(whole, 0, whole.length - 4, StandardCharsets.ISO_8859_1);
    assertMentions(refused(zipWith("a.npy", truncated)), "entry 'a.npy'", "truncated");
  }

  @Test
  void refusesADamagedEntryByItsChecksum() throws IOException {
    Path p = dir.resolve("stored.npz");
    Npz.save(p, Map.of("x", Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64)));
    byte[] bytes = Files.readAllBytes(p);
    // The last data byte of the only entry, 128 bytes of .npy header and 32 of data from its magic
    // string: the high byte of the float64 4.0.
    int magic = 0;
    while (bytes[magic] != (byte) 0x93 || bytes[magic + 1] != 'N') magic++;
    int at = magic + 128 + 31;
    assertEquals(0x40, bytes[at]);
    bytes[at] = 0x41;
    Files.write(p, bytes);
    assertMentions(refused(p), "entry 'x.npy'", "CRC-32", "damaged");
  }

  @Test
  void refusesADeflatedEntryClaimingMoreThanDeflateCanHoldBeforeAllocating() throws IOException {
    Path p = dir.resolve("bomb.npz");
    Npz.saveCompressed(p, Map.of("x", Tensor.zeros(1000)));
    byte[] bytes = Files.readAllBytes(p);
    // The uncompressed size in the central directory entry (signature PK 1 2, size at offset 24).
    int cen = 0;
    while (bytes[cen] != 'P'
        || bytes[cen + 1] != 'K'
        || bytes[cen + 2] != 1
        || bytes[cen + 3] != 2) {
      cen++;
    }
    ByteBuffer.wrap(bytes, cen + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(2_000_000_000);
    Files.write(p, bytes);
    assertMentions(
        refused(p), "entry 'x.npy'", "records 2000000000 bytes", "deflated bytes can hold");
  }
}
