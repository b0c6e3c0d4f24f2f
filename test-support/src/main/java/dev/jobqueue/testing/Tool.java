package dev.jobqueue.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external program the harness needs (the Temporal CLI, Postfix's SMTP tools, schemathesis, a
 * browser). {@code ./jobqueue test} and {@code ./jobqueue bench} install what they need and name it
 * in an environment variable; run otherwise, a tool is looked for on the PATH.
 *
 * @param variable the environment variable that names the tool
 * @param command the program's name on the PATH; null for a tool only the variable names
 * @param path where the tool is; null if it was not found
 */
public record Tool(String variable, String command, String path) {
  /** The Temporal CLI, which embeds the dev server: {@code JOBQUEUE_TEMPORAL_CLI}, or the PATH. */
  public static Tool temporalCli() {
    return find("JOBQUEUE_TEMPORAL_CLI", "temporal");
  }

  /** A tool only {@code variable} names; a test that needs it is skipped without it. */
  public static Tool fromEnv(String variable) {
    return new Tool(variable, null, env(variable));
  }

  /**
   * {@code variable}'s tool, else {@code command} on the PATH, else in one of {@code elsewhere}.
   */
  public static Tool find(String variable, String command, Path... elsewhere) {
    String configured = env(variable);
    if (configured != null) {
      return new Tool(variable, command, configured);
    }
    var dirs = new ArrayList<Path>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        dirs.add(Path.of(dir));
      }
    }
    dirs.addAll(List.of(elsewhere));
    for (Path dir : dirs) {
      Path candidate = dir.resolve(command);
      if (Files.isExecutable(candidate)) {
        return new Tool(variable, command, candidate.toString());
      }
    }
    return new Tool(variable, command, null);
  }

  private static String env(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? null : value;
  }

  public boolean present() {
    return path != null && Files.exists(Path.of(path));
  }

  /** Why the tool is not there, for a skipped test's reason. */
  public String missing() {
    return problem() + "; run the tests with ./jobqueue test";
  }

  /**
   * The tool's path; if it is not there, fails saying {@code what} it is and how to get it.
   *
   * @param remedy what to do about it, such as the package that installs it
   */
  public String require(String what, String remedy) {
    if (present()) {
      return path;
    }
    throw new IllegalStateException(what + " is needed: " + problem() + "; " + remedy);
  }

  private String problem() {
    String found =
        path == null
            ? variable + " is not set"
            : variable + " names " + path + ", which is missing";
    return command == null || path != null
        ? found
        : found + " and " + command + " is not on the PATH";
  }

  /** What a run of a tool printed, and how it ended. */
  public record Run(int exitCode, String output) {}

  /** Runs {@code command} with {@code env}, waiting at most {@code timeoutSeconds}. */
  public static Run run(
      List<String> command, Map<String, String> env, long timeoutSeconds, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          command.get(0) + " did not finish in " + timeoutSeconds + " s; see " + log);
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
