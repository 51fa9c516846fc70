package dev.autograd.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the
 * same folder, is flushed to disk, and is then moved over the target in one step. If writing fails,
 * the target is left as it was and the temporary file is removed. Used for saved models,
 * checkpoints and saved figures.
 *
 * <p>The file written has the permissions of the file it replaces, or, if there was none, those the
 * process's umask gives a new file (as {@code FileOutputStream} would create it); while it is being
 * written, only its owner can read it. A target that is a symbolic link is not replaced: the file
 * it points to is (as editors do), so the link keeps working.
 *
 * <p>The temporary file of {@code model.agsd} is named {@code .model.agsd.<16 hex digits>.agtmp},
 * and the writer holds a lock on it. A process killed while saving leaves it behind; the next
 * {@link #write} or {@link #removeStaleTemporaryFiles} for the same target removes every such file
 * that no writer holds, so killed saves do not pile up.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  private static final String SUFFIX = ".agtmp";
  private static final int TOKEN_HEX_DIGITS = 16;

  /** Linux's limit (ELOOP); a loop of links would otherwise be followed forever. */
  private static final int MAX_LINKS = 40;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final SecureRandom TOKENS = new SecureRandom();

  /**
   * The temporary files this JVM is writing. NOTE: they must never be opened by {@link
   * #removeStaleTemporaryFiles}: closing any channel of a file releases every lock the process
   * holds on it (POSIX), including the writer's.
   */
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  /** What writes the content. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the whole content to {@code out}.
     *
     * @param out the stream to the temporary file; it is closed by {@link AtomicFiles}
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} (or, if it is a symbolic link, the file it points to) with what {@code
   * writer} writes, creating missing parent folders, after removing the temporary files that
   * earlier writes to it left behind.
   *
   * @param target the file to create or replace
   * @param writer writes the content
   * @throws IOException if the folder cannot be created or writing fails (the target is unchanged)
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path file = followLinks(target.toAbsolutePath());
    Path dir = file.getParent();
    Files.createDirectories(dir);
    removeStaleTemporaryFiles(file);
    Path temp = null;
    FileChannel channel = null;
    try {
      while (channel == null) {
        temp = dir.resolve(temporaryName(file)).normalize();
        IN_FLIGHT.add(temp);
        channel = openLocked(temp);
        if (channel == null) IN_FLIGHT.remove(temp);
      }
      // Created as the umask says (0666 & ~umask), which is the mode a new target gets; owner-only
      // while the content is incomplete.
      Set<PosixFilePermission> newFileMode = permissions(temp);
      setPermissions(temp, OWNER_ONLY);
      try (FileChannel open = channel) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(open), 1 << 16);
        // NOTE: some encoders close the stream they are given; only this method may close it.
        writer.writeTo(
            new FilterOutputStream(out) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                out.flush();
              }
            });
        out.flush();
        open.force(true);
      }
      Set<PosixFilePermission> replaced = Files.exists(file) ? permissions(file) : null;
      setPermissions(temp, replaced != null ? replaced : newFileMode);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } finally {
          IN_FLIGHT.remove(temp);
        }
      }
    }
  }

  /**
   * Removes the temporary files that writes to {@code target} left behind (a process killed while
   * saving), skipping those a writer, in this process or another, still holds. Failures are
   * ignored: this is housekeeping, and a folder that cannot be listed or changed is left as it is.
   *
   * @param target the file whose leftovers to remove (if a symbolic link, the file it points to)
   */
  public static void removeStaleTemporaryFiles(Path target) {
    Path file;
    try {
      file = followLinks(target.toAbsolutePath());
    } catch (IOException e) {
      return;
    }
    Path dir = file.getParent();
    Pattern ours =
        Pattern.compile(
            Pattern.quote("." + file.getFileName() + ".")
                + "[0-9a-f]{"
                + TOKEN_HEX_DIGITS
                + "}"
                + Pattern.quote(SUFFIX));
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
      for (Path entry : entries) {
        if (!IN_FLIGHT.contains(entry.normalize())) removeIfNotHeld(entry);
      }
    } catch (IOException | RuntimeException e) {
      // housekeeping only (see the Javadoc)
    }
  }

  /**
   * The temporary file of {@code file}'s name: the names of a file's temporary files match a
   * pattern no other file's do, so that they can be told apart and removed.
   */
  static String temporaryName(Path file) {
    byte[] token = new byte[TOKEN_HEX_DIGITS / 2];
    TOKENS.nextBytes(token);
    return "." + file.getFileName() + "." + HexFormat.of().formatHex(token) + SUFFIX;
  }

  /**
   * Creates {@code temp} and locks it; null if a cleaner removed it before the lock was taken (the
   * caller then tries another name).
   */
  private static FileChannel openLocked(Path temp) throws IOException {
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock();
      // A cleaner in another process removes an unlocked temporary file while holding its lock, so
      // once this lock is ours the file is still there unless such a removal came first.
      if (Files.exists(temp)) return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(temp);
      throw e;
    }
    channel.close();
    return null;
  }

  private static void removeIfNotHeld(Path temp) {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) return; // a writer in another process is at it
      Files.deleteIfExists(temp);
    } catch (NoSuchFileException e) {
      // removed meanwhile
    } catch (IOException | OverlappingFileLockException e) {
      // in use, or not ours to remove
    }
  }

  /** {@code path} with every symbolic link of its last component followed. */
  private static Path followLinks(Path path) throws IOException {
    Path p = path;
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == MAX_LINKS) {
        throw new FileSystemException(path.toString(), null, "Too many levels of symbolic links");
      }
      // a relative link is relative to the folder that holds it
      p = p.getParent().resolve(Files.readSymbolicLink(p));
    }
    return p;
  }

  private static Set<PosixFilePermission> permissions(Path p) throws IOException {
    try {
      return Files.getPosixFilePermissions(p);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: its files have no such mode
    }
  }

  private static void setPermissions(Path p, Set<PosixFilePermission> mode) throws IOException {
    if (mode == null) return;
    try {
      Files.setPosixFilePermissions(p, mode);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }
}
