package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportConfigTest {
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void readsFromYamlAndDefaultsWhatIsLeftOut() throws Exception {
    ReportConfig config =
        yaml.readValue("storeDir: var/reports\nrowsPerPage: 30\n", ReportConfig.class);

    assertThat(config).isEqualTo(new ReportConfig(Path.of("var/reports"), 30, 250, 50));
    assertThat(ReportConfig.defaults(Path.of("var/reports")))
        .isEqualTo(new ReportConfig(Path.of("var/reports"), 40, 250, 50));
  }

  @Test
  void rejectsSizesThatCannotWork() {
    assertThatThrownBy(() -> new ReportConfig(Path.of("r"), 51, 0, 0))
        .hasMessageContaining("rowsPerPage must be at most 50");
    assertThatThrownBy(() -> new ReportConfig(Path.of("r"), 0, -1, 0))
        .hasMessageContaining("pagesPerPart must not be negative");
    assertThatThrownBy(() -> yaml.readValue("rowsPerPage: 30\n", ReportConfig.class))
        .hasRootCauseMessage("storeDir");
  }
}
