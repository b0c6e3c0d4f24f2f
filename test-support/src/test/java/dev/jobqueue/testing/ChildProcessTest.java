package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
  @TempDir Path logs;

  @Test
  void aProcessThatExitsDuringStartUpFailsTheWaitAtOnceNamingItsLog() throws Exception {
    try (var process =
        ChildProcess.start("quitter", List.of("sh", "-c", "echo gone; exit 3"), Map.of(), logs)) {
      // not "not ready within 60 s": the wait noticed the exit instead of running out
      assertThatThrownBy(() -> process.awaitReady(() -> false, Duration.ofMinutes(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("quitter exited during start-up")
          .hasMessageContaining(logs.resolve("quitter.log").toString());
    }
    assertThat(Files.readString(logs.resolve("quitter.log"))).contains("gone");
  }

  @Test
  void sigtermReturnsTheExitCodeOfTheOrderlyStop() throws Exception {
    try (var process =
        ChildProcess.start(
            "trapper",
            List.of("sh", "-c", "trap 'exit 7' TERM; echo up; while :; do sleep 0.1; done"),
            Map.of(),
            logs)) {
      process.awaitReady(
          () -> Files.readString(logs.resolve("trapper.log")).contains("up"),
          Duration.ofSeconds(30));

      assertThat(process.terminate(Duration.ofSeconds(30))).isEqualTo(7);
      assertThat(process.isAlive()).isFalse();
    }
  }

  @Test
  void aKilledProcessIsGone() throws Exception {
    try (var process = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), logs)) {
      process.kill();

      assertThat(process.isAlive()).isFalse();
      assertThat(process.process().exitValue()).isEqualTo(128 + 9);
    }
  }
}
