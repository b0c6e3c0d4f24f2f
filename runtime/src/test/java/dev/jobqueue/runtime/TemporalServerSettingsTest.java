package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.job.JobSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporalServerSettingsTest {
  /** The search-attribute list of the cluster's launcher and the container stack. */
  private static final Path SEARCH_ATTRIBUTES =
      Path.of("..", "deploy", "temporal", "search-attributes");

  /** The cluster's dynamic config file ({@code ./jobqueue cluster}, the cluster tests). */
  private static final Path CLUSTER_DYNAMIC_CONFIG =
      Path.of("..", "deploy", "temporal", "dynamic-config.yaml");

  @Test
  void searchAttributeListIsTheOneTheCodeGives() throws IOException {
    assertThat(Files.readString(SEARCH_ATTRIBUTES))
        .as(
            "%s is generated: java -cp api-server/target/api-server.jar"
                + " dev.jobqueue.runtime.TemporalServerSettings search-attributes-file > %s",
            SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTES)
        .isEqualTo(TemporalServerSettings.searchAttributesFile());
  }

  @Test
  void searchAttributeListHoldsEachAttributeOnALineOfItsOwn() {
    assertThat(
            TemporalServerSettings.searchAttributesFile().lines().filter(l -> !l.startsWith("#")))
        .containsExactlyElementsOf(TemporalServerSettings.searchAttributes());
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
