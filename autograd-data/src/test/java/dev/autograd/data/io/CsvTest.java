package dev.autograd.data.io;

import static dev.autograd.data.io.NpyTest.assertMentions;
import static dev.autograd.data.io.NpyTest.golden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.data.TensorDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV reader and writer, against files Python's csv module and numpy.savetxt wrote. */
class CsvTest {
  @TempDir Path dir;

  private static final CsvReader DEFAULT = CsvReader.builder().build();

  /** The script's table: row i has id i, x1 (i - 2.5) / 3, x2 1.5 * 1000^i / 10^6, label i % 3. */
  private static void assertScriptTable(List<Tensor> t) {
    Tensor x = t.get(0);
    assertEquals(DType.FLOAT64, x.dtype());
    assertArrayEquals(new int[] {5, 2}, x.shape());
    double power = 1;
    for (int i = 0; i < 5; i++) {
      assertEquals((i - 2.5) / 3, x.get(i, 0));
      assertEquals(1.5 * power / 1e6, x.get(i, 1));
      power *= 1000;
    }
    Tensor label = t.get(1);
    assertEquals(DType.INT64, label.dtype());
    assertArrayEquals(new double[] {0, 1, 2, 0, 1}, label.toDoubleArray());
    Tensor id = t.get(2);
    assertEquals(DType.FLOAT32, id.dtype());
    assertArrayEquals(new int[] {5, 1}, id.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4}, id.toDoubleArray());
  }

  @Test
  void readsTheCsvModulesTableByNameWithQuotedFieldsInAnotherColumn() throws IOException {
    assertScriptTable(
        DEFAULT.read(
            golden("table.csv"),
            CsvColumns.columns("x1", "x2").as(DType.FLOAT64),
            CsvColumns.column("label"),
            CsvColumns.columns("id").as(DType.FLOAT32)));
  }

  @Test
  void readsATableWithEveryFieldQuotedAndAnotherDelimiter() throws IOException {
    CsvReader semicolons = CsvReader.builder().delimiter(';').build();
    assertScriptTable(
        semicolons.read(
            golden("table_quoted.csv"),
            CsvColumns.columns(1, 2).as(DType.FLOAT64),
            CsvColumns.column(-2),
            CsvColumns.columns(0).as(DType.FLOAT32)));
  }

  @Test
  void aTextColumnFailsNamingTheLineColumnAndText() {
    TensorException e =
        assertThrows(
            TensorException.class, () -> DEFAULT.read(golden("table.csv"), CsvColumns.from(3)));
    assertMentions(
        e,
        "CsvReader.read: " + golden("table.csv") + ": line 2, column 'note' (index 4)",
        "cannot read \"plain\" as a number");
  }

  @Test
  void readsWhatNumpySavetxtWritesWithoutAHeader() throws IOException {
    CsvReader noHeader = CsvReader.builder().header(false).build();
    Tensor exact =
        noHeader.read(golden("savetxt.csv"), CsvColumns.from(0).as(DType.FLOAT64)).get(0);
    assertArrayEquals(new int[] {3, 4}, exact.shape());
    assertArrayEquals(NpyTest.values('f', 12, DType.FLOAT64), exact.toDoubleArray());
    Tensor inferred = noHeader.read(golden("savetxt.csv"));
    assertEquals(DType.FLOAT32, inferred.dtype());
    assertArrayEquals(NpyTest.values('f', 12, DType.FLOAT32), inferred.toDoubleArray());
  }

  private Path csv(String text) throws IOException {
    Path p = Files.createTempFile(dir, "t", ".csv");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private TensorException refused(Path p, CsvReader reader, CsvColumns... columns) {
    TensorException e = assertThrows(TensorException.class, () -> reader.read(p, columns));
    assertMentions(e, "CsvReader.read: " + p + ": ");
    return e;
  }

  @Test
  void infersInt64WhenEveryCellIsAnIntegerAndFloat32Otherwise() throws IOException {
    Path p = csv("a,b,c\n1,2,9007199254740993\n3,4.5,1\n16777217,6,2\n");
    List<Tensor> t =
        DEFAULT.read(p, CsvColumns.column("a"), CsvColumns.column("b"), CsvColumns.column("c"));
    assertEquals(DType.INT64, t.get(0).dtype());
    assertArrayEquals(new double[] {1, 3, 16777217}, t.get(0).toDoubleArray());
    assertEquals(DType.FLOAT32, t.get(1).dtype());
    assertArrayEquals(new double[] {2, 4.5, 6}, t.get(1).toDoubleArray());
    // beyond 2^53: not exact as INT64, so read as a float
    assertEquals(DType.FLOAT32, t.get(2).dtype());
    assertEquals((float) 9007199254740993.0, (float) t.get(2).get(0));
    Tensor both = DEFAULT.read(p, CsvColumns.columns("a", "b")).get(0);
    assertEquals(DType.FLOAT32, both.dtype());
    assertEquals(16777216f, (float) both.get(2, 0)); // the float nearest 16777217
    assertMentions(
        refused(p, DEFAULT, CsvColumns.column("c").as(DType.INT64)),
        "line 2, column 'c' (index 2): cannot read \"9007199254740993\" as int64",
        "within ±2^53");
  }

  @Test
  void readsFloat32CellsAsTheNearestFloatNotThroughADouble() throws IOException {
    // Just above the midpoint of the floats 1 and 1 + 2^-23; as a double it is the midpoint itself,
    // which would round to 1.
    Path p = csv("x\n1.000000059604644775390625001\n");
    assertEquals(
        1 + 0x1p-23f,
        DEFAULT.read(p, CsvColumns.column(0).as(DType.FLOAT32)).get(0).toFloatArray()[0]);
  }

  @Test
  void selectsByIndexNegativeIndexAndRangeInTheOrderGiven() throws IOException {
    Path p = csv("a,b,c,d\n1,2,3,4\n5,6,7,8\n");
    List<Tensor> t =
        DEFAULT.read(p, CsvColumns.columns(3, 0), CsvColumns.column(-3), CsvColumns.from(-2));
    assertArrayEquals(new double[] {4, 1, 8, 5}, t.get(0).toDoubleArray());
    assertArrayEquals(new int[] {2}, t.get(1).shape());
    assertArrayEquals(new double[] {2, 6}, t.get(1).toDoubleArray());
    assertArrayEquals(new double[] {3, 4, 7, 8}, t.get(2).toDoubleArray());
  }

  @Test
  void aSelectionOfNoColumnFailsListingTheColumns() throws IOException {
    Path p = csv("a,b,a\n1,2,3\n");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.read(p, CsvColumns.column("z"))),
        "column(\"z\"): no column is named \"z\"; the header has [a, b, a]");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.read(p, CsvColumns.column("a"))),
        "names columns 0 and 2 \"a\"");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> DEFAULT.read(p, CsvColumns.columns(1, 3))),
        "index 3 is out of range for a file of 3 columns (indices -3 to 2)");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> DEFAULT.read(p, CsvColumns.columns(1, -2))),
        "indices 1 and -2 are one column");
    CsvReader noHeader = CsvReader.builder().header(false).build();
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> noHeader.read(p, CsvColumns.column("a"))),
        "no header");
    assertThrows(IllegalArgumentException.class, () -> CsvColumns.columns("a", "a"));
    assertThrows(IllegalArgumentException.class, () -> CsvColumns.column(0).as(DType.BOOL));
  }

  @Test
  void missingValuesFailByDefaultAndAreNaNOnRequestInFloatColumns() throws IOException {
    Path p = csv("a,b\n1,2\n,4\n5, \n");
    assertMentions(
        refused(p, DEFAULT, CsvColumns.from(0)),
        "line 3, column 'a' (index 0): the cell is empty (a missing value)",
        "missingAsNaN(true)");
    CsvReader nan = CsvReader.builder().missingAsNaN(true).build();
    Tensor a = nan.read(p, CsvColumns.column("a")).get(0);
    assertEquals(DType.FLOAT32, a.dtype());
    assertEquals(1, a.get(0));
    assertTrue(Double.isNaN(a.get(1)));
    Tensor b = nan.read(p, CsvColumns.column("b").as(DType.FLOAT64)).get(0);
    assertTrue(Double.isNaN(b.get(2)));
    assertMentions(
        refused(p, nan, CsvColumns.column("b").as(DType.INT64)),
        "line 4, column 'b' (index 1)",
        "an INT64 column cannot hold");
  }

  @Test
  void aBadCellNamesTheLineColumnAndTextUnderAnyLocale() throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Path p = csv("x;y\n1.5;2\n\"2,5\";3\n");
      CsvReader semicolons = CsvReader.builder().delimiter(';').build();
      assertMentions(
          refused(p, semicolons, CsvColumns.column("x")),
          "line 3, column 'x' (index 0): cannot read \"2,5\" as a number");
      for (String bad : new String[] {"0x10", "1f", "1e", "--1", ".", "1.5.2", "NaNa"}) {
        assertMentions(
            refused(csv("x\n" + bad + "\n"), DEFAULT, CsvColumns.column(0)),
            "cannot read \"" + bad + "\"");
      }
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void readsTheNumberSyntaxesPythonAndNumpyWrite() throws IOException {
    Path p = csv("x\n.5\n-3.\n+1e3\n 2E-2 \nnan\n-inf\nInfinity\n");
    double[] x = DEFAULT.read(p, CsvColumns.column(0).as(DType.FLOAT64)).get(0).toDoubleArray();
    assertArrayEquals(
        new double[] {
          0.5, -3, 1000, 0.02, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY
        },
        x);
  }

  @Test
  void aRaggedRecordNamesTheLineAndTheCounts() throws IOException {
    Path p = csv("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n");
    assertMentions(
        refused(p, DEFAULT, CsvColumns.column("b")),
        "line 5 has 2 fields, expected 3 as the header on line 1 has");
  }

  @Test
  void lineNumbersCountTheLinesInsideQuotedFields() throws IOException {
    Path p = csv("a,b\r\n\"one\r\ntwo\nthree\",1\r\n\"\",x\r\n");
    assertMentions(refused(p, DEFAULT, CsvColumns.column("b")), "line 5, column 'b' (index 1)");
  }

  @Test
  void badQuotingNamesTheLine() throws IOException {
    assertMentions(
        refused(csv("a,b\n1,\"2\n3,4\n"), DEFAULT, CsvColumns.column(0)),
        "the quoted field that opens on line 2 is never closed");
    assertMentions(
        refused(csv("a,b\n1,\"2\"x\n"), DEFAULT, CsvColumns.column(0)),
        "line 2: 'x' after the closing quote");
  }

  @Test
  void takesCrLfCrAByteOrderMarkAndEmptyLines() throws IOException {
    Path p = csv("\uFEFFa,b\r\n1,2\r\r\n3,4\r5,6\n\n");
    Tensor t = DEFAULT.read(p, CsvColumns.columns("a", "b")).get(0);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray());
  }

  @Test
  void aHeaderOnlyFileGivesEmptyTensorsAndAnEmptyFileFails() throws IOException {
    Tensor t = DEFAULT.read(csv("a,b\n"), CsvColumns.columns("a", "b")).get(0);
    assertArrayEquals(new int[] {0, 2}, t.shape());
    assertMentions(refused(csv(""), DEFAULT, CsvColumns.from(0)), "empty, with no header");
  }

  @Test
  void readsADatasetOfFeaturesAndTarget() throws IOException {
    TensorDataset data =
        DEFAULT.readDataset(
            golden("table.csv"), CsvColumns.columns("x1", "x2"), CsvColumns.column("label"));
    assertEquals(5, data.size());
    List<Tensor> sample = data.get(2);
    assertArrayEquals(new int[] {2}, sample.get(0).shape());
    assertEquals(2, sample.get(1).item());
  }

  @Test
  void writesTheBytesPythonsCsvModuleWritesForReprValues() throws IOException {
    double[] xs = {
      0.1,
      -2.0,
      1e-05,
      123456789.0,
      1e16,
      Double.MIN_VALUE,
      2.0 / 3,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      -0.0
    };
    float[] ys = {
      0.1f,
      -2.0f,
      1e-05f,
      123456789.0f,
      1e16f,
      Float.MIN_VALUE,
      2.0f / 3,
      Float.MAX_VALUE,
      Float.NEGATIVE_INFINITY,
      0.0001f
    };
    long[] labels = new long[10];
    for (int k = 0; k < 10; k++) labels[k] = k * 7 - 20;
    Path p = dir.resolve("written.csv");
    CsvWriter.builder()
        .header("x", "y, float32", "label")
        .build()
        .write(p, Tensor.of(xs, DType.FLOAT64), Tensor.of(ys, 10, 1), Tensor.of(labels));
    assertEquals(Files.readString(golden("written.csv")), Files.readString(p));
  }

  @Test
  void writtenFloatsReadBackAsTheSameBitsUnderAGermanLocale() throws IOException {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      Random random = new Random(7);
      int n = 20000;
      double[] doubles = new double[n];
      float[] floats = new float[n];
      for (int i = 0; i < n; i++) {
        // Random bit patterns cover every exponent, subnormals included; NaNs are kept as such.
        doubles[i] =
            i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian();
        floats[i] =
            i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextGaussian();
      }
      Path p = dir.resolve("bits.csv");
      CsvWriter.builder()
          .delimiter(';')
          .build()
          .write(p, Tensor.of(doubles, DType.FLOAT64), Tensor.of(floats));
      CsvReader reader = CsvReader.builder().header(false).delimiter(';').build();
      List<Tensor> back =
          reader.read(
              p, CsvColumns.column(0).as(DType.FLOAT64), CsvColumns.column(1).as(DType.FLOAT32));
      double[] d = back.get(0).toDoubleArray();
      float[] f = back.get(1).toFloatArray();
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(doubles[i])) assertTrue(Double.isNaN(d[i]));
        else
          assertEquals(
              Double.doubleToLongBits(doubles[i]), Double.doubleToLongBits(d[i]), "row " + i);
        if (Float.isNaN(floats[i])) assertTrue(Float.isNaN(f[i]));
        else assertEquals(Float.floatToIntBits(floats[i]), Float.floatToIntBits(f[i]), "row " + i);
      }
      assertTrue(Files.readString(p).indexOf(',') < 0);
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void shortestDecimalIsNoLongerThanJavasAndSometimesShorter() {
    assertEquals("5e-324", ShortestDecimal.of(Double.MIN_VALUE)); // Java 17: 4.9E-324
    assertEquals("1e+23", ShortestDecimal.of(1e23));
    assertEquals("8.41e+21", ShortestDecimal.of(8.41e21)); // Java 17: 8.409999999999999E21
    assertEquals("2.82879384806159e+17", ShortestDecimal.of(2.82879384806159E17));
    assertEquals("100.0", ShortestDecimal.of(100.0));
    assertEquals("0.0001", ShortestDecimal.of(0.0001));
    assertEquals("1.7976931348623157e+308", ShortestDecimal.of(Double.MAX_VALUE));
    assertEquals("1e-45", ShortestDecimal.of(Float.MIN_VALUE));
    assertEquals("16777216.0", ShortestDecimal.of(16777216f));
    Random random = new Random(3);
    for (int i = 0; i < 20000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v)) continue;
      String s = ShortestDecimal.of(v);
      assertEquals(v, Double.parseDouble(s), s);
      assertTrue(digits(s) <= digits(Double.toString(v)), s + " vs " + v);
    }
  }

  private static int digits(String text) {
    String mantissa = text.toLowerCase(Locale.ROOT).split("e")[0].replace("-", "").replace(".", "");
    return mantissa.replaceAll("^0+", "").replaceAll("0+$", "").length();
  }

  @Test
  void writesHeaderNamesQuotedWhereNeededAndReadsThemBack() throws IOException {
    Path p = dir.resolve("names.csv");
    String[] names = {"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", ""};
    CsvWriter.builder().header(names).build().write(p, Tensor.zeros(2, 6));
    assertTrue(Files.readString(p).startsWith("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","));
    for (String name : names) {
      Tensor column = DEFAULT.read(p, CsvColumns.column(name)).get(0);
      assertArrayEquals(new double[] {0, 0}, column.toDoubleArray(), name);
    }
  }

  @Test
  void badWriterArgumentsNameTheShapesAndWriteNothing() throws IOException {
    Path p = dir.resolve("x.csv");
    CsvWriter csv = CsvWriter.builder().header("a", "b").build();
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> csv.write(p, Tensor.zeros(3, 3))),
        "the header has 2 names [a, b], the tensors 3 columns");
    assertMentions(
        assertThrows(
            IllegalArgumentException.class, () -> csv.write(p, Tensor.zeros(3), Tensor.zeros(4))),
        "tensor 1 has 4 rows (shape [4]), tensor 0 has 3 (shape [3])");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> csv.write(p, Tensor.zeros(2, 1, 2))),
        "tensor 0 has shape [2, 1, 2]");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> CsvWriter.builder().delimiter('.')),
        "'.' cannot separate fields");
    assertTrue(Files.notExists(p));
  }

  @Test
  void aFailureWhileWritingLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path p = dir.resolve("old.csv");
    Files.writeString(p, "old");
    Tensor released = NpyTest.released();
    Tensor fine = Tensor.zeros(300, 2);
    assertThrows(
        IllegalStateException.class, () -> CsvWriter.builder().build().write(p, fine, released));
    assertEquals("old", Files.readString(p));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
