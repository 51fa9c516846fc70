package dev.autograd.nn;

import static dev.autograd.testing.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of {@link StateDictFile} and {@link Checkpoint} as files: read and written in a stream,
 * with lengths past 2 GiB; a header checked against the file's size before anything else; damaged
 * header fields reported as damaged; the leftovers of killed saves removed; the permissions and the
 * links of replaced files kept; null arguments named.
 */
class FileFormatTest {
  @TempDir Path dir;

  private static final long GIB = 1L << 30;

  private static Sequential model(long seed) {
    Generator gen = new Generator(seed);
    return new Sequential(new Linear(3, 4, true, gen), new Tanh(), new Linear(4, 2, true, gen));
  }

  /** A file of {@code size} bytes that starts with {@code head}: sparse, it takes no disk space. */
  private Path sparseFile(String name, byte[] head, long size) throws IOException {
    Path file = dir.resolve(name);
    try (SeekableByteChannel c =
        Files.newByteChannel(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.SPARSE)) {
      c.write(ByteBuffer.wrap(head));
      c.position(size - 1).write(ByteBuffer.wrap(new byte[1]));
    }
    return file;
  }

  @Test
  void aLargeFileOfAnotherKindIsRefusedFromItsHeaderWithoutBeingRead() throws IOException {
    Path archive = sparseFile("data.zip", "PK\u0003\u0004 an archive".getBytes(), 3 * GIB);
    assertMessage(
        () -> StateDictFile.read(archive),
        "load: " + archive + " is not a state dict file (bad magic header)");
    assertMessage(
        () -> Checkpoint.load(archive),
        "load: " + archive + " is not a checkpoint file (bad magic header)");
  }

  // ------------------------------------------------------------------ streaming, long lengths

  /**
   * The bytes this thread allocates while running {@code r}, from the JDK's thread MXBean. NOTE: by
   * reflection, as this test module does not read java.management.
   */
  private static long allocatedBytes(ThrowingRunnable r) throws Exception {
    Object bean =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    java.lang.reflect.Method allocated =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    long id = Thread.currentThread().getId();
    long before = (Long) allocated.invoke(bean, id);
    r.run();
    return (Long) allocated.invoke(bean, id) - before;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws IOException;
  }

  @Test
  void savingAndLoadingAllocateAboutTheTensorsOnceNotSeveralCopiesOfTheFile() throws Exception {
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", Tensor.rand(new Generator(1), 2048, 2048)); // 16 MiB of float32
    state.put("bias", Tensor.rand(new Generator(2), 2048).to(DType.FLOAT64));
    Path file = dir.resolve("big.agsd");
    StateDictFile.write(file, state); // once before measuring: classes loaded, code compiled
    long size = Files.size(file);

    long writing = allocatedBytes(() -> StateDictFile.write(file, state));
    List<Map<String, Tensor>> back = new java.util.ArrayList<>();
    long reading = allocatedBytes(() -> back.add(StateDictFile.read(file)));

    // writing: the values pass through small buffers (about one file's worth in all, never held
    // at once); reading: the new tensors, and the small chunks they are filled from
    assertTrue(writing < 1.5 * size, "writing allocated " + writing + " bytes for " + size);
    assertTrue(reading < 2.5 * size, "reading allocated " + reading + " bytes for " + size);
    assertArrayEquals(state.get("weight").toFloatArray(), back.get(0).get("weight").toFloatArray());
    assertArrayEquals(state.get("bias").toDoubleArray(), back.get(0).get("bias").toDoubleArray());
  }

  @Test
  void theLengthOfABodyPast2GiBIsCountedExactly() throws IOException {
    // 300 million float64 elements, a view of one: 2.4 GB of values in the file, no memory here
    Tensor huge = Tensor.ones(DType.FLOAT64, 1).expand(300_000_000);
    BinaryFiles.BodyOutput counter = new BinaryFiles.BodyOutput(null);
    counter.writeInt(1);
    counter.writeSized("w".getBytes());
    counter.writeTensor(huge);
    long expected = 4 + (4 + 1) + (1 + 4 + 4) + 300_000_000L * 8;
    assertEquals(expected, counter.length());
    assertEquals(16 + expected + 8, BinaryFiles.fileLength(counter.length()));
  }

  /**
   * Counts the bytes it is given and keeps the first 16, the last 8, and the CRC-32 of all but the
   * last 8: what a reader of the file would check.
   */
  private static final class CheckingSink extends OutputStream {
    final CRC32 crc = new CRC32();
    final byte[] head = new byte[16];
    byte[] tail = new byte[0];
    long count;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = 0; i < len && count + i < head.length; i++) head[(int) (count + i)] = b[off + i];
      count += len;
      // the bytes before the last 8 seen so far go to the checksum
      byte[] pending = new byte[tail.length + Math.min(len, 8)];
      if (len >= 8) {
        crc.update(tail);
        crc.update(b, off, len - 8);
        tail = java.util.Arrays.copyOfRange(b, off + len - 8, off + len);
        return;
      }
      System.arraycopy(tail, 0, pending, 0, tail.length);
      System.arraycopy(b, off, pending, tail.length, len);
      int out = Math.max(0, pending.length - 8);
      crc.update(pending, 0, out);
      tail = java.util.Arrays.copyOfRange(pending, out, pending.length);
    }
  }

  @Test
  void aStateDictPast2GiBStreamsOutWithItsLengthAndChecksum() throws IOException {
    // 2^29 + 2^20 float32 elements (2.15 GB), a broadcast view of one element: the file is written
    // through a buffer to a sink that keeps only a checksum, so nothing here needs 2 GB of memory
    int n = (1 << 29) + (1 << 20);
    Tensor huge = Tensor.full(0.5, DType.FLOAT32, 1).expand(n);
    BinaryFiles.Body body =
        out -> {
          out.writeInt(1);
          out.writeSized("w".getBytes());
          out.writeTensor(huge);
        };
    long bodyLength = 4 + 5 + 9 + 4L * n;
    CheckingSink sink = new CheckingSink();
    BinaryFiles.writeFramed(sink, "AGSD".getBytes(), 1, body, bodyLength);

    long fileLength = 16 + bodyLength + 8;
    assertTrue(fileLength > Integer.MAX_VALUE);
    assertEquals(fileLength, sink.count);
    assertEquals(fileLength, ByteBuffer.wrap(sink.head).getLong(8));
    assertEquals(sink.crc.getValue(), ByteBuffer.wrap(sink.tail).getLong());
  }

  // ------------------------------------------------------------------ damaged headers

  private Path saved() throws IOException {
    Path file = dir.resolve("model.agsd");
    model(1).save(file);
    return file;
  }

  private static void damage(Path file, int at, int xor) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= (byte) xor;
    Files.write(file, bytes);
  }

  @Test
  void aDamagedVersionFieldIsReportedAsDamageNotAsAnotherVersion() throws IOException {
    Path file = saved();
    damage(file, 4, 0xff); // version 1 becomes 0xff000001
    assertMessage(
        () -> model(2).load(file),
        "load: " + file + " is damaged: its format version field holds -16777215, expected 1");
  }

  @Test
  void anIntactFileOfAnotherVersionIsReportedAsSuch() throws IOException {
    Path file = dir.resolve("future.agsd");
    Files.write(file, CraftedFiles.frame("AGSD", 2, new byte[] {0, 0, 0, 0}));
    assertMessage(
        () -> StateDictFile.read(file),
        "load: " + file + " has format version 2; this library reads version 1");
  }

  @Test
  void aDamagedLengthFieldIsReportedAsDamageNotAsTruncation() throws IOException {
    Path file = saved();
    long size = Files.size(file);
    damage(file, 13, 0x40); // a byte in the middle of the 8-byte length
    long claimed = size ^ (0x40L << 16);
    assertMessage(
        () -> StateDictFile.read(file),
        "load: "
            + file
            + " is damaged: its length field holds "
            + claimed
            + ", expected the file's length, "
            + size);
  }

  @Test
  void aDamagedMagicFieldIsReportedAsDamageNotAsAnotherKindOfFile() throws IOException {
    Path file = saved();
    damage(file, 3, 'D' ^ 'x');
    assertMessage(
        () -> StateDictFile.read(file),
        "load: "
            + file
            + " is damaged: its magic field holds \"AGSx\", expected \"AGSD\" (a state dict file)");
  }

  @Test
  void aFileWithBytesAppendedSaysSo() throws IOException {
    Path file = saved();
    long size = Files.size(file);
    Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    assertMessage(
        () -> StateDictFile.read(file),
        "load: "
            + file
            + " has trailing bytes: the header says "
            + size
            + " bytes but the file has "
            + (size + 3));
  }

  @Test
  void aDamagedFieldInsideTheBodyIsReportedByTheChecksum() throws IOException {
    Path file = saved();
    damage(file, 16 + 3, 0x10); // the number of tensors, 4 becomes 20
    TensorException e = assertMessage(() -> StateDictFile.read(file), "checksum");
    assertEquals(
        "load: " + file + " is corrupted: its checksum does not match its contents",
        e.getMessage());
  }

  // ------------------------------------------------------------------ the file system

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A temporary file as a save of {@code file} killed mid-write leaves it: half a file. */
  private static Path leftOverByAKilledSave(Path file, String hex) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + hex + ".agtmp");
    Files.write(temp, new byte[] {'A', 'G', 'S', 'D', 0, 0});
    return temp;
  }

  @Test
  void aSaveRemovesTheTemporaryFilesThatKilledSavesToTheSamePathLeft() throws IOException {
    Path file = dir.resolve("m.agsd");
    leftOverByAKilledSave(file, "0123456789abcdef");
    leftOverByAKilledSave(file, "a0a1a2a3a4a5a6a7");
    Path otherModel = leftOverByAKilledSave(dir.resolve("other.agsd"), "0123456789abcdef");
    model(1).save(file);
    assertEquals(List.of(otherModel.getFileName().toString(), "m.agsd"), names());

    Path checkpoint = dir.resolve("run.agck");
    leftOverByAKilledSave(checkpoint, "00000000ffffffff");
    Checkpoint.save(checkpoint, Map.of("epoch", 3));
    assertFalse(Files.exists(checkpoint.resolveSibling(".run.agck.00000000ffffffff.agtmp")));
  }

  @Test
  void aLoadRemovesThemToo() throws IOException {
    Path file = dir.resolve("m.agsd");
    model(1).save(file);
    Path stale = leftOverByAKilledSave(file, "0123456789abcdef");
    model(2).load(file);
    assertFalse(Files.exists(stale));

    Path checkpoint = dir.resolve("run.agck");
    Checkpoint.save(checkpoint, Map.of("epoch", 3));
    stale = leftOverByAKilledSave(checkpoint, "0123456789abcdef");
    assertEquals(3, Checkpoint.load(checkpoint).get("epoch"));
    assertFalse(Files.exists(stale));
  }

  @Test
  void savesKeepTheModeOfTheFileReplacedAndGiveANewOneTheUmasksMode() throws IOException {
    String umaskMode =
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference"))));
    Path model = dir.resolve("m.agsd");
    Path checkpoint = dir.resolve("run.agck");
    model(1).save(model);
    Checkpoint.save(checkpoint, Map.of("epoch", 1));
    for (Path p : List.of(model, checkpoint)) {
      assertEquals(umaskMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
    }
    model(2).save(model);
    Checkpoint.save(checkpoint, Map.of("epoch", 2));
    for (Path p : List.of(model, checkpoint)) {
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }
  }

  @Test
  void savingThroughASymbolicLinkReplacesTheFileItPointsTo() throws IOException {
    Path real = Files.createDirectories(dir.resolve("runs/7")).resolve("m.agsd");
    Path latest = Files.createSymbolicLink(dir.resolve("latest.agsd"), dir.relativize(real));
    Sequential saved = model(1);
    saved.save(latest);
    assertTrue(Files.isSymbolicLink(latest));
    Sequential loaded = model(2);
    loaded.load(real);
    assertArrayEquals(
        saved.parameters().get(0).toDoubleArray(), loaded.parameters().get(0).toDoubleArray());
  }

  // ------------------------------------------------------------------ null arguments

  @Test
  void nullArgumentsAreNamed() {
    Path file = dir.resolve("m.agsd");
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("w", null);
    assertMessage(() -> StateDictFile.write(null, Map.of()), "StateDictFile.write: path is null");
    assertMessage(() -> StateDictFile.write(file, null), "StateDictFile.write: tensors is null");
    assertMessage(
        () -> StateDictFile.write(file, withNull), "StateDictFile.write: the tensor 'w' is null");
    assertMessage(() -> StateDictFile.read(null), "StateDictFile.read: path is null");
    assertMessage(() -> model(1).loadStateDict(null, true), "loadStateDict: state is null");
    Map<String, Tensor> state = new LinkedHashMap<>(model(1).stateDict());
    state.put("0.weight", null);
    assertMessage(
        () -> model(1).loadStateDict(state, true),
        "loadStateDict: the value for 0.weight must be a Tensor, got null");
    assertMessage(() -> Checkpoint.save(null, Map.of()), "Checkpoint.save: path is null");
    assertMessage(() -> Checkpoint.save(file, null), "Checkpoint.save: state is null");
    assertMessage(() -> Checkpoint.load(null), "Checkpoint.load: path is null");
    assertFalse(Files.exists(file));
  }
}
