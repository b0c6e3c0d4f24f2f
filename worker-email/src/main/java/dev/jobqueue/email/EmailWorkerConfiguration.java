package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.runtime.WorkerConfiguration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * worker-email's YAML: Temporal, the transactional lane's limits ({@code worker:}), the SMTP relay,
 * the lanes it serves and the bulk lane's limits, and the batch store.
 */
public class EmailWorkerConfiguration extends WorkerConfiguration {
  @NotNull private SmtpConfig smtp;

  @NotNull private LanesConfig lanes = LanesConfig.DEFAULT;

  /**
   * The directory the API stages email batches in; shared with api-server, like the report store.
   */
  @NotEmpty private String batchStoreDir = "var/batches";

  @JsonProperty
  public SmtpConfig getSmtp() {
    return smtp;
  }

  @JsonProperty
  public void setSmtp(SmtpConfig smtp) {
    this.smtp = smtp;
  }

  @JsonProperty
  public LanesConfig getLanes() {
    return lanes;
  }

  @JsonProperty
  public void setLanes(LanesConfig lanes) {
    this.lanes = lanes;
  }

  @JsonProperty
  public String getBatchStoreDir() {
    return batchStoreDir;
  }

  @JsonProperty
  public void setBatchStoreDir(String batchStoreDir) {
    this.batchStoreDir = batchStoreDir;
  }
}
