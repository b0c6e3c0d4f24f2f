package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolTest {
  private static final String UNSET = "JOBQUEUE_TEST_SUPPORT_NEVER_SET";

  @Test
  void findsACommandOffThePathInTheDirectoriesGiven(@TempDir Path dir) throws Exception {
    Path tool = Files.createFile(dir.resolve("jq-test-tool"));
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

    Tool found = Tool.find(UNSET, "jq-test-tool", dir);

    assertThat(found.present()).isTrue();
    assertThat(found.require("the test tool", "make one")).isEqualTo(tool.toString());
  }

  @Test
  void aMissingToolSaysWhichVariableAndWhatToDo(@TempDir Path dir) {
    Tool missing = Tool.find(UNSET, "jq-no-such-tool", dir);

    assertThat(missing.present()).isFalse();
    assertThatThrownBy(() -> missing.require("the test tool", "install it"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the test tool is needed: "
                + UNSET
                + " is not set and jq-no-such-tool is not on the PATH; install it");
  }

  @Test
  void aToolOnlyAVariableNamesIsAbsentWithoutIt() {
    Tool tool = Tool.fromEnv(UNSET);

    assertThat(tool.present()).isFalse();
    assertThat(tool.missing()).startsWith(UNSET + " is not set").contains("./jobqueue test");
  }
}
