package dev.autograd.data.io;

import dev.autograd.DType;
import java.util.Arrays;
import java.util.List;

/**
 * A set of CSV columns that {@link CsvReader} reads into one tensor, and that tensor's type. The
 * columns are chosen by name (the header's) or by index (0 is the first; a negative index counts
 * from the end, -1 is the last), and given in the order wanted.
 *
 * <pre>{@code
 * CsvColumns features = CsvColumns.columns("x1", "x2", "x3");    // a [rows, 3] tensor
 * CsvColumns target = CsvColumns.column("label").as(DType.INT64); // a [rows] tensor
 * CsvColumns pixels = CsvColumns.from(1);                         // column 1 to the last
 * }</pre>
 *
 * <p>The type is FLOAT32, FLOAT64 or INT64, or, without {@link #as(DType)}, inferred from the
 * cells: INT64 when every cell of the set is an integer (and none is missing), FLOAT32, the default
 * type, otherwise. Instances are immutable.
 */
public final class CsvColumns {
  /** How the columns are named. */
  enum By {
    NAME,
    INDEX,
    FROM
  }

  final By by;
  final List<String> names;
  final int[] indices;
  final boolean vector;
  final DType dtype;

  private CsvColumns(By by, List<String> names, int[] indices, boolean vector, DType dtype) {
    this.by = by;
    this.names = names;
    this.indices = indices;
    this.vector = vector;
    this.dtype = dtype;
  }

  /**
   * Columns by their header names, read into a 2-D tensor of shape {@code [rows, names.length]}.
   *
   * @param names one or more names of the header, each once
   * @return the selection, its type inferred
   * @throws IllegalArgumentException if there are no names, or one is null or given twice
   */
  public static CsvColumns columns(String... names) {
    return new CsvColumns(By.NAME, checkedNames("CsvColumns.columns", names), null, false, null);
  }

  /**
   * Columns by index, read into a 2-D tensor of shape {@code [rows, indices.length]}.
   *
   * @param indices one or more indices, 0 for the first column, negative counting from the end
   * @return the selection, its type inferred
   * @throws IllegalArgumentException if there are no indices or one is given twice
   */
  public static CsvColumns columns(int... indices) {
    return new CsvColumns(
        By.INDEX, null, checkedIndices("CsvColumns.columns", indices), false, null);
  }

  /**
   * One column by its header name, read into a 1-D tensor of shape {@code [rows]} (the usual form
   * of a target, such as class labels).
   *
   * @param name a name of the header
   * @return the selection, its type inferred
   * @throws IllegalArgumentException if {@code name} is null
   */
  public static CsvColumns column(String name) {
    return new CsvColumns(By.NAME, checkedNames("CsvColumns.column", name), null, true, null);
  }

  /**
   * One column by index, read into a 1-D tensor of shape {@code [rows]}.
   *
   * @param index 0 for the first column, negative counting from the end (-1: the last)
   * @return the selection, its type inferred
   */
  public static CsvColumns column(int index) {
    return new CsvColumns(By.INDEX, null, new int[] {index}, true, null);
  }

  /**
   * The columns from {@code first} to the last, read into a 2-D tensor; {@code from(0)} is every
   * column.
   *
   * @param first the first column, 0 or more, or negative counting from the end
   * @return the selection, its type inferred
   */
  public static CsvColumns from(int first) {
    return new CsvColumns(By.FROM, null, new int[] {first}, false, null);
  }

  /**
   * The same columns read as {@code dtype}.
   *
   * @param dtype FLOAT32, FLOAT64 or INT64; every cell must then be a number of that type (an INT64
   *     cell an integer within ±2^53, where this library's INT64 tensors stop being exact)
   * @return a new selection
   * @throws IllegalArgumentException if {@code dtype} is null or BOOL
   */
  public CsvColumns as(DType dtype) {
    IoChecks.nonNull("CsvColumns.as", "dtype", dtype);
    if (dtype == DType.BOOL) {
      throw new IllegalArgumentException(
          "CsvColumns.as: CSV columns are read as FLOAT32, FLOAT64 or INT64, not BOOL");
    }
    return new CsvColumns(by, names, indices, vector, dtype);
  }

  /**
   * What the selection is, as it was made: {@code columns("x1", "x2")}, {@code column(-1) as
   * INT64}.
   */
  @Override
  public String toString() {
    String args;
    if (by == By.NAME) {
      StringBuilder s = new StringBuilder();
      for (String n : names) s.append(s.length() > 0 ? ", " : "").append('"').append(n).append('"');
      args = s.toString();
    } else {
      args = Arrays.toString(indices).replaceAll("[\\[\\]]", "");
    }
    String call = by == By.FROM ? "from" : vector ? "column" : "columns";
    return call + "(" + args + ")" + (dtype == null ? "" : " as " + dtype);
  }

  private static List<String> checkedNames(String call, String... names) {
    IoChecks.nonNull(call, "names", names);
    if (names.length == 0) throw new IllegalArgumentException(call + ": no column names given");
    for (int i = 0; i < names.length; i++) {
      IoChecks.nonNull(call, "name " + i, names[i]);
      for (int j = 0; j < i; j++) {
        if (names[j].equals(names[i])) {
          throw new IllegalArgumentException(
              call + ": the column \"" + names[i] + "\" is given twice");
        }
      }
    }
    return List.of(names);
  }

  private static int[] checkedIndices(String call, int... indices) {
    IoChecks.nonNull(call, "indices", indices);
    if (indices.length == 0) throw new IllegalArgumentException(call + ": no column indices given");
    for (int i = 0; i < indices.length; i++) {
      for (int j = 0; j < i; j++) {
        if (indices[j] == indices[i]) {
          throw new IllegalArgumentException(
              call + ": the column index " + indices[i] + " is given twice");
        }
      }
    }
    return indices.clone();
  }
}
