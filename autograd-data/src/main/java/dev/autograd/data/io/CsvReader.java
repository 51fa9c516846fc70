package dev.autograd.data.io;

import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.data.TensorDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV files into tensors: each {@link CsvColumns} selection of columns becomes one tensor,
 * such as the features and the target of a data set.
 *
 * <pre>{@code
 * // iris.csv: sepal_length,sepal_width,petal_length,petal_width,species
 * CsvReader csv = CsvReader.builder().build();   // a header line, ',' between fields
 * List<Tensor> xy = csv.read(Path.of("iris.csv"),
 *     CsvColumns.columns("sepal_length", "sepal_width", "petal_length", "petal_width"),
 *     CsvColumns.column("species").as(DType.INT64));
 * Tensor x = xy.get(0);                          // FLOAT32 [150, 4]
 * Tensor y = xy.get(1);                          // INT64 [150]
 * TensorDataset data = csv.readDataset(Path.of("iris.csv"),
 *     CsvColumns.columns(0, 1, 2, 3), CsvColumns.column(-1).as(DType.INT64));
 * }</pre>
 *
 * <p>The format is RFC 4180's, read as UTF-8 (a byte order mark is skipped): records end with CRLF,
 * LF or CR; a field that starts with {@code "} is quoted and may hold the delimiter, line breaks
 * and doubled quotes ({@code ""} for one {@code "}), and must end at a delimiter or the end of its
 * record; a {@code "} inside an unquoted field is an ordinary character. Empty lines are skipped.
 * Every record must have as many fields as the first (the header, if there is one).
 *
 * <p>The cells of the selected columns are numbers: {@code 1.5}, {@code -2}, {@code 3e-4}, {@code
 * .5}, and {@code nan}, {@code inf}, {@code infinity} in any case and with a sign, with spaces
 * around them allowed. Parsing does not depend on the default locale (the decimal separator is
 * always {@code .}), each value is the nearest of its type to the decimal (a FLOAT32 cell is read
 * as a float directly, not through a double), and an INT64 cell must be an integer within ±2^53.
 * Other columns are not parsed, so they may hold any text. An empty cell is a missing value: an
 * error, or NaN in a float column with {@link Builder#missingAsNaN(boolean)}.
 *
 * <p>A problem fails with a {@link TensorException} naming the call, the file, the line, the column
 * (its name and index) and the text found: a cell that is not a number of its column's type, a
 * missing value, a record with more or fewer fields than the first, a quoted field never closed or
 * followed by other text; a name or index that selects no column fails with an {@link
 * IllegalArgumentException} listing the columns there are. Instances are immutable and may be used
 * from several threads.
 */
public final class CsvReader {
  private final boolean header;
  private final char delimiter;
  private final boolean missingAsNaN;

  private CsvReader(Builder b) {
    this.header = b.header;
    this.delimiter = b.delimiter;
    this.missingAsNaN = b.missingAsNaN;
  }

  /**
   * A builder with the defaults: a header line, {@code ','} between fields, missing values refused.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every column of {@code path} into one 2-D tensor of shape {@code [rows, columns]}, its
   * type inferred (as {@code read(path, CsvColumns.from(0))}).
   *
   * @param path the CSV file
   * @return the tensor
   * @throws IOException if the file cannot be read
   * @throws TensorException for a bad cell or record (see the class description)
   * @throws IllegalArgumentException if {@code path} is null
   */
  public Tensor read(Path path) throws IOException {
    return read("CsvReader.read", path, new CsvColumns[] {CsvColumns.from(0)}).get(0);
  }

  /**
   * Reads the selected columns of {@code path}, one tensor per selection.
   *
   * @param path the CSV file
   * @param selections one or more selections; a column may be in several
   * @return a new list of tensors, one per selection in that order: {@code [rows]} for a {@link
   *     CsvColumns#column} selection, {@code [rows, n]} for the others; their types those of the
   *     selections
   * @throws IOException if the file cannot be read
   * @throws TensorException for a bad cell or record (see the class description)
   * @throws IllegalArgumentException if an argument is null, no selection is given, or a selection
   *     names a column the file does not have (or names by header name and there is no header)
   */
  public List<Tensor> read(Path path, CsvColumns... selections) throws IOException {
    return read("CsvReader.read", path, selections);
  }

  /**
   * Reads the selected columns of {@code path} into a data set whose sample {@code i} holds row
   * {@code i} of each selection's tensor, as {@code new TensorDataset(read(path, selections)...)}.
   *
   * @param path the CSV file
   * @param selections one or more selections, such as the features and the target
   * @return the data set
   * @throws IOException if the file cannot be read
   * @throws TensorException for a bad cell or record (see the class description)
   * @throws IllegalArgumentException as {@link #read(Path, CsvColumns...)}
   */
  public TensorDataset readDataset(Path path, CsvColumns... selections) throws IOException {
    return new TensorDataset(
        read("CsvReader.readDataset", path, selections).toArray(new Tensor[0]));
  }

  private List<Tensor> read(String call, Path path, CsvColumns[] selections) throws IOException {
    IoChecks.nonNull(call, "path", path);
    IoChecks.nonNull(call, "selections", selections);
    if (selections.length == 0) throw new IllegalArgumentException(call + ": no columns selected");
    for (int i = 0; i < selections.length; i++) {
      IoChecks.nonNull(call, "selection " + i, selections[i]);
    }
    String where = call + ": " + path;
    try (Reader in = utf8(path)) {
      CsvRecords records = new CsvRecords(in, delimiter, where);
      boolean any = records.next();
      if (!any && header) {
        throw new TensorException(where + ": the file is empty, with no header line");
      }
      List<String> names = header ? List.copyOf(records.fields) : null;
      int width = any ? records.fields.size() : 0;
      int firstLine = records.recordLine;
      String first = header ? "the header" : "the first record";
      List<int[]> columns = new ArrayList<>();
      List<CsvCells> cells = new ArrayList<>();
      for (CsvColumns s : selections) {
        int[] resolved = resolve(call, path, s, names, width);
        columns.add(resolved);
        cells.add(new CsvCells(where, names, s, resolved.length, missingAsNaN));
      }
      boolean row = any && !header;
      while (row || records.next()) {
        row = false;
        if (records.fields.size() != width) {
          throw new TensorException(
              where
                  + ": line "
                  + records.recordLine
                  + " has "
                  + records.fields.size()
                  + " fields, expected "
                  + width
                  + " as "
                  + first
                  + " on line "
                  + firstLine
                  + " has");
        }
        for (int s = 0; s < columns.size(); s++) {
          CsvCells target = cells.get(s);
          for (int c : columns.get(s)) {
            target.add(records.fields.get(c), records.fieldLine(c), c);
          }
        }
      }
      List<Tensor> out = new ArrayList<>();
      for (CsvCells c : cells) out.add(c.tensor());
      return out;
    } catch (CharacterCodingException e) {
      throw new TensorException(where + ": the file is not valid UTF-8 text", e);
    }
  }

  private static Reader utf8(Path path) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            Files.newInputStream(path),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)),
        1 << 16);
  }

  /** The column indices {@code s} selects in a file of {@code width} columns. */
  private static int[] resolve(
      String call, Path path, CsvColumns s, List<String> names, int width) {
    String problem = call + ": " + path + ": " + s + ": ";
    switch (s.by) {
      case NAME:
        {
          if (names == null) {
            throw new IllegalArgumentException(
                problem
                    + "the reader has no header (header(false)), so columns are chosen by index");
          }
          int[] out = new int[s.names.size()];
          for (int i = 0; i < out.length; i++) {
            String name = s.names.get(i);
            int at = names.indexOf(name);
            if (at < 0) {
              throw new IllegalArgumentException(
                  problem + "no column is named \"" + name + "\"; the header has " + names);
            }
            if (names.lastIndexOf(name) != at) {
              throw new IllegalArgumentException(
                  problem
                      + "the header names columns "
                      + at
                      + " and "
                      + names.lastIndexOf(name)
                      + " \""
                      + name
                      + "\"; choose one by index");
            }
            out[i] = at;
          }
          return out;
        }
      case FROM:
        {
          int first = index(problem, s.indices[0], width, true);
          int[] out = new int[width - first];
          for (int i = 0; i < out.length; i++) out[i] = first + i;
          if (out.length == 0) {
            throw new IllegalArgumentException(problem + "selects no column of the " + width);
          }
          return out;
        }
      default:
        {
          int[] out = new int[s.indices.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = index(problem, s.indices[i], width, false);
            for (int j = 0; j < i; j++) {
              if (out[j] == out[i]) {
                throw new IllegalArgumentException(
                    problem
                        + "indices "
                        + s.indices[j]
                        + " and "
                        + s.indices[i]
                        + " are one column");
              }
            }
          }
          return out;
        }
    }
  }

  private static int index(String problem, int index, int width, boolean endAllowed) {
    int at = index < 0 ? index + width : index;
    if (at < 0 || at > width || (at == width && !endAllowed)) {
      throw new IllegalArgumentException(
          problem
              + "the column index "
              + index
              + " is out of range for a file of "
              + width
              + " columns (indices "
              + -width
              + " to "
              + (width - 1)
              + ")");
    }
    return at;
  }

  /**
   * The options of a {@link CsvReader}; each setter returns this builder.
   *
   * <pre>{@code
   * CsvReader csv = CsvReader.builder().header(false).delimiter(';').missingAsNaN(true).build();
   * }</pre>
   */
  public static final class Builder {
    private boolean header = true;
    private char delimiter = ',';
    private boolean missingAsNaN;

    private Builder() {}

    /**
     * Whether the first record is a header of column names (default true). Without one, columns are
     * chosen by index.
     *
     * @param header true if the first record names the columns
     * @return this builder
     */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /**
     * The character between fields (default {@code ','}); {@code ';'} and {@code '\t'} are common.
     *
     * @param delimiter any character but {@code "}, CR, LF, space, letters, digits, {@code +},
     *     {@code -} and {@code .}
     * @return this builder
     * @throws IllegalArgumentException for one of those
     */
    public Builder delimiter(char delimiter) {
      this.delimiter = CsvWriter.checkedDelimiter("CsvReader.Builder.delimiter", delimiter);
      return this;
    }

    /**
     * Whether an empty cell of a float column is read as NaN (default false: it is an error naming
     * the line and column). An INT64 column cannot hold NaN: a missing value there is an error
     * either way, and a column of inferred type with a missing value is read as FLOAT32.
     *
     * @param missingAsNaN true to read missing values as NaN
     * @return this builder
     */
    public Builder missingAsNaN(boolean missingAsNaN) {
      this.missingAsNaN = missingAsNaN;
      return this;
    }

    /**
     * The reader with these options.
     *
     * @return a new reader
     */
    public CsvReader build() {
      return new CsvReader(this);
    }
  }
}
