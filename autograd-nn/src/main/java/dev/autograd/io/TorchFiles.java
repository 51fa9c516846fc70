package dev.autograd.io;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import dev.autograd.internal.Arguments;
import dev.autograd.internal.AtomicFiles;
import dev.autograd.internal.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads and writes the files of PyTorch's {@code torch.save} ({@code .pt}, {@code .pth}), without
 * PyTorch and without running anything the file names.
 *
 * <p>Since PyTorch 1.6 such a file is a zip archive with one top folder holding {@code data.pkl}
 * (the saved object, pickled), {@code data/<key>} (the raw bytes of each tensor storage), {@code
 * version} and, since PyTorch 2.1, {@code byteorder} ({@code little} or {@code big}; little when
 * absent). Reading follows {@code torch.load(weights_only=True)}: the pickle may rebuild plain data
 * (None, bool, int, float, str, bytes, tuples, lists, dicts, {@code OrderedDict}) and tensors, and
 * nothing else. Any other global ({@code os.system}, {@code builtins.eval}, a user's class) is
 * refused by name before anything is built, and nothing in the file is ever looked up or run.
 *
 * <p>Tensors are rebuilt with their storage offset, sizes and strides, so several tensors that view
 * one storage (slices, transposes, tied weights) each get the right values; each is loaded as a
 * tensor of its own. Element types become this library's:
 *
 * <table>
 * <caption>torch dtypes on load</caption>
 * <tr><th>in the file</th><th>loaded as</th></tr>
 * <tr><td>float32</td><td>{@link DType#FLOAT32}</td></tr>
 * <tr><td>float64</td><td>{@link DType#FLOAT64}</td></tr>
 * <tr><td>float16, bfloat16</td><td>{@link DType#FLOAT32} (every value exactly)</td></tr>
 * <tr><td>int64, int32, int16, int8, uint8</td><td>{@link DType#INT64}; a value beyond ±2^53,
 *     which INT64 cannot hold exactly, is refused</td></tr>
 * <tr><td>bool</td><td>{@link DType#BOOL}</td></tr>
 * </table>
 *
 * <p>Complex, quantized, sparse and meta tensors are refused by name. Storages saved on a GPU
 * ({@code location} {@code cuda:0}) load on the CPU, as {@code map_location="cpu"} does.
 *
 * <pre>{@code
 * // Python: torch.save(model.state_dict(), "mlp.pt")
 * Module model = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
 * model.loadStateDict(TorchFiles.loadStateDict(Path.of("mlp.pt")), true);
 * TorchFiles.save(Path.of("back.pt"), model.stateDict()); // torch.load("back.pt", weights_only=True)
 * }</pre>
 *
 * <p>Legacy files ({@code _use_new_zipfile_serialization=False}) and TorchScript archives ({@code
 * torch.jit.save}) are recognised and refused with a message saying so.
 */
public final class TorchFiles {
  /** The deflate format cannot expand data by more than about 1032 to 1. */
  private static final long MAX_DEFLATE_RATIO = 1100;

  private static final byte[] LEGACY_MAGIC = {
    (byte) 0x80,
    0x02,
    (byte) 0x8a,
    0x0a,
    0x6c,
    (byte) 0xfc,
    (byte) 0x9c,
    0x46,
    (byte) 0xf9,
    0x20,
    0x6a,
    (byte) 0xa8,
    0x50,
    0x19
  };

  private TorchFiles() {}

  /**
   * Reads a state dict saved by {@code torch.save(model.state_dict(), path)}: tensors under
   * PyTorch's names ({@code "0.weight"}, {@code "fc1.bias"}), in the file's order, ready for {@code
   * Module.loadStateDict}.
   *
   * <p>When the file holds a checkpoint (a dict of several things), {@code keys} walk down to the
   * state dict inside it: {@code loadStateDict(path, "model")} reads {@code
   * torch.load(path)["model"]}.
   *
   * @param path a file written by {@code torch.save}
   * @param keys the keys that lead from the saved dict to the state dict, none when the file holds
   *     the state dict itself
   * @return a new map from name to tensor
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file is not a valid {@code torch.save} file, names anything a
   *     weights-only load does not allow, or does not hold a dict of str to tensor at {@code keys}
   *     (the message names the key and what was found)
   */
  public static Map<String, Tensor> loadStateDict(Path path, String... keys) throws IOException {
    Arguments.requireNonNull("TorchFiles.loadStateDict", "path", path);
    Arguments.requireNoNulls("TorchFiles.loadStateDict", "keys", keys);
    String op = "TorchFiles.loadStateDict: " + path;
    Object value = read(op, path);
    String at = "the saved object";
    for (String key : keys) {
      if (!(value instanceof Map)) {
        throw new TensorException(op + ": " + at + " is " + describe(value) + ", not a dict");
      }
      Map<?, ?> map = (Map<?, ?>) value;
      if (!map.containsKey(key)) {
        throw new TensorException(
            op + ": " + at + " has no key '" + key + "' (it has " + clipKeys(map.keySet()) + ")");
      }
      value = map.get(key);
      at = at + "['" + key + "']";
    }
    if (!(value instanceof Map)) {
      throw new TensorException(
          op
              + ": "
              + at
              + " is "
              + describe(value)
              + ", not a state dict (a dict of str to tensor)");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new TensorException(
            op
                + ": "
                + at
                + " has the key "
                + describe(e.getKey())
                + "; a state dict's keys are str");
      }
      if (!(e.getValue() instanceof Tensor)) {
        throw new TensorException(
            op
                + ": "
                + at
                + "['"
                + e.getKey()
                + "'] is "
                + describe(e.getValue())
                + ", not a tensor"
                + (e.getValue() instanceof Map
                    ? " (for a checkpoint, name the keys down to its state dict: loadStateDict(path, \""
                        + e.getKey()
                        + "\"))"
                    : ""));
      }
      out.put((String) e.getKey(), (Tensor) e.getValue());
    }
    return out;
  }

  /**
   * Reads whatever a weights-only {@code torch.load} would: a tensor, or a tree of dicts ({@link
   * Map}, in order; keys are String, Long, Double, Boolean, null or tuples of them), lists ({@link
   * List}, modifiable), tuples (unmodifiable {@link List}), and leaves: {@link Tensor}, Long
   * (BigInteger past 64 bits), Double, String, Boolean, byte[] and null.
   *
   * @param path a file written by {@code torch.save}
   * @return the saved object
   * @throws IOException if the file cannot be read
   * @throws TensorException if the file is not a valid {@code torch.save} file or names anything a
   *     weights-only load does not allow
   */
  public static Object load(Path path) throws IOException {
    Arguments.requireNonNull("TorchFiles.load", "path", path);
    return read("TorchFiles.load: " + path, path);
  }

  /**
   * Writes {@code stateDict} as {@code torch.save(state_dict, path)} would (an {@code OrderedDict}
   * of tensors, PyTorch's zip layout with 64-byte aligned storages), so that {@code
   * torch.load(path, weights_only=True)} in PyTorch 1.13 or later reads it. Each tensor is written
   * with its values in row-major order as one storage of its own dtype (float32, float64, int64 or
   * bool). The file is written whole or not at all: to a temporary file first, then moved into
   * place.
   *
   * @param path the file to create or replace; missing parent folders are created
   * @param stateDict the tensors, under the names PyTorch's module will look for
   * @throws IOException if the file cannot be written (an existing file is then left as it was)
   * @throws TensorException if {@code stateDict} or a name or tensor in it is null
   */
  public static void save(Path path, Map<String, Tensor> stateDict) throws IOException {
    Arguments.requireNonNull("TorchFiles.save", "path", path);
    Arguments.requireNonNull("TorchFiles.save", "stateDict", stateDict);
    List<String> names = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
      if (e.getKey() == null)
        throw new TensorException("TorchFiles.save: a name in stateDict is null");
      // checked as an Object: a map built without generics may hold anything
      Object value = e.getValue();
      if (!(value instanceof Tensor)) {
        throw new TensorException(
            "TorchFiles.save: the value for '"
                + e.getKey()
                + "' must be a Tensor, got "
                + (value == null ? "null" : value.getClass().getSimpleName()));
      }
      names.add(e.getKey());
      tensors.add((Tensor) value);
    }
    AtomicFiles.write(path, out -> TorchZipWriter.write(out, names, tensors));
  }

  // ---- reading ----

  private static Object read(String op, Path path) throws IOException {
    if (!Files.exists(path)) throw new NoSuchFileException(path.toString());
    if (Files.isDirectory(path)) throw new TensorException(op + ": is a folder, not a file");
    long fileLength = Files.size(path);
    byte[] head = new byte[LEGACY_MAGIC.length];
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n == head.length && Arrays.equals(head, LEGACY_MAGIC)) {
        throw new TensorException(
            op
                + ": a file in PyTorch's legacy format"
                + " (_use_new_zipfile_serialization=False), which this reader does not support;"
                + " save it again with torch.save's default format");
      }
      if (n < 4 || head[0] != 'P' || head[1] != 'K') {
        throw new TensorException(
            op + ": not a torch.save file (it does not start as a zip" + " archive does)");
      }
    }
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      throw new TensorException(op + ": not a valid zip archive (" + e + ")", e);
    }
    try (ZipFile open = zip) {
      return new Reading(op, open, fileLength).run();
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      // java.util.zip reports damage as ZipException or, for a record cut short, EOFException
      throw new TensorException(op + ": a damaged zip archive (" + e + ")", e);
    } catch (RuntimeException e) {
      if (e instanceof TensorException) throw e;
      // java.util.zip reports some damage (a bad entry name, a bad header) unchecked
      throw new TensorException(op + ": a damaged zip archive (" + e + ")", e);
    }
  }

  /** The state of reading one archive. */
  private static final class Reading implements PickleReader.Resolver {
    private final String op;
    private final ZipFile zip;
    private final long fileLength;
    private final Map<String, ZipEntry> entries = new HashMap<>();
    private final Map<String, Storage> storages = new HashMap<>();
    private String prefix;
    private boolean bigEndian;

    Reading(String op, ZipFile zip, long fileLength) {
      this.op = op;
      this.zip = zip;
      this.fileLength = fileLength;
    }

    Object run() throws IOException {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        String name = entry.getName();
        if (prefix == null) {
          int slash = name.indexOf('/');
          if (slash <= 0) {
            throw new TensorException(
                op
                    + ": the archive's first record '"
                    + name
                    + "' is not inside a folder, as torch.save's records are");
          }
          prefix = name.substring(0, slash + 1);
        }
        if (entries.put(name, entry) != null) {
          throw new TensorException(op + ": the archive holds the record '" + name + "' twice");
        }
      }
      if (prefix == null) throw new TensorException(op + ": an empty zip archive");
      if (entries.containsKey(prefix + "constants.pkl")) {
        throw new TensorException(
            op
                + ": a TorchScript archive (torch.jit.save), not a torch.save"
                + " file; load it in PyTorch and save its state_dict() with torch.save");
      }
      ZipEntry pickle = entries.get(prefix + "data.pkl");
      if (pickle == null) {
        throw new TensorException(
            op
                + ": the archive has no "
                + prefix
                + "data.pkl record, so it"
                + " is not a torch.save file");
      }
      checkVersion();
      checkByteOrder();
      byte[] data = readRecord(pickle, Integer.MAX_VALUE - 8);
      return PickleReader.read(data, op + ": data.pkl", this);
    }

    private void checkVersion() throws IOException {
      ZipEntry entry = entries.get(prefix + "version");
      if (entry == null) return;
      String text =
          new String(readRecord(entry, 64), java.nio.charset.StandardCharsets.US_ASCII).trim();
      if (!text.matches("[0-9]{1,9}")) {
        throw new TensorException(op + ": the version record holds '" + text + "', not a number");
      }
      int version = Integer.parseInt(text);
      if (version < 1 || version > 3) {
        throw new TensorException(
            op
                + ": file format version "
                + version
                + ", which this reader does not know (it reads versions 1 to 3)");
      }
    }

    private void checkByteOrder() throws IOException {
      ZipEntry entry = entries.get(prefix + "byteorder");
      if (entry == null) return;
      String text =
          new String(readRecord(entry, 64), java.nio.charset.StandardCharsets.US_ASCII).trim();
      if (text.equals("big")) bigEndian = true;
      else if (!text.equals("little")) {
        throw new TensorException(
            op + ": the byteorder record holds '" + text + "', not 'little' or 'big'");
      }
    }

    /** The size a record's data may have, checked against the file before anything is read. */
    private long checkedSize(ZipEntry entry) {
      long size = entry.getSize();
      long compressed = entry.getCompressedSize();
      if (size < 0
          || compressed < 0
          || compressed > fileLength
          || (entry.getMethod() == ZipEntry.STORED && size != compressed)
          || (entry.getMethod() == ZipEntry.DEFLATED
              && size > Math.max(compressed, 1) * MAX_DEFLATE_RATIO)) {
        throw new TensorException(
            op
                + ": the record "
                + entry.getName()
                + " claims "
                + size
                + " bytes ("
                + compressed
                + " compressed) in a file of "
                + fileLength
                + " bytes");
      }
      return size;
    }

    private byte[] readRecord(ZipEntry entry, int limit) throws IOException {
      long size = checkedSize(entry);
      if (size > limit) {
        throw new TensorException(
            op
                + ": the record "
                + entry.getName()
                + " has "
                + size
                + " bytes, more than the "
                + limit
                + " this reader accepts for it");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        byte[] out = in.readNBytes((int) size);
        if (out.length != size || in.read() >= 0) {
          throw new TensorException(
              op
                  + ": the record "
                  + entry.getName()
                  + " does not hold the "
                  + size
                  + " bytes its header states");
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out);
        if (crc.getValue() != entry.getCrc()) {
          throw new TensorException(
              op
                  + ": the record "
                  + entry.getName()
                  + " is damaged (its CRC-32 does not match the archive's)");
        }
        return out;
      }
    }

    @Override
    public Object global(String module, String name) {
      TorchGlobal g = TorchGlobal.find(module, name);
      if (g == null || g.refusal != null) {
        throw new TensorException(
            op
                + ": data.pkl names the global "
                + module
                + "."
                + name
                + (g == null
                    ? ", which a weights-only load does not allow (only tensors, their"
                        + " storages and plain containers can be rebuilt; nothing is run)"
                    : ": " + g.refusal));
      }
      return g;
    }

    @Override
    public Object call(Object callable, PickleReader.Tuple args) {
      if (!(callable instanceof TorchGlobal) || !((TorchGlobal) callable).callable) {
        throw new TensorException(
            op
                + ": data.pkl calls "
                + PickleReader.typeName(callable)
                + ", which a weights-only load does not allow");
      }
      TorchGlobal g = (TorchGlobal) callable;
      switch (g) {
        case ORDERED_DICT:
          if (!args.isEmpty()) {
            throw new TensorException(
                op
                    + ": data.pkl calls collections.OrderedDict with "
                    + args.size()
                    + " arguments; a torch.save file passes none");
          }
          return new LinkedHashMap<>();
        case REBUILD_TENSOR:
          arity(g, args, 4, 4);
          return rebuild(args.get(0), args.get(1), args.get(2), args.get(3), false);
        case REBUILD_TENSOR_V2:
          arity(g, args, 6, 7);
          return rebuild(args.get(0), args.get(1), args.get(2), args.get(3), bool(g, args.get(4)));
        case REBUILD_PARAMETER:
          arity(g, args, 3, 3);
          return parameter(g, args.get(0), bool(g, args.get(1)));
        case REBUILD_PARAMETER_WITH_STATE:
          arity(g, args, 4, 4);
          return parameter(g, args.get(0), bool(g, args.get(1)));
        case REBUILD_FROM_TYPE_V2:
          {
            arity(g, args, 4, 4);
            Object type = args.get(1);
            if (type != TorchGlobal.TENSOR && type != TorchGlobal.PARAMETER) {
              throw new TensorException(
                  op
                      + ": data.pkl rebuilds a tensor as "
                      + PickleReader.typeName(type)
                      + "; only torch.Tensor and torch.nn.Parameter"
                      + " are allowed");
            }
            Object inner = args.get(2);
            if (!(inner instanceof PickleReader.Tuple)) {
              throw new TensorException(
                  op
                      + ": "
                      + g
                      + " needs a tuple of arguments, got "
                      + PickleReader.typeName(inner));
            }
            return call(args.get(0), (PickleReader.Tuple) inner);
          }
        default:
          throw new TensorException(
              op + ": data.pkl calls " + g + ", which a weights-only load does not allow");
      }
    }

    @Override
    public Object newObject(Object cls, PickleReader.Tuple args) {
      if (cls != TorchGlobal.PARAMETER) {
        throw new TensorException(
            op
                + ": data.pkl instantiates "
                + PickleReader.typeName(cls)
                + "; only torch.nn.Parameter may be instantiated");
      }
      if (args.isEmpty() || args.size() > 2) {
        throw new TensorException(
            op + ": torch.nn.Parameter takes 1 or 2 arguments, got " + args.size());
      }
      return parameter(
          TorchGlobal.PARAMETER,
          args.get(0),
          args.size() < 2 || bool(TorchGlobal.PARAMETER, args.get(1)));
    }

    @Override
    public Object build(Object instance, Object state) {
      // An OrderedDict's state is its attributes (a state dict's _metadata of module versions),
      // which loading does not need; a parameter's is its Python attributes.
      if (instance instanceof Map && state instanceof Map) return instance;
      if (instance instanceof Tensor
          && (state == null || state instanceof Map || state instanceof PickleReader.Tuple)) {
        return instance;
      }
      throw new TensorException(
          op
              + ": data.pkl sets the state of "
              + PickleReader.typeName(instance)
              + " from "
              + PickleReader.typeName(state)
              + "; a weights-only load only sets it on dicts and tensors");
    }

    @Override
    public Object persistentLoad(Object id) {
      if (!(id instanceof PickleReader.Tuple)
          || ((PickleReader.Tuple) id).size() != 5
          || !"storage".equals(((PickleReader.Tuple) id).get(0))) {
        throw new TensorException(
            op
                + ": data.pkl refers to the external object "
                + PickleReader.typeName(id)
                + "; only ('storage', type, key, location, numel) is allowed");
      }
      PickleReader.Tuple t = (PickleReader.Tuple) id;
      if (!(t.get(1) instanceof TorchGlobal) || ((TorchGlobal) t.get(1)).storage == null) {
        throw new TensorException(
            op
                + ": a storage of type "
                + PickleReader.typeName(t.get(1))
                + ", which is not a tensor storage type");
      }
      StorageType type = ((TorchGlobal) t.get(1)).storage;
      if (!(t.get(2) instanceof String) || !(t.get(3) instanceof String)) {
        throw new TensorException(
            op
                + ": a storage's key and location must be str, got "
                + PickleReader.typeName(t.get(2))
                + " and "
                + PickleReader.typeName(t.get(3)));
      }
      String key = (String) t.get(2);
      long numel = nonNegativeLong("storage " + key + "'s size", t.get(4));
      Storage existing = storages.get(key);
      if (existing != null) {
        if (existing.type != type || existing.numel != numel) {
          throw new TensorException(
              op
                  + ": storage "
                  + key
                  + " is used as "
                  + existing.type.torchName
                  + "["
                  + existing.numel
                  + "] and as "
                  + type.torchName
                  + "["
                  + numel
                  + "]");
        }
        return existing;
      }
      ZipEntry entry = entries.get(prefix + "data/" + key);
      if (entry == null) {
        throw new TensorException(
            op
                + ": data.pkl uses storage "
                + key
                + ", but the archive has no"
                + " record "
                + prefix
                + "data/"
                + key);
      }
      long expected = numel * type.bytes;
      long size = checkedSize(entry);
      if (numel > Integer.MAX_VALUE - 8 || size != expected) {
        throw new TensorException(
            op
                + ": storage "
                + key
                + " should hold "
                + numel
                + " "
                + type.torchName
                + " values ("
                + (numel > Integer.MAX_VALUE - 8 ? "more than" : "")
                + expected
                + " bytes), its record has "
                + size
                + " bytes");
      }
      Storage storage = new Storage(key, type, (int) numel, entry);
      storages.put(key, storage);
      return storage;
    }

    private void arity(TorchGlobal g, PickleReader.Tuple args, int min, int max) {
      if (args.size() < min || args.size() > max) {
        throw new TensorException(
            op
                + ": "
                + g
                + " takes "
                + (min == max ? min : min + " to " + max)
                + " arguments, data.pkl passes "
                + args.size());
      }
    }

    private boolean bool(TorchGlobal g, Object value) {
      if (!(value instanceof Boolean)) {
        throw new TensorException(
            op + ": " + g + " needs a bool for requires_grad, got " + PickleReader.typeName(value));
      }
      return (Boolean) value;
    }

    private Tensor parameter(TorchGlobal g, Object data, boolean requiresGrad) {
      if (!(data instanceof Tensor)) {
        throw new TensorException(
            op + ": " + g + " needs a tensor, got " + PickleReader.typeName(data));
      }
      Tensor t = (Tensor) data;
      return requiresGrad && t.dtype().isFloatingPoint() ? t.requiresGrad(true) : t;
    }

    private long nonNegativeLong(String what, Object value) {
      if (!(value instanceof Long) || (Long) value < 0) {
        throw new TensorException(
            op
                + ": "
                + what
                + " must be a non-negative int, got "
                + (value instanceof Long || value instanceof BigInteger
                    ? value
                    : PickleReader.typeName(value)));
      }
      return (Long) value;
    }

    private int[] ints(String what, Object value) {
      if (!(value instanceof PickleReader.Tuple)) {
        throw new TensorException(
            op + ": a tensor's " + what + " must be a tuple, got " + PickleReader.typeName(value));
      }
      List<?> items = (List<?>) value;
      int[] out = new int[items.size()];
      for (int i = 0; i < out.length; i++) {
        long v = nonNegativeLong("a tensor's " + what + "[" + i + "]", items.get(i));
        if (v > Integer.MAX_VALUE) {
          throw new TensorException(
              op
                  + ": a tensor's "
                  + what
                  + "["
                  + i
                  + "] is "
                  + v
                  + ", more than this library's tensors can index ("
                  + Integer.MAX_VALUE
                  + ")");
        }
        out[i] = (int) v;
      }
      return out;
    }

    private Tensor rebuild(
        Object storageArg,
        Object offsetArg,
        Object sizeArg,
        Object strideArg,
        boolean requiresGrad) {
      if (!(storageArg instanceof Storage)) {
        throw new TensorException(
            op
                + ": a tensor is rebuilt from "
                + PickleReader.typeName(storageArg)
                + ", not from a storage");
      }
      Storage storage = (Storage) storageArg;
      long offset = nonNegativeLong("tensor's storage offset", offsetArg);
      int[] size = ints("size", sizeArg);
      int[] stride = ints("stride", strideArg);
      if (size.length != stride.length) {
        throw new TensorException(
            op
                + ": a tensor with size "
                + Arrays.toString(size)
                + " has the stride "
                + Arrays.toString(stride)
                + " of another rank");
      }
      int numel = Shapes.checkedNumel("TorchFiles.load", size);
      long last = offset;
      for (int d = 0; d < size.length; d++) last += (long) (size[d] - 1) * stride[d];
      if (numel > 0 && last >= storage.numel) {
        throw new TensorException(
            op
                + ": a tensor with size "
                + Arrays.toString(size)
                + ", stride "
                + Arrays.toString(stride)
                + " and offset "
                + offset
                + " reaches element "
                + last
                + " of storage "
                + storage.key
                + ", which has "
                + storage.numel);
      }
      Tensor t = storage.gather(this, size, stride, offset, numel);
      return requiresGrad && t.dtype().isFloatingPoint() ? t.requiresGrad(true) : t;
    }
  }

  /** One {@code data/<key>} record, decoded when a tensor first uses it. */
  private static final class Storage {
    final String key;
    final StorageType type;
    final int numel;
    final ZipEntry entry;
    private float[] floats;
    private double[] doubles;

    Storage(String key, StorageType type, int numel, ZipEntry entry) {
      this.key = key;
      this.type = type;
      this.numel = numel;
      this.entry = entry;
    }

    @Override
    public String toString() {
      return "storage " + key;
    }

    Tensor gather(Reading reading, int[] size, int[] stride, long offset, int numel) {
      decode(reading);
      int[] index = new int[size.length];
      long at = offset;
      if (floats != null) {
        float[] out = new float[numel];
        for (int i = 0; i < numel; i++) {
          out[i] = floats[(int) at];
          at = next(index, size, stride, at);
        }
        return size.length == 0 ? Tensor.scalar(out[0]) : Tensor.of(out, size);
      }
      double[] out = new double[numel];
      for (int i = 0; i < numel; i++) {
        out[i] = doubles[(int) at];
        at = next(index, size, stride, at);
      }
      return size.length == 0
          ? Tensor.scalar(out[0], type.dtype)
          : Tensor.of(out, type.dtype, size);
    }

    /** Steps a row-major index over {@code size}, returning the storage position it moves to. */
    private static long next(int[] index, int[] size, int[] stride, long at) {
      for (int d = size.length - 1; d >= 0; d--) {
        if (++index[d] < size[d]) return at + stride[d];
        index[d] = 0;
        at -= (long) (size[d] - 1) * stride[d];
      }
      return at;
    }

    private void decode(Reading reading) {
      if (floats != null || doubles != null) return;
      byte[] bytes;
      try {
        bytes = reading.readRecord(entry, Integer.MAX_VALUE - 8);
      } catch (IOException e) {
        throw new TensorException(
            reading.op + ": storage " + key + " cannot be read (" + e.getMessage() + ")", e);
      }
      java.nio.ByteBuffer buf =
          java.nio.ByteBuffer.wrap(bytes)
              .order(
                  reading.bigEndian
                      ? java.nio.ByteOrder.BIG_ENDIAN
                      : java.nio.ByteOrder.LITTLE_ENDIAN);
      if (type.dtype == DType.FLOAT32) {
        float[] f = new float[numel];
        for (int i = 0; i < numel; i++) {
          switch (type) {
            case FLOAT:
              f[i] = buf.getFloat(i * 4);
              break;
            case HALF:
              f[i] = HalfFloats.fromHalfBits(buf.getShort(i * 2) & 0xffff);
              break;
            default: // BFLOAT16
              f[i] = HalfFloats.fromBfloat16Bits(buf.getShort(i * 2) & 0xffff);
          }
        }
        floats = f;
        return;
      }
      double[] d = new double[numel];
      for (int i = 0; i < numel; i++) {
        switch (type) {
          case DOUBLE:
            d[i] = buf.getDouble(i * 8);
            break;
          case LONG:
            {
              long v = buf.getLong(i * 8);
              if (Math.abs(v) > 1L << 53) {
                throw new TensorException(
                    reading.op
                        + ": storage "
                        + key
                        + " holds the int64 value "
                        + v
                        + " at element "
                        + i
                        + ", which this library's INT64 (exact to 2^53) cannot"
                        + " hold");
              }
              d[i] = v;
              break;
            }
          case INT:
            d[i] = buf.getInt(i * 4);
            break;
          case SHORT:
            d[i] = buf.getShort(i * 2);
            break;
          case CHAR:
            d[i] = buf.get(i);
            break;
          case BYTE:
            d[i] = buf.get(i) & 0xff;
            break;
          default: // BOOL
            d[i] = buf.get(i) != 0 ? 1 : 0;
        }
      }
      doubles = d;
    }
  }

  /** The element types of PyTorch's storages, by the names its pickles give them. */
  enum StorageType {
    FLOAT("FloatStorage", "float32", 4, DType.FLOAT32),
    DOUBLE("DoubleStorage", "float64", 8, DType.FLOAT64),
    HALF("HalfStorage", "float16", 2, DType.FLOAT32),
    BFLOAT16("BFloat16Storage", "bfloat16", 2, DType.FLOAT32),
    LONG("LongStorage", "int64", 8, DType.INT64),
    INT("IntStorage", "int32", 4, DType.INT64),
    SHORT("ShortStorage", "int16", 2, DType.INT64),
    CHAR("CharStorage", "int8", 1, DType.INT64),
    BYTE("ByteStorage", "uint8", 1, DType.INT64),
    BOOL("BoolStorage", "bool", 1, DType.BOOL);

    final String className;
    final String torchName;
    final int bytes;
    final DType dtype;

    StorageType(String className, String torchName, int bytes, DType dtype) {
      this.className = className;
      this.torchName = torchName;
      this.bytes = bytes;
      this.dtype = dtype;
    }

    /** The storage this library writes a tensor of {@code dtype} to. */
    static StorageType forWriting(DType dtype) {
      switch (dtype) {
        case FLOAT32:
          return FLOAT;
        case FLOAT64:
          return DOUBLE;
        case INT64:
          return LONG;
        default:
          return BOOL;
      }
    }
  }

  /** The globals a weights-only load may name, and some it refuses with a reason. */
  enum TorchGlobal {
    ORDERED_DICT("collections", "OrderedDict", true),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor", true),
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", true),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", true),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", true),
    REBUILD_FROM_TYPE_V2("torch._tensor", "_rebuild_from_type_v2", true),
    PARAMETER("torch.nn.parameter", "Parameter", false),
    TENSOR("torch", "Tensor", false),
    SPARSE("torch._utils", "_rebuild_sparse_tensor", "sparse tensors are not supported"),
    SPARSE_CSR("torch._utils", "_rebuild_sparse_csr_tensor", "sparse tensors are not supported"),
    META("torch._utils", "_rebuild_meta_tensor_no_storage", "meta tensors have no values to load"),
    QTENSOR("torch._utils", "_rebuild_qtensor", "quantized tensors are not supported"),
    COMPLEX_FLOAT("torch", "ComplexFloatStorage", "complex tensors are not supported"),
    COMPLEX_DOUBLE("torch", "ComplexDoubleStorage", "complex tensors are not supported"),
    FLOAT_STORAGE(StorageType.FLOAT),
    DOUBLE_STORAGE(StorageType.DOUBLE),
    HALF_STORAGE(StorageType.HALF),
    BFLOAT16_STORAGE(StorageType.BFLOAT16),
    LONG_STORAGE(StorageType.LONG),
    INT_STORAGE(StorageType.INT),
    SHORT_STORAGE(StorageType.SHORT),
    CHAR_STORAGE(StorageType.CHAR),
    BYTE_STORAGE(StorageType.BYTE),
    BOOL_STORAGE(StorageType.BOOL);

    final String module;
    final String name;
    final boolean callable;
    final String refusal;
    final StorageType storage;

    TorchGlobal(String module, String name, boolean callable) {
      this.module = module;
      this.name = name;
      this.callable = callable;
      this.refusal = null;
      this.storage = null;
    }

    TorchGlobal(String module, String name, String refusal) {
      this.module = module;
      this.name = name;
      this.callable = false;
      this.refusal = refusal;
      this.storage = null;
    }

    TorchGlobal(StorageType storage) {
      this.module = "torch";
      this.name = storage.className;
      this.callable = false;
      this.refusal = null;
      this.storage = storage;
    }

    static TorchGlobal find(String module, String name) {
      for (TorchGlobal g : values()) if (g.module.equals(module) && g.name.equals(name)) return g;
      return null;
    }

    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  private static String describe(Object value) {
    if (value instanceof Tensor) {
      Tensor t = (Tensor) value;
      return "a " + t.dtype().pytorchName() + " tensor of shape " + Arrays.toString(t.shape());
    }
    if (value instanceof String) return "the str '" + value + "'";
    if (value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof BigInteger) {
      return "the " + PickleReader.typeName(value) + " " + value;
    }
    return "a " + PickleReader.typeName(value);
  }

  private static String clipKeys(Set<?> keys) {
    List<String> shown = new ArrayList<>();
    for (Object k : keys) {
      if (shown.size() == 10) {
        shown.add("...");
        break;
      }
      shown.add(k instanceof String ? "'" + k + "'" : String.valueOf(k));
    }
    return shown.toString();
  }
}
