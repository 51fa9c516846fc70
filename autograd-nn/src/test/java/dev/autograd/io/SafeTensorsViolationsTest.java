package dev.autograd.io;

import static dev.autograd.io.SafeTensorsFiles.entry;
import static dev.autograd.testing.Messages.assertMessage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each violation of the safetensors format, refused with a message that names the file and it. */
class SafeTensorsViolationsTest {
  @TempDir Path dir;

  private void assertRefused(byte[] file, String... fragments) throws IOException {
    Path p = SafeTensorsFiles.write(dir, file);
    String[] withFile = new String[fragments.length + 1];
    withFile[0] = "SafeTensors.open: " + p + ": ";
    System.arraycopy(fragments, 0, withFile, 1, fragments.length);
    assertMessage(() -> SafeTensors.open(p).close(), withFile);
    withFile[0] = "SafeTensors.load: " + p + ": ";
    assertMessage(() -> SafeTensors.load(p), withFile);
  }

  private void assertRefused(String header, int dataLength, String... fragments)
      throws IOException {
    assertRefused(SafeTensorsFiles.bytes(header, new byte[dataLength]), fragments);
  }

  private static String one(String dtype, String shape, long begin, long end) {
    return "{" + entry("w", dtype, shape, begin, end) + "}";
  }

  @Test
  void aFileShorterThanEightBytes() throws IOException {
    assertRefused(new byte[5], "the file has 5 bytes, fewer than the 8 of the header length");
    assertRefused(new byte[0], "the file has 0 bytes");
  }

  @Test
  void aHeaderLengthOverTheLimitIsRefusedWithoutAllocatingIt() throws IOException {
    // 200 MB claimed by a 16-byte file: refused from the length alone
    byte[] file = new byte[16];
    System.arraycopy(SafeTensorsFiles.lengthField(209_715_200L), 0, file, 0, 8);
    assertRefused(file, "header length 209715200 exceeds the 100000000-byte limit");
    System.arraycopy(SafeTensorsFiles.lengthField(-1L), 0, file, 0, 8);
    assertRefused(file, "header length 18446744073709551615 exceeds the 100000000-byte limit");
  }

  @Test
  void aHeaderLengthOverTheLimitIsRefusedEvenWhenTheFileIsThatLong() throws IOException {
    Path p = dir.resolve("sparse.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
      raf.write(SafeTensorsFiles.lengthField(100_000_001L));
      raf.setLength(8 + 100_000_001L + 8);
    }
    assertMessage(
        () -> SafeTensors.open(p), "header length 100000001 exceeds the 100000000-byte limit");
  }

  @Test
  void aHeaderLengthBeyondTheFile() throws IOException {
    byte[] file = SafeTensorsFiles.bytes("{}      ", new byte[0]);
    System.arraycopy(SafeTensorsFiles.lengthField(9), 0, file, 0, 8);
    assertRefused(
        file, "header length 9 reaches beyond the end of the file, which has only 8 bytes");
  }

  @Test
  void invalidJsonWithItsPosition() throws IOException {
    assertRefused(
        "{\"w\" 1}", 0, "header: invalid JSON at byte 5: expected ':' after an object key");
    assertRefused("{\"w\":{\"dtype\":\"F32\",}}", 0, "header: invalid JSON at byte 20");
    assertRefused("{\"w\":{\"x\":tru}}", 0, "invalid JSON at byte 10: invalid literal");
    assertRefused(
        "{\"a\u0001\":{}}", 0, "invalid JSON at byte 3: control character 0x01 in a string");
    assertRefused("{", 0, "invalid JSON at byte 1: expected a string key");
    assertRefused("{} x", 0, "invalid JSON at byte 3: unexpected 'x' after the end");
    assertRefused("{}\n", 0, "unexpected byte 0x0a after the end of the document");
  }

  @Test
  void aHeaderThatIsNotUtf8() throws IOException {
    byte[] header = "{\"w\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] file = new byte[8 + header.length];
    System.arraycopy(SafeTensorsFiles.lengthField(header.length), 0, file, 0, 8);
    System.arraycopy(header, 0, file, 8, header.length);
    assertRefused(file, "invalid JSON at byte 3: byte 0xff is not valid UTF-8");
    byte[] overlong = {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', ':', '1', '}'};
    byte[] file2 = new byte[8 + overlong.length];
    System.arraycopy(SafeTensorsFiles.lengthField(overlong.length), 0, file2, 0, 8);
    System.arraycopy(overlong, 0, file2, 8, overlong.length);
    assertRefused(file2, "byte 0xc0 is not valid UTF-8");
  }

  @Test
  void aHeaderThatIsNotAnObject() throws IOException {
    assertRefused("[1,2]   ", 0, "the header is an array, expected a JSON object");
    assertRefused("\"w\"", 0, "the header is a string, expected a JSON object");
    assertRefused("", 0, "the header is empty, expected a JSON object");
    assertRefused(" {}", 0, "the header starts with whitespace; the format requires '{'");
  }

  @Test
  void tooDeepNesting() throws IOException {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertRefused("{\"w\":{\"x\":" + deep + "}}", 0, "nesting deeper than 64 levels");
  }

  @Test
  void entriesMissingAFieldOrWithTheWrongTypes() throws IOException {
    assertRefused("{\"w\":1}", 0, "tensor 'w' is a number, expected an object with dtype");
    assertRefused("{\"w\":{\"shape\":[],\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no dtype");
    assertRefused(
        "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'w' has no shape");
    assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[]}}", 4, "tensor 'w' has no data_offsets");
    assertRefused(
        "{\"w\":{\"dtype\":32,\"shape\":[],\"data_offsets\":[0,4]}}",
        4,
        "tensor 'w': dtype is a number, expected a string");
    assertRefused(
        "{\"w\":{\"dtype\":\"F32\",\"shape\":\"[]\",\"data_offsets\":[0,4]}}",
        4,
        "tensor 'w': shape is a string, expected an array of non-negative integers");
    assertRefused(one("F32", "[null]", 0, 4), 4, "tensor 'w': shape holds null, expected integers");
    assertRefused(
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0]}}",
        4,
        "tensor 'w': data_offsets has 1 numbers, expected 2");
    assertRefused(
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,8]}}",
        8,
        "tensor 'w': data_offsets has more than 2 numbers");
    assertRefused(
        "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
        4,
        "tensor 'w' has dtype twice");
  }

  @Test
  void anUnknownDtype() throws IOException {
    assertRefused(
        one("F17", "[1]", 0, 4), 4, "tensor 'w' has the unknown dtype \"F17\"", "BOOL, U8");
    assertRefused(one("f32", "[1]", 0, 4), 4, "unknown dtype \"f32\"");
  }

  @Test
  void negativeNonIntegerOrHugeSizes() throws IOException {
    assertRefused(one("F32", "[-1]", 0, 4), 4, "tensor 'w': shape holds -1, expected non-negative");
    assertRefused(one("F32", "[2.0]", 0, 8), 8, "tensor 'w': shape holds 2.0");
    assertRefused(one("F32", "[1e1]", 0, 40), 40, "shape holds 1e1");
    assertRefused(
        one("F32", "[9223372036854775808]", 0, 4),
        4,
        "holds 9223372036854775808, more than 2^63 - 1");
    assertRefused(
        "{\"w\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[-1,0]}}",
        0,
        "tensor 'w': data_offsets holds -1");
    assertRefused(
        one("U8", "[" + "1,".repeat(64) + "1]", 0, 1), 1, "shape has more than 64 numbers");
  }

  @Test
  void aShapeThatDoesNotMatchItsBytes() throws IOException {
    assertRefused(
        one("F32", "[2,3]", 0, 20),
        20,
        "tensor 'w' has shape [2, 3] of F32, 24 bytes, but its data_offsets [0, 20] hold 20");
    assertRefused(one("F32", "[]", 0, 0), 0, "shape [] of F32, 4 bytes");
  }

  @Test
  void anElementCountThatOverflows() throws IOException {
    assertRefused(
        one("F64", "[4294967296,4294967296]", 0, 0),
        0,
        "tensor 'w' has shape [4294967296, 4294967296] of F64, whose byte count overflows 64 bits");
    assertRefused(
        one("F64", "[2305843009213693952]", 0, 0), 0, "whose byte count overflows 64 bits");
  }

  @Test
  void offsetsThatEndBeforeTheyBegin() throws IOException {
    assertRefused(one("U8", "[0]", 4, 0), 4, "data_offsets [4, 0]: they end before they begin");
  }

  @Test
  void offsetsOutOfBounds() throws IOException {
    assertRefused(
        one("U8", "[8]", 0, 8),
        4,
        "tensor 'w' has data_offsets [0, 8], beyond the end of the data, which has 4 bytes");
  }

  @Test
  void overlappingOffsets() throws IOException {
    String header = "{" + entry("a", "U8", "[4]", 0, 4) + "," + entry("b", "U8", "[4]", 2, 6) + "}";
    assertRefused(
        header, 6, "tensors 'a' (data_offsets [0, 4]) and 'b' (data_offsets [2, 6]) overlap");
    String same = "{" + entry("a", "U8", "[4]", 0, 4) + "," + entry("b", "U8", "[4]", 0, 4) + "}";
    assertRefused(same, 4, "overlap");
  }

  @Test
  void offsetsLeavingAHole() throws IOException {
    String header = "{" + entry("a", "U8", "[2]", 0, 2) + "," + entry("b", "U8", "[2]", 4, 6) + "}";
    assertRefused(
        header, 6, "bytes [2, 4) of the data belong to no tensor (a hole before tensor 'b')");
    assertRefused(one("U8", "[2]", 2, 4), 4, "bytes [0, 2) of the data belong to no tensor");
  }

  @Test
  void dataNotCoveredToTheEndOfTheFile() throws IOException {
    assertRefused(
        one("U8", "[2]", 0, 2),
        5,
        "the data has 5 bytes but the tensors cover only the first 2; the rest of the file");
    assertRefused("{}", 1, "the data has 1 bytes but the tensors cover only the first 0");
  }

  @Test
  void duplicateNames() throws IOException {
    String header = "{" + entry("a", "U8", "[1]", 0, 1) + "," + entry("a", "U8", "[1]", 1, 2) + "}";
    assertRefused(header, 2, "the header names tensor 'a' twice; names must be unique");
    // the same name written with an escape is the same name
    String escaped =
        "{" + entry("a", "U8", "[1]", 0, 1) + "," + entry("\\u0061", "U8", "[1]", 1, 2) + "}";
    assertRefused(escaped, 2, "names tensor 'a' twice");
  }

  @Test
  void metadataThatIsNotAStringMap() throws IOException {
    assertRefused(
        "{\"__metadata__\":[]}",
        0,
        "__metadata__ is an array, expected an object of string values");
    assertRefused(
        "{\"__metadata__\":{\"epoch\":3}}",
        0,
        "__metadata__ value of 'epoch' is a number, expected a string");
    assertRefused(
        "{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", 0, "__metadata__ has the key 'k' twice");
    assertRefused(
        "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "the header has __metadata__ twice");
  }
}
