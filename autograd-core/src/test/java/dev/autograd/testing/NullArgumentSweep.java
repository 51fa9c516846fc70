package dev.autograd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Calls every public method and constructor of the public classes of some packages with {@code
 * null} in each reference parameter in turn, valid samples in the others, and reports each call
 * that does not throw {@code expected} (the library's exception) with a message of the form {@code
 * "op: param is null"}, where {@code op} is the method's name (the class's simple name for a
 * constructor), or {@code Class.method}. A list or array parameter is also given a list holding one
 * null, which must be reported as {@code param[0] is null}.
 *
 * <p>Nothing is skipped silently: a parameter type without a sample, or an instance method whose
 * class has no receiver, is reported as a failure. A parameter for which null is valid ({@code
 * Functional.linear}'s bias) is declared with {@link #accepts}, with what null means, and is then
 * checked not to fail with a NullPointerException; a member left out of the sweep is declared with
 * {@link #exclude}, with the reason.
 */
public final class NullArgumentSweep {
  private final Class<? extends RuntimeException> expected;
  private final Map<Class<?>, Supplier<?>> samples = new HashMap<>();
  private final Map<String, Supplier<?>> named = new HashMap<>();
  private final Map<Class<?>, Supplier<?>> receivers = new HashMap<>();
  private final Map<String, String> accepted = new HashMap<>();
  private final Map<String, String> excluded = new HashMap<>();
  private final Map<String, String> opNames = new HashMap<>();
  private final TreeSet<String> usedExclusions = new TreeSet<>();

  /**
   * A sweep that expects {@code expected} for each null.
   *
   * @param expected the library's exception type
   */
  public NullArgumentSweep(Class<? extends RuntimeException> expected) {
    this.expected = expected;
  }

  /** A valid value for parameters of {@code type} (for a list or an array: of its elements). */
  public NullArgumentSweep sample(Class<?> type, Supplier<?> value) {
    samples.put(type, value);
    return this;
  }

  /** A valid value for every parameter named {@code name}, before the samples by type. */
  public NullArgumentSweep sample(String name, Supplier<?> value) {
    named.put(name, value);
    return this;
  }

  /**
   * The object on which instance methods declared in {@code type} are called; without one, a
   * concrete class is made by its simplest public constructor.
   */
  public NullArgumentSweep receiver(Class<?> type, Supplier<?> value) {
    receivers.put(type, value);
    return this;
  }

  /**
   * Declares that null is a valid value of the parameters of {@code member} ({@code
   * "Class.method"}), of one of them ({@code "Class.method#param"}), or of their elements ({@code
   * "Class.method#param[0]"}); {@code "Class.<init>"} names the constructors.
   */
  public NullArgumentSweep accepts(String member, String meaning) {
    accepted.put(member, meaning);
    return this;
  }

  /** Leaves {@code member} ({@code "Class.method"}, all overloads) out of the sweep. */
  public NullArgumentSweep exclude(String member, String reason) {
    excluded.put(member, reason);
    return this;
  }

  /** The op name the messages of {@code member} give, when it is not the method's name. */
  public NullArgumentSweep opName(String member, String name) {
    opNames.put(member, name);
    return this;
  }

  /**
   * The public classes (nested ones included) of {@code packageName}, found beside {@code anchor}.
   */
  public static List<Class<?>> publicClasses(Class<?> anchor, String packageName) {
    List<Class<?>> out = new ArrayList<>();
    try {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
      Path base = jar == null ? root : jar.getPath("/");
      Path dir = base.resolve(packageName.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".class") || name.equals("package-info.class")) continue;
          Class<?> c = Class.forName(packageName + "." + name.substring(0, name.length() - 6));
          if (isPublic(c)) out.add(c);
        }
      } finally {
        if (jar != null) jar.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static boolean isPublic(Class<?> c) {
    if (c.isAnonymousClass() || c.isSynthetic() || c.isLocalClass()) return false;
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) return false;
    }
    return true;
  }

  /**
   * Runs the sweep over {@code classes} and returns one line per failure (empty when all pass).
   * Exclusions and accepted nulls that match no member are failures too, so that the lists stay
   * true to the code.
   */
  public List<String> run(Collection<Class<?>> classes) {
    List<String> failures = new ArrayList<>();
    TreeSet<String> usedAccepts = new TreeSet<>();
    for (Class<?> c : classes) {
      List<Executable> members = new ArrayList<>();
      if (!Modifier.isAbstract(c.getModifiers()) && !c.isInterface()) {
        for (Constructor<?> k : c.getDeclaredConstructors()) {
          if (Modifier.isPublic(k.getModifiers())) members.add(k);
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          members.add(m);
        }
      }
      members.sort((a, b) -> a.toString().compareTo(b.toString()));
      for (Executable m : members) sweep(c, m, failures, usedAccepts);
    }
    for (String key : excluded.keySet()) {
      if (!usedExclusions.contains(key)) failures.add("exclusion matches no member: " + key);
    }
    for (String key : accepted.keySet()) {
      if (!usedAccepts.contains(key)) failures.add("accepted null matches no member: " + key);
    }
    return failures;
  }

  private static String key(Class<?> c, Executable m) {
    return simpleName(c) + "." + (m instanceof Constructor ? "<init>" : m.getName());
  }

  private static String simpleName(Class<?> c) {
    return c.getEnclosingClass() == null
        ? c.getSimpleName()
        : simpleName(c.getEnclosingClass()) + "." + c.getSimpleName();
  }

  private void sweep(Class<?> c, Executable m, List<String> failures, TreeSet<String> usedAccepts) {
    String key = key(c, m);
    if (excluded.containsKey(key)) {
      usedExclusions.add(key);
      return;
    }
    Parameter[] params = m.getParameters();
    boolean hasReference = false;
    for (Parameter p : params) hasReference |= !p.getType().isPrimitive();
    if (!hasReference) return;
    String where = m.toString();
    Object receiver = null;
    if (m instanceof Method && !Modifier.isStatic(m.getModifiers())) {
      Supplier<?> r = receiverFor(c);
      if (r == null) {
        failures.add("no receiver for the instance methods of " + c.getName() + " (" + where + ")");
        return;
      }
      receiver = r;
    }
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      if (p.getType().isPrimitive()) continue;
      if (!p.isNamePresent()) {
        failures.add("compile with -parameters: no parameter names in " + where);
        return;
      }
      String paramKey = key + "#" + p.getName();
      String accepts = accepted.containsKey(paramKey) ? paramKey : null;
      if (accepts == null && accepted.containsKey(key)) accepts = key;
      Object[] args;
      try {
        args = arguments(params, i);
      } catch (MissingSample e) {
        failures.add("no sample of " + e.getMessage() + " for " + where);
        return;
      }
      if (accepts != null) {
        usedAccepts.add(accepts);
        Throwable t = call(m, receiver, args);
        if (t instanceof NullPointerException) {
          failures.add(where + " accepts null for " + p.getName() + " but threw " + t);
        }
      } else {
        check(m, key, receiver, args, p.getName(), failures);
      }
      Object element = elementNull(p);
      if (element == null) continue;
      args[i] = element;
      String elementKey = accepted.containsKey(key) ? key : paramKey + "[0]";
      if (accepted.containsKey(elementKey)) {
        usedAccepts.add(elementKey);
        Throwable t = call(m, receiver, args);
        if (t instanceof NullPointerException) {
          failures.add(where + " accepts null in " + p.getName() + " but threw " + t);
        }
      } else {
        check(m, key, receiver, args, p.getName() + "[0]", failures);
      }
    }
  }

  /**
   * The receiver registered for c, or else a new c made by its public constructor of fewest
   * parameters, from the samples (for the layers and optimizers, whose settings have defaults).
   */
  private Supplier<?> receiverFor(Class<?> c) {
    if (receivers.containsKey(c)) return receivers.get(c);
    if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) return null;
    Constructor<?> simplest = null;
    for (Constructor<?> k : c.getConstructors()) {
      if (simplest == null || k.getParameterCount() < simplest.getParameterCount()) simplest = k;
    }
    if (simplest == null) return null;
    Constructor<?> k = simplest;
    Object[] args;
    try {
      args = arguments(k.getParameters(), -1);
    } catch (MissingSample e) {
      return null;
    }
    return () -> {
      try {
        return k.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make a receiver with " + k, e);
      }
    };
  }

  private void check(
      Executable m,
      String key,
      Object receiver,
      Object[] args,
      String param,
      List<String> failures) {
    Throwable t = call(m, receiver, args);
    String what = m + " with " + param + " = null";
    if (t == null) {
      failures.add(what + ": no exception");
      return;
    }
    if (!expected.isInstance(t)) {
      failures.add(what + ": " + t);
      return;
    }
    String message = String.valueOf(t.getMessage());
    String name = m instanceof Constructor ? simpleName(m.getDeclaringClass()) : m.getName();
    List<String> ops = new ArrayList<>(List.of(name, key));
    if (opNames.containsKey(key)) ops.add(opNames.get(key));
    boolean namesOp = false;
    for (String op : ops) namesOp |= message.startsWith(op + ": ");
    if (!namesOp || !message.contains(param + " is null")) {
      failures.add(what + ": expected '" + ops + ": " + param + " is null ...', got: " + message);
    }
  }

  private static Throwable call(Executable m, Object receiver, Object[] args) {
    try {
      if (m instanceof Constructor) {
        ((Constructor<?>) m).newInstance(args);
      } else {
        Object self = receiver == null ? null : ((Supplier<?>) receiver).get();
        ((Method) m).invoke(self, args);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (ReflectiveOperationException e) {
      return e;
    }
  }

  /** Samples for every parameter, null at {@code nullAt}. */
  private Object[] arguments(Parameter[] params, int nullAt) {
    Object[] args = new Object[params.length];
    for (int j = 0; j < params.length; j++) {
      if (j != nullAt) args[j] = sampleFor(params[j]);
    }
    return args;
  }

  private Object sampleFor(Parameter p) {
    Class<?> type = p.getType();
    if (named.containsKey(p.getName())) return named.get(p.getName()).get();
    if (type == int.class) return 1;
    if (type == long.class) return 0L;
    if (type == double.class) return 0.5;
    if (type == float.class) return 0.5f;
    if (type == boolean.class) return false;
    if (samples.containsKey(type)) return samples.get(type).get();
    if (type.isArray() && samples.containsKey(type.getComponentType())) {
      Object a = Array.newInstance(type.getComponentType(), 1);
      Array.set(a, 0, samples.get(type.getComponentType()).get());
      return a;
    }
    Class<?> element = elementType(p);
    if (element != null && samples.containsKey(element)) {
      List<Object> list = new ArrayList<>();
      list.add(samples.get(element).get());
      return list;
    }
    throw new MissingSample(p.getParameterizedType().getTypeName());
  }

  /** The element type of a List or Collection parameter, or null. */
  private static Class<?> elementType(Parameter p) {
    if (!List.class.isAssignableFrom(p.getType()) && p.getType() != Collection.class) return null;
    Type t = p.getParameterizedType();
    if (!(t instanceof ParameterizedType)) return null;
    Type e = ((ParameterizedType) t).getActualTypeArguments()[0];
    return e instanceof Class ? (Class<?>) e : null;
  }

  /** A list or array of one null element for parameter p, or null when p holds no references. */
  private static Object elementNull(Parameter p) {
    Class<?> type = p.getType();
    if (type.isArray() && !type.getComponentType().isPrimitive()) {
      return Array.newInstance(type.getComponentType(), 1);
    }
    if (elementType(p) != null) return new ArrayList<>(Arrays.asList((Object) null));
    return null;
  }

  private static final class MissingSample extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingSample(String type) {
      super(type);
    }
  }
}
