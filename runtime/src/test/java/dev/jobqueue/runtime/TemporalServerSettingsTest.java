package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.job.JobSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporalServerSettingsTest {
  /** The copy for the container stack, which cannot run our code before its server starts. */
  private static final Path DEV_SERVER_ARGS =
      Path.of("..", "deploy", "temporal", "dev-server-args");

  /** The cluster's dynamic config file ({@code ./jobqueue cluster}, the cluster tests). */
  private static final Path CLUSTER_DYNAMIC_CONFIG =
      Path.of("..", "deploy", "temporal", "dynamic-config.yaml");

  @Test
  void containerStacksArgumentsAreTheOnesTheCodeGives() throws IOException {
    assertThat(Files.readAllLines(DEV_SERVER_ARGS))
        .as(
            "%s is generated: java -cp api-server/target/api-server.jar"
                + " dev.jobqueue.runtime.TemporalServerSettings dev-server-args > %s",
            DEV_SERVER_ARGS, DEV_SERVER_ARGS)
        .isEqualTo(TemporalServerSettings.devServerArgs());
  }

  @Test
  void clustersDynamicConfigIsTheOneTheCodeGives() throws IOException {
    assertThat(Files.readString(CLUSTER_DYNAMIC_CONFIG))
        .as(
            "%s is generated: java -cp api-server/target/api-server.jar"
                + " dev.jobqueue.runtime.TemporalServerSettings dynamic-config-yaml > %s",
            CLUSTER_DYNAMIC_CONFIG, CLUSTER_DYNAMIC_CONFIG)
        .isEqualTo(TemporalServerSettings.dynamicConfigYaml());
  }

  @Test
  void dynamicConfigFileHoldsEachValueAsTheServerReadsIt() {
    assertThat(TemporalServerSettings.dynamicConfigYaml())
        .contains("matching.useNewMatcher:\n  - value: true\n")
        .contains("matching.enableFairness:\n  - value: true\n");
  }

  @Test
  void registersEverySearchAttributeWithItsType() {
    assertThat(TemporalServerSettings.searchAttributes())
        .hasSize(JobSearchAttributes.registrations().size())
        .contains("JobStatus=Keyword", "DeadLetteredAt=Datetime");
  }

  @Test
  void turnsOnPriorityAndFairness() {
    assertThat(TemporalServerSettings.DYNAMIC_CONFIG)
        .containsEntry("matching.useNewMatcher", "true")
        .containsEntry("matching.enableFairness", "true");
  }
}
