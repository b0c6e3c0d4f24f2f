package dev.jobqueue.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external test tool (schemathesis, a browser driver) that {@code ./jobqueue test} installs and
 * names in an environment variable. Without it, the tests that need it are skipped, saying why.
 */
record Tool(String variable, String path) {
  static Tool fromEnv(String variable) {
    String value = System.getenv(variable);
    return new Tool(variable, value == null || value.isBlank() ? null : value);
  }

  boolean present() {
    return path != null && Files.exists(Path.of(path));
  }

  String missing() {
    return variable + " does not name an installed tool; run the tests with ./jobqueue test";
  }

  record Run(int exitCode, String output) {}

  /** Runs {@code command} with {@code env}, waiting at most {@code timeoutSeconds}. */
  static Run run(List<String> command, Map<String, String> env, long timeoutSeconds, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
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
