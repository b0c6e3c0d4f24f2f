package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.runtime.WorkerConfiguration;
import jakarta.validation.constraints.NotNull;

/** worker-pdf's YAML: Temporal, its limits, and how reports are rendered and stored. */
public class PdfWorkerConfiguration extends WorkerConfiguration {
  @NotNull private ReportConfig reports;

  @JsonProperty
  public ReportConfig getReports() {
    return reports;
  }

  @JsonProperty
  public void setReports(ReportConfig reports) {
    this.reports = reports;
  }
}
