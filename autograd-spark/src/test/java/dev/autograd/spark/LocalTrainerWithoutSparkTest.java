package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** LocalTrainer needs no Spark: it trains in a class loader that has neither Spark nor Scala. */
class LocalTrainerWithoutSparkTest {
  private static URLClassLoader withoutSpark() throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      if (e.contains("/org/apache/spark/") || e.contains("/org/scala-lang/")) {
        dropped++;
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertTrue(dropped > 0, "the test class path holds Spark: " + classPath);
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void trainsWithSparkAbsentFromTheClassPath() throws Exception {
    try (URLClassLoader loader = withoutSpark()) {
      assertThrows(
          ClassNotFoundException.class, () -> loader.loadClass("org.apache.spark.SparkContext"));
      @SuppressWarnings("unchecked")
      Supplier<double[]> isolated =
          (Supplier<double[]>)
              loader.loadClass(LocalRun.class.getName()).getDeclaredConstructor().newInstance();
      assertTrue(isolated.getClass().getClassLoader() == loader);
      assertArrayEquals(new LocalRun().get(), isolated.get());
    }
  }
}
