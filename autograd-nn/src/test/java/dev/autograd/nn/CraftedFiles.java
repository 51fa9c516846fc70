package dev.autograd.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Files built byte by byte from the format of {@link BinaryFiles}' description, independently of
 * the code that writes them: for tests of what reading makes of files the library would not write.
 */
final class CraftedFiles {
  private CraftedFiles() {}

  /** Magic, version, the length of the whole file, {@code body}, and the CRC-32 of all before. */
  static byte[] frame(String magic, int version, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(magic.getBytes(StandardCharsets.US_ASCII));
    out.writeInt(version);
    out.writeLong(16L + body.length + 8);
    out.write(body);
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return bytes.toByteArray();
  }

  /** {@code bytes} with the CRC-32 at its end recomputed over all before it. */
  static byte[] withChecksum(byte[] bytes) {
    byte[] out = bytes.clone();
    CRC32 crc = new CRC32();
    crc.update(out, 0, out.length - 8);
    long v = crc.getValue();
    for (int i = 0; i < 8; i++) out[out.length - 1 - i] = (byte) (v >>> (8 * i));
    return out;
  }
}
