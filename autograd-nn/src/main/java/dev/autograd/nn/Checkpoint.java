package dev.autograd.nn;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to resume training, in one file: the counterpart of PyTorch's {@code
 * torch.save} of a dict of state dicts. A checkpoint is a map whose values may be tensors, numbers,
 * booleans, strings, and lists and maps of these, nested: exactly what {@link Module#stateDict()},
 * {@code Optimizer.stateDict()} and the schedulers' {@code stateDict()} return.
 *
 * <pre>{@code
 * Map<String, Object> state = new LinkedHashMap<>();
 * state.put("model", model.stateDict());
 * state.put("optimizer", optimizer.stateDict());
 * state.put("scheduler", scheduler.stateDict());
 * state.put("epoch", epoch);
 * state.put("generator", Generator.global().getState()); // where dropout and shuffling are
 * Checkpoint.save(Path.of("run/checkpoint.agck"), state);
 *
 * // later, in a new run, with the model, optimizer and scheduler built as before:
 * Map<String, Object> saved = Checkpoint.load(Path.of("run/checkpoint.agck"));
 * model.loadStateDict(Checkpoint.tensors(saved, "model"), true);
 * optimizer.loadStateDict(Checkpoint.map(saved, "optimizer"));
 * scheduler.loadStateDict(Checkpoint.map(saved, "scheduler"));
 * Checkpoint.restoreGenerator(saved, "generator", Generator.global());
 * int epoch = (Integer) saved.get("epoch");
 * }</pre>
 *
 * <p>With the generators' states saved and restored, the resumed run draws the same dropout masks
 * and batches as one that never stopped, so it goes on bit for bit. {@link #restoreGenerator}
 * leaves the generator as it is for a checkpoint saved without its state (as those written before
 * {@link Generator#getState()} existed are).
 *
 * <p>Values come back with the types they were saved with: {@link Tensor} (its dtype, shape and
 * values; not requiring grad), {@link Double}, {@link Long}, {@link Integer}, {@link Boolean},
 * {@link String}, {@link List} and {@link Map} (in their saved order, keys {@link String} or {@link
 * Integer}, as the optimizer's state is keyed by parameter position). A {@link Float} is saved as a
 * Double. The file is written and checked as {@link StateDictFile}'s is (atomically, streamed, with
 * the magic "AGCK", version, length, CRC-32; see {@link BinaryFiles}); the body is one value, each
 * value a type byte followed by its data.
 */
public final class Checkpoint {
  private static final byte[] MAGIC = "AGCK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final String KIND = "checkpoint file";

  private static final byte TENSOR = 1;
  private static final byte DOUBLE = 2;
  private static final byte LONG = 3;
  private static final byte INT = 4;
  private static final byte BOOLEAN = 5;
  private static final byte STRING = 6;
  private static final byte LIST = 7;
  private static final byte MAP = 8;

  /** Deeper nesting than this is refused on reading: no state dict comes near it. */
  private static final int MAX_DEPTH = 64;

  private Checkpoint() {}

  /**
   * Writes {@code state} to {@code path} atomically: a crash leaves the old file or the new one,
   * never half of one; missing parent folders are created.
   *
   * @param path the file to write; an existing file is replaced (through a symbolic link, the file
   *     it points to), keeping its permissions
   * @param state the values to save, under their names
   * @throws IllegalArgumentException if a value (at any depth) is null or of a type not listed in
   *     the class description, a map key is neither a String nor an Integer, or lists and maps nest
   *     deeper than 64 levels (as one that contains itself does); the message gives the path, such
   *     as {@code optimizer.state.0.expAvg}, and nothing is written
   * @throws IOException if the file cannot be written; an existing file is then left as it was
   * @throws TensorException if {@code path} or {@code state} is null
   */
  public static void save(Path path, Map<String, ?> state) throws IOException {
    Arguments.requireNonNull("Checkpoint.save", "path", path);
    Arguments.requireNonNull("Checkpoint.save", "state", state);
    BinaryFiles.write(path, MAGIC, VERSION, out -> write(out, state, "", 0));
  }

  /**
   * Reads a file written by {@link #save}. The header is checked against the file's size before
   * anything else is read, and tensor values are read straight into the new tensors.
   *
   * @param path the file to read
   * @return a new map, its values as described in the class description
   * @throws IOException if the file cannot be read
   * @throws TensorException if {@code path} is null, or the file is not a checkpoint, is truncated
   *     or damaged, fails its checksum, or is malformed; the message says which
   */
  public static Map<String, Object> load(Path path) throws IOException {
    Arguments.requireNonNull("Checkpoint.load", "path", path);
    return BinaryFiles.read(path, MAGIC, VERSION, KIND, in -> decode(in, path.toString()));
  }

  /**
   * Sets {@code generator} to the state saved under {@code key} with {@link Generator#getState()},
   * if there is one: resuming a run, the generator then draws what it would have drawn had the run
   * not stopped.
   *
   * @param checkpoint a loaded checkpoint
   * @param key the name the state was saved under
   * @param generator the generator to set, such as {@link Generator#global()}
   * @return true if the state was restored; false if the checkpoint has nothing under {@code key}
   *     (saved without it), leaving the generator unchanged
   * @throws IllegalArgumentException if the value under {@code key} is not a generator state
   * @throws TensorException if an argument is null
   */
  public static boolean restoreGenerator(
      Map<String, Object> checkpoint, String key, Generator generator) {
    Arguments.requireNonNull("Checkpoint.restoreGenerator", "checkpoint", checkpoint);
    Arguments.requireNonNull("Checkpoint.restoreGenerator", "key", key);
    Arguments.requireNonNull("Checkpoint.restoreGenerator", "generator", generator);
    if (!checkpoint.containsKey(key)) return false;
    Object value = checkpoint.get(key);
    if (!(value instanceof Tensor)) {
      throw new IllegalArgumentException(
          "Checkpoint: '"
              + key
              + "' is not a generator state (a Tensor from Generator.getState()): "
              + describe(value));
    }
    try {
      generator.setState((Tensor) value);
    } catch (TensorException e) {
      throw new IllegalArgumentException(
          "Checkpoint: '" + key + "' is not a generator state: " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * The map of tensors under {@code key}, such as a model's state dict, for {@link
   * Module#loadStateDict(Map, boolean)}.
   *
   * @param checkpoint a loaded checkpoint
   * @param key the name it was saved under
   * @return the map under {@code key}
   * @throws IllegalArgumentException if there is no map of tensors with String keys under {@code
   *     key}
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Tensor> tensors(Map<String, Object> checkpoint, String key) {
    Arguments.requireNonNull("Checkpoint.tensors", "checkpoint", checkpoint);
    Arguments.requireNonNull("Checkpoint.tensors", "key", key);
    Map<String, Object> map = map(checkpoint, key);
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (!(e.getValue() instanceof Tensor)) {
        throw new IllegalArgumentException(
            "Checkpoint: '"
                + key
                + "."
                + e.getKey()
                + "' is not a tensor: "
                + describe(e.getValue()));
      }
    }
    return (Map<String, Tensor>) (Map<String, ?>) map;
  }

  /**
   * The map under {@code key}, such as an optimizer's or a scheduler's state dict.
   *
   * @param checkpoint a loaded checkpoint
   * @param key the name it was saved under
   * @return the map under {@code key}
   * @throws IllegalArgumentException if there is no map with String keys under {@code key}
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Map<String, Object> checkpoint, String key) {
    Arguments.requireNonNull("Checkpoint.map", "checkpoint", checkpoint);
    Arguments.requireNonNull("Checkpoint.map", "key", key);
    Object value = checkpoint.get(key);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(
          "Checkpoint: no map under '"
              + key
              + "': "
              + describe(value)
              + "; keys "
              + checkpoint.keySet());
    }
    for (Object k : ((Map<?, ?>) value).keySet()) {
      if (!(k instanceof String)) {
        throw new IllegalArgumentException(
            "Checkpoint: the map under '"
                + key
                + "' has a key that is not a String: "
                + describe(k));
      }
    }
    return (Map<String, Object>) value;
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }

  // ------------------------------------------------------------------ writing

  private static void write(BinaryFiles.BodyOutput out, Object v, String path, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      // NOTE: also what a list or map that contains itself comes to
      throw new IllegalArgumentException(
          "Checkpoint.save: the value at " + path + " nests deeper than " + MAX_DEPTH + " levels");
    }
    if (v instanceof Tensor) {
      out.writeByte(TENSOR);
      out.writeTensor((Tensor) v);
    } else if (v instanceof Double || v instanceof Float) {
      out.writeByte(DOUBLE);
      out.writeDouble(((Number) v).doubleValue());
    } else if (v instanceof Long) {
      out.writeByte(LONG);
      out.writeLong((Long) v);
    } else if (v instanceof Integer) {
      out.writeByte(INT);
      out.writeInt((Integer) v);
    } else if (v instanceof Boolean) {
      out.writeByte(BOOLEAN);
      out.writeBoolean((Boolean) v);
    } else if (v instanceof String) {
      out.writeByte(STRING);
      writeString(out, (String) v);
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (int i = 0; i < list.size(); i++) write(out, list.get(i), join(path, i), depth + 1);
    } else if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = e.getKey();
        if (key instanceof String) {
          out.writeByte(STRING);
          writeString(out, (String) key);
        } else if (key instanceof Integer) {
          out.writeByte(INT);
          out.writeInt((Integer) key);
        } else {
          throw new IllegalArgumentException(
              "Checkpoint.save: a key of the map at "
                  + (path.isEmpty() ? "the top" : path)
                  + " is "
                  + describe(key)
                  + "; keys are Strings or Integers");
        }
        write(out, e.getValue(), join(path, key), depth + 1);
      }
    } else {
      throw new IllegalArgumentException(
          "Checkpoint.save: the value at "
              + path
              + " is "
              + describe(v)
              + "; a checkpoint holds Tensors, Doubles, Longs, Integers, Booleans, Strings, and"
              + " Lists and Maps of these");
    }
  }

  private static String join(String path, Object key) {
    return path.isEmpty() ? String.valueOf(key) : path + "." + key;
  }

  private static void writeString(BinaryFiles.BodyOutput out, String s) throws IOException {
    out.writeSized(s.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ reading

  @SuppressWarnings("unchecked")
  private static Map<String, Object> decode(BinaryFiles.BodyInput in, String source) {
    String[] at = {"(top)"};
    try {
      Object top = read(in, source, "", 0, at);
      if (!(top instanceof Map)
          || !((Map<?, ?>) top).keySet().stream().allMatch(k -> k instanceof String)) {
        throw new TensorException(
            "load: " + source + " does not hold a map with String keys at the top");
      }
      if (in.hasRemaining()) {
        throw new TensorException(
            "load: " + source + " has " + in.remaining() + " unread bytes after its values");
      }
      return (Map<String, Object>) top;
    } catch (BufferUnderflowException e) {
      throw new TensorException("load: " + source + " is malformed: it ends inside " + at[0]);
    }
  }

  /** Reads one value; {@code at[0]} tracks where reading is, for the message of a short file. */
  private static Object read(
      BinaryFiles.BodyInput in, String source, String path, int depth, String[] at) {
    if (depth > MAX_DEPTH) {
      throw new TensorException(
          "load: " + source + " nests deeper than " + MAX_DEPTH + " at " + path);
    }
    at[0] = path.isEmpty() ? "(top)" : path;
    byte type = in.readByte();
    switch (type) {
      case TENSOR:
        return in.readTensor(path, source);
      case DOUBLE:
        return in.readDouble();
      case LONG:
        return in.readLong();
      case INT:
        return in.readInt();
      case BOOLEAN:
        return in.readByte() != 0;
      case STRING:
        return readString(in);
      case LIST:
        {
          int n = count(in, source, path);
          List<Object> list = new ArrayList<>(Math.min(n, 1024));
          for (int i = 0; i < n; i++) list.add(read(in, source, join(path, i), depth + 1, at));
          return Collections.unmodifiableList(list);
        }
      case MAP:
        {
          int n = count(in, source, path);
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            byte keyType = in.readByte();
            Object key;
            if (keyType == STRING) {
              key = readString(in);
            } else if (keyType == INT) {
              key = in.readInt();
            } else {
              throw new TensorException(
                  "load: "
                      + source
                      + ": a key of the map at "
                      + at[0]
                      + " has the type code "
                      + keyType);
            }
            if (map.containsKey(key)) {
              throw new TensorException(
                  "load: " + source + ": '" + join(path, key) + "' appears twice");
            }
            map.put(key, read(in, source, join(path, key), depth + 1, at));
          }
          return map;
        }
      default:
        throw new TensorException(
            "load: " + source + ": the value at " + at[0] + " has an unknown type code " + type);
    }
  }

  private static int count(BinaryFiles.BodyInput in, String source, String path) {
    int n = in.readInt();
    if (n < 0) throw new TensorException("load: " + source + ": a negative length at " + path);
    return n;
  }

  private static String readString(BinaryFiles.BodyInput in) {
    return BinaryFiles.utf8(in.readSized());
  }
}
