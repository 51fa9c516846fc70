package dev.autograd.data.io;

import dev.autograd.TensorException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of CSV text, one at a time, as RFC 4180 defines them: fields separated by the
 * delimiter, records by CRLF, LF or CR; a field that starts with a double quote is quoted, may hold
 * the delimiter, line breaks and doubled quotes ({@code ""} for one), and must be followed by the
 * delimiter or the end of the record. A quote inside an unquoted field is an ordinary character.
 * Empty lines are skipped.
 */
final class CsvRecords {
  private static final int EOF = -1;

  private final Reader in;
  private final char delimiter;
  private final String where;
  private final char[] buffer = new char[1 << 16];
  private int pos;
  private int len;
  private int line = 1;
  private boolean started;

  /** The fields of the current record, and the line each starts on. */
  final List<String> fields = new ArrayList<>();

  private int[] fieldLines = new int[16];

  /** The line the current record starts on. */
  int recordLine;

  CsvRecords(Reader in, char delimiter, String where) {
    this.in = in;
    this.delimiter = delimiter;
    this.where = where;
  }

  /** The line field {@code i} of the current record starts on. */
  int fieldLine(int i) {
    return fieldLines[i];
  }

  /**
   * Reads the next record into {@link #fields}.
   *
   * @return false at the end of the text
   * @throws TensorException for a quoted field that is not closed or is followed by other text
   */
  boolean next() throws IOException {
    fields.clear();
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') pos++; // a byte order mark
    }
    while (true) {
      int c = peek();
      if (c == EOF) return false;
      if (c != '\n' && c != '\r') break;
      pos++;
      endOfLine(c);
    }
    recordLine = line;
    StringBuilder field = new StringBuilder();
    while (true) {
      int start = line;
      field.setLength(0);
      int c = read();
      if (c == '"') {
        c = quoted(field, start);
      } else {
        while (c != EOF && c != delimiter && c != '\n' && c != '\r') {
          field.append((char) c);
          c = read();
        }
      }
      add(field.toString(), start);
      if (c == delimiter) continue;
      if (c != EOF) endOfLine(c);
      return true;
    }
  }

  /** Reads a quoted field's content after its opening quote; returns the character after it. */
  private int quoted(StringBuilder field, int start) throws IOException {
    while (true) {
      int c = read();
      if (c == EOF) {
        throw new TensorException(
            where + ": the quoted field that opens on line " + start + " is never closed");
      }
      if (c == '"') {
        if (peek() == '"') {
          pos++;
          field.append('"');
          continue;
        }
        int after = read();
        if (after != EOF && after != delimiter && after != '\n' && after != '\r') {
          throw new TensorException(
              where
                  + ": line "
                  + line
                  + ": '"
                  + (char) after
                  + "' after the closing quote of a quoted field; a quoted field ends at a"
                  + " delimiter or the end of its record (a quote inside it is written \"\")");
        }
        return after;
      }
      field.append((char) c);
      if (c == '\r' && peek() == '\n') {
        pos++;
        field.append('\n');
      }
      if (c == '\n' || c == '\r') line++;
    }
  }

  /** Counts the line break {@code c} (already read), taking the LF of a CRLF. */
  private void endOfLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') pos++;
    line++;
  }

  private void add(String field, int start) {
    if (fields.size() == fieldLines.length) {
      fieldLines = Arrays.copyOf(fieldLines, fieldLines.length * 2);
    }
    fieldLines[fields.size()] = start;
    fields.add(field);
  }

  private int read() throws IOException {
    int c = peek();
    if (c != EOF) pos++;
    return c;
  }

  private int peek() throws IOException {
    if (pos == len) {
      len = in.read(buffer, 0, buffer.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return EOF;
      }
    }
    return buffer[pos];
  }
}
