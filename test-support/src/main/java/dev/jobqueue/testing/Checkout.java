package dev.jobqueue.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository on this machine, where our built jars and their config files are: {@code
 * <module>/target/<module>.jar} and {@code <module>/config.yml}.
 */
public record Checkout(Path root) {
  public Checkout {
    root = root.toAbsolutePath().normalize();
  }

  /** The checkout around the working directory: the nearest directory with the launcher. */
  public static Checkout find() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("jobqueue"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new Checkout(dir);
      }
    }
    throw new IllegalStateException(
        "no jobqueue checkout (a directory with ./jobqueue and pom.xml) at or above " + start);
  }

  /** {@code module}'s runnable jar; fails, saying how to build it, if it is not there. */
  public Path jar(String module) {
    Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build the jars first (mvn -DskipTests package; ./jobqueue test and"
              + " ./jobqueue bench do)");
    }
    return jar;
  }

  /** {@code module}'s own configuration file, which environment variables override. */
  public Path config(String module) {
    return root.resolve(module).resolve("config.yml");
  }
}
