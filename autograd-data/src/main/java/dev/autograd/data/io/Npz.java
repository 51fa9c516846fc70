package dev.autograd.data.io;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reading and writing NumPy's {@code .npz} archives, several named arrays in one file, as {@code
 * numpy.load}, {@code numpy.savez} and {@code numpy.savez_compressed} do. An archive is a zip file
 * with one {@code .npy} file (see {@link Npy}) per array, named after it: the array {@code
 * "weight"} is the entry {@code weight.npy}. {@code numpy.savez} stores the entries as they are,
 * {@code numpy.savez_compressed} deflates them.
 *
 * <pre>{@code
 * Map<String, Tensor> arrays = new LinkedHashMap<>();
 * arrays.put("x", Tensor.rand(new Generator(0), 100, 3));
 * arrays.put("y", Tensor.arange(100));
 * Npz.saveCompressed(Path.of("data.npz"), arrays);  // np.load("data.npz")["x"] reads it
 * Map<String, Tensor> back = Npz.load(Path.of("data.npz"));
 * }</pre>
 *
 * <p><b>Reading</b> takes stored and deflated entries, each read as {@link Npy#load} reads a file
 * (the same dtypes and checks, with the entry's size from the archive's directory as the file
 * size), its checksum verified. A deflated entry whose recorded size is more than its compressed
 * bytes can inflate to is refused before anything is allocated. An entry whose name does not end in
 * {@code .npy}, a name that appears twice, a file that is not a zip archive, or an entry compressed
 * otherwise fails with a {@link TensorException} naming the file and the entry.
 *
 * <p><b>Writing</b> makes entries as NumPy does, in the map's order, with the same {@code .npy}
 * bytes {@link Npy#save(Path, Tensor)} writes; their timestamps are all 1980-01-01 00:00, so that
 * the same arrays give the same file. A name must be non-empty, without control characters or
 * backslashes, and, read as a path of {@code /}-separated parts, relative with no empty, {@code .}
 * or {@code ..} part (so that unzipping the archive puts every array under the folder it is
 * unzipped to). The file is written whole or not at all: to a temporary file in the same folder
 * that is then moved over the target, and removed if anything fails.
 */
public final class Npz {
  private Npz() {}

  /** The longest entry name a zip file holds, in UTF-8 bytes. */
  private static final int MAX_NAME_BYTES = 0xffff - ".npy".length();

  /** Deflate makes at most about 1032 bytes of one: a bound on what an entry can really hold. */
  private static final long MAX_DEFLATE_RATIO = 1032;

  /** The earliest time a zip entry can carry: a fixed time makes the archive reproducible. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  /**
   * Reads every array of a {@code .npz} archive.
   *
   * @param path the archive
   * @return a new map from name (the entry's name without {@code .npy}) to tensor, in the archive's
   *     order; each tensor as {@link Npy#load} reads it
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file is not a zip archive, an entry is not a valid {@code .npy}
   *     file or is not named {@code <name>.npy}, or a name appears twice; the message names the
   *     file and the entry
   * @throws IllegalArgumentException if {@code path} is null
   */
  public static Map<String, Tensor> load(Path path) throws IOException {
    String call = "Npz.load";
    IoChecks.nonNull(call, "path", path);
    String where = call + ": " + path;
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new TensorException(
          where + ": not a .npz file: it is not a zip archive (" + e.getMessage() + ")", e);
    }
    try (ZipFile open = zip) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      Enumeration<? extends ZipEntry> entries = open.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String entryWhere = where + ": entry '" + entry.getName() + "'";
        if (!entry.getName().endsWith(".npy")) {
          throw new TensorException(
              entryWhere + " is not an array: the entries of a .npz file are named <name>.npy");
        }
        String name = entry.getName().substring(0, entry.getName().length() - 4);
        if (out.containsKey(name)) {
          throw new TensorException(entryWhere + " appears twice in the archive");
        }
        out.put(name, read(open, entry, entryWhere));
      }
      return out;
    }
  }

  private static Tensor read(ZipFile zip, ZipEntry entry, String where) throws IOException {
    long compressed = entry.getCompressedSize();
    if (entry.getMethod() == ZipEntry.DEFLATED
        && compressed >= 0
        && entry.getSize() > compressed * MAX_DEFLATE_RATIO + 1024) {
      // Refused before the header's size is allocated: the archive's directory cannot be right.
      throw new TensorException(
          where
              + ": the archive records "
              + entry.getSize()
              + " bytes, more than its "
              + compressed
              + " deflated bytes can hold (the file is damaged)");
    }
    CheckedInputStream checked;
    try {
      checked = new CheckedInputStream(zip.getInputStream(entry), new CRC32());
    } catch (ZipException e) {
      throw new TensorException(where + " cannot be read: " + e.getMessage(), e);
    }
    try (InputStream in = new BufferedInputStream(checked, 1 << 16)) {
      Tensor t = NpyFormat.read(in, entry.getSize(), where);
      long crc = checked.getChecksum().getValue();
      if (entry.getCrc() != -1 && crc != entry.getCrc()) {
        throw new TensorException(
            where
                + ": the data's CRC-32 is "
                + Long.toHexString(crc)
                + ", but the archive records "
                + Long.toHexString(entry.getCrc())
                + " (the file is damaged)");
      }
      return t;
    } catch (ZipException e) {
      throw new TensorException(where + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code arrays} to {@code path} as {@code numpy.savez(path, **arrays)} does: one stored
   * (uncompressed) {@code .npy} entry per array.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param arrays the tensors under their names, written in the map's order
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument, a name or a tensor is null, or a name is not
   *     one the class description allows; nothing is written then
   */
  public static void save(Path path, Map<String, Tensor> arrays) throws IOException {
    save("Npz.save", path, arrays, false);
  }

  /**
   * Writes {@code arrays} to {@code path} as {@code numpy.savez_compressed(path, **arrays)} does:
   * one deflated {@code .npy} entry per array.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param arrays the tensors under their names, written in the map's order
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument, a name or a tensor is null, or a name is not
   *     one the class description allows; nothing is written then
   */
  public static void saveCompressed(Path path, Map<String, Tensor> arrays) throws IOException {
    save("Npz.saveCompressed", path, arrays, true);
  }

  private static void save(String call, Path path, Map<String, Tensor> arrays, boolean deflate)
      throws IOException {
    IoChecks.nonNull(call, "path", path);
    IoChecks.nonNull(call, "arrays", arrays);
    List<Map.Entry<String, Tensor>> order = new ArrayList<>(arrays.entrySet());
    for (Map.Entry<String, Tensor> e : order) {
      IoChecks.nonNull(call, "a name in arrays", e.getKey());
      checkName(call, e.getKey());
      IoChecks.nonNull(call, "the tensor '" + e.getKey() + "'", e.getValue());
    }
    AtomicFiles.write(
        path,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
          for (Map.Entry<String, Tensor> e : order) {
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTimeLocal(ENTRY_TIME);
            if (deflate) {
              entry.setMethod(ZipEntry.DEFLATED);
            } else {
              // A stored entry's size and checksum come before its data: one pass to count them.
              CountingCrc sink = new CountingCrc();
              NpyFormat.write(sink.stream, e.getValue(), 1);
              entry.setMethod(ZipEntry.STORED);
              entry.setSize(sink.count);
              entry.setCompressedSize(sink.count);
              entry.setCrc(sink.stream.getChecksum().getValue());
            }
            zip.putNextEntry(entry);
            NpyFormat.write(zip, e.getValue(), 1);
            zip.closeEntry();
          }
          zip.finish();
        });
  }

  /** A sink that counts the bytes written to it and their CRC-32. */
  private static final class CountingCrc {
    long count;
    final CheckedOutputStream stream =
        new CheckedOutputStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                count++;
              }

              @Override
              public void write(byte[] b, int off, int len) {
                count += len;
              }
            },
            new CRC32());
  }

  private static void checkName(String call, String name) {
    String problem = null;
    if (name.isEmpty()) problem = "is empty";
    else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      problem = "is longer than the " + MAX_NAME_BYTES + " UTF-8 bytes a zip entry name holds";
    } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "has a control character";
    } else if (name.indexOf('\\') >= 0) {
      problem = "has a backslash";
    } else if (name.startsWith("/")) {
      problem = "starts with '/'";
    } else {
      for (String part : name.split("/", -1)) {
        if (part.isEmpty() || part.equals(".") || part.equals("..")) {
          problem = "has an empty, '.' or '..' part between slashes";
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          call
              + ": the name \""
              + name
              + "\" "
              + problem
              + "; a name is non-empty, without control characters or backslashes, and a relative"
              + " path of non-empty parts other than '.' and '..'");
    }
  }
}
