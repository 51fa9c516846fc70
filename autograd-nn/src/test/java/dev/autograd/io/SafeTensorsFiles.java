package dev.autograd.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors files for the tests: any header length, header text and data. */
final class SafeTensorsFiles {
  private SafeTensorsFiles() {}

  /** The 8 little-endian bytes of {@code n}. */
  static byte[] lengthField(long n) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
  }

  /** A file: the header's UTF-8 length, the header, then {@code data}. */
  static byte[] bytes(String header, byte[] data) {
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(lengthField(text.length));
    out.writeBytes(text);
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** Writes {@code bytes} to a new file in {@code dir}. */
  static Path write(Path dir, byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "crafted", ".safetensors");
    Files.write(file, bytes);
    return file;
  }

  /** Writes a file of {@code header} and {@code dataLength} zero bytes of data. */
  static Path write(Path dir, String header, int dataLength) throws IOException {
    return write(dir, bytes(header, new byte[dataLength]));
  }

  /** One entry of a header: {@code "name":{"dtype":...,"shape":[...],"data_offsets":[b,e]}}. */
  static String entry(String name, String dtype, String shape, long begin, long end) {
    return String.format(
        "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}",
        name, dtype, shape, begin, end);
  }
}
