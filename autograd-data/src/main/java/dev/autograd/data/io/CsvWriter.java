package dev.autograd.data.io;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.internal.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes tensors as the columns of a CSV file that {@link CsvReader} (and Python's {@code csv},
 * {@code numpy.loadtxt}, pandas) read back.
 *
 * <pre>{@code
 * CsvWriter.builder().header("x1", "x2", "label").build()
 *     .write(Path.of("data.csv"), x, y);   // x: [rows, 2], y: [rows]
 * }</pre>
 *
 * <p>Each tensor is one column (1-D, {@code [rows]}) or several (2-D, {@code [rows, n]}), all with
 * the same number of rows. FLOAT64 and FLOAT32 values are written as the shortest decimal that
 * reads back as the same double or float, in Python's {@code repr} style ({@code 0.1}, {@code 1.0},
 * {@code 1e-05}, {@code 1e+16}, {@code nan}, {@code inf}, {@code -inf}), so that reading the file
 * gives the same bits, whatever the default locale; INT64 values as integers, BOOL as 0 and 1.
 * Records end with LF; a header name holding the delimiter, a quote, CR, LF, or spaces at either
 * end is quoted (its quotes doubled). The file is UTF-8, written whole or not at all (a temporary
 * file in the same folder, moved over the target).
 */
public final class CsvWriter {
  private final char delimiter;
  private final List<String> header;

  private CsvWriter(Builder b) {
    this.delimiter = b.delimiter;
    this.header = b.header;
  }

  /**
   * A builder with the defaults: no header, {@code ','} between fields.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes the columns of {@code tensors}, left to right, to {@code path}.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param tensors one or more 1-D or 2-D tensors with the same size of dim 0
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws IllegalArgumentException if an argument is null, no tensor is given, a tensor is not
   *     1-D or 2-D, the row counts differ, or the header's names are not as many as the columns;
   *     nothing is written then
   */
  public void write(Path path, Tensor... tensors) throws IOException {
    String call = "CsvWriter.write";
    IoChecks.nonNull(call, "path", path);
    IoChecks.nonNull(call, "tensors", tensors);
    if (tensors.length == 0) throw new IllegalArgumentException(call + ": no tensors given");
    long columns = 0;
    Tensor[] matrices = new Tensor[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      Tensor t = IoChecks.nonNull(call, "tensor " + i, tensors[i]);
      if (t.dim() != 1 && t.dim() != 2) {
        throw new IllegalArgumentException(
            call
                + ": tensor "
                + i
                + " has shape "
                + Arrays.toString(t.shape())
                + "; a CSV column set is 1-D [rows] or 2-D [rows, columns]");
      }
      if (t.shape()[0] != tensors[0].shape()[0]) {
        throw new IllegalArgumentException(
            call
                + ": tensor "
                + i
                + " has "
                + t.shape()[0]
                + " rows (shape "
                + Arrays.toString(t.shape())
                + "), tensor 0 has "
                + tensors[0].shape()[0]
                + " (shape "
                + Arrays.toString(tensors[0].shape())
                + ")");
      }
      matrices[i] = t.dim() == 1 ? t.reshape(t.shape()[0], 1) : t;
      columns += matrices[i].shape()[1];
    }
    if (header != null && header.size() != columns) {
      throw new IllegalArgumentException(
          call
              + ": the header has "
              + header.size()
              + " names "
              + header
              + ", the tensors "
              + columns
              + " columns");
    }
    AtomicFiles.write(
        path,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          if (header != null) writeHeader(w);
          writeRows(w, matrices);
          w.flush();
        });
  }

  private void writeHeader(Writer w) throws IOException {
    StringBuilder line = new StringBuilder();
    for (String name : header) {
      if (line.length() > 0) line.append(delimiter);
      line.append(quotedIfNeeded(name));
    }
    w.write(line.append('\n').toString());
  }

  private String quotedIfNeeded(String name) {
    boolean quote =
        name.isEmpty()
            || name.indexOf(delimiter) >= 0
            || name.indexOf('"') >= 0
            || name.indexOf('\n') >= 0
            || name.indexOf('\r') >= 0
            || name.charAt(0) == ' '
            || name.endsWith(" ");
    return quote ? '"' + name.replace("\"", "\"\"") + '"' : name;
  }

  /** Rows converted per step. */
  private static final int BLOCK_ROWS = 1024;

  private void writeRows(Writer w, Tensor[] matrices) throws IOException {
    int rows = matrices[0].shape()[0];
    StringBuilder line = new StringBuilder();
    for (int start = 0; start < rows; start += BLOCK_ROWS) {
      int k = Math.min(BLOCK_ROWS, rows - start);
      String[][] cells = new String[matrices.length][];
      for (int m = 0; m < matrices.length; m++) {
        cells[m] = text(matrices[m].detach().narrow(0, start, k));
      }
      for (int r = 0; r < k; r++) {
        line.setLength(0);
        for (int m = 0; m < matrices.length; m++) {
          int width = matrices[m].shape()[1];
          for (int c = 0; c < width; c++) {
            if (m > 0 || c > 0) line.append(delimiter);
            line.append(cells[m][r * width + c]);
          }
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /** The values of {@code t}, row-major, as the text written for its type. */
  private static String[] text(Tensor t) {
    int n = t.numel();
    String[] out = new String[n];
    if (t.dtype() == DType.FLOAT32) {
      float[] v = t.toFloatArray();
      for (int i = 0; i < n; i++) out[i] = ShortestDecimal.of(v[i]);
      return out;
    }
    double[] v = t.toDoubleArray();
    for (int i = 0; i < n; i++) {
      out[i] = t.dtype() == DType.FLOAT64 ? ShortestDecimal.of(v[i]) : Long.toString((long) v[i]);
    }
    return out;
  }

  /** The delimiter, if it is one a CSV file can have; {@code call} names the setter. */
  static char checkedDelimiter(String call, char delimiter) {
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == ' ') {
      String shown = delimiter == '\r' ? "CR" : delimiter == '\n' ? "LF" : "'" + delimiter + "'";
      throw new IllegalArgumentException(
          call + ": " + shown + " cannot separate fields (the quote, CR, LF and space cannot)");
    }
    if (Character.isLetterOrDigit(delimiter) || "+-.".indexOf(delimiter) >= 0) {
      throw new IllegalArgumentException(
          call
              + ": '"
              + delimiter
              + "' cannot separate fields: numbers are written with it (letters, digits, +, -"
              + " and . cannot)");
    }
    return delimiter;
  }

  /**
   * The options of a {@link CsvWriter}; each setter returns this builder.
   *
   * <pre>{@code
   * CsvWriter csv = CsvWriter.builder().delimiter(';').header("x", "y").build();
   * }</pre>
   */
  public static final class Builder {
    private char delimiter = ',';
    private List<String> header;

    private Builder() {}

    /**
     * The character between fields (default {@code ','}).
     *
     * @param delimiter any character but {@code "}, CR, LF, space, letters, digits, {@code +},
     *     {@code -} and {@code .}
     * @return this builder
     * @throws IllegalArgumentException for one of those
     */
    public Builder delimiter(char delimiter) {
      this.delimiter = checkedDelimiter("CsvWriter.Builder.delimiter", delimiter);
      return this;
    }

    /**
     * The header line's column names (default: no header line).
     *
     * @param names one name per column written, in order
     * @return this builder
     * @throws IllegalArgumentException if {@code names} or a name is null
     */
    public Builder header(String... names) {
      IoChecks.nonNull("CsvWriter.Builder.header", "names", names);
      for (int i = 0; i < names.length; i++) {
        IoChecks.nonNull("CsvWriter.Builder.header", "name " + i, names[i]);
      }
      this.header = List.of(names);
      return this;
    }

    /**
     * The writer with these options.
     *
     * @return a new writer
     */
    public CsvWriter build() {
      return new CsvWriter(this);
    }
  }
}
