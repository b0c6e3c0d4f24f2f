package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.runtime.WorkerConfiguration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** worker-email's YAML: Temporal, its limits, the SMTP relay, and the batch store. */
public class EmailWorkerConfiguration extends WorkerConfiguration {
  @NotNull private SmtpConfig smtp;

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
  public String getBatchStoreDir() {
    return batchStoreDir;
  }

  @JsonProperty
  public void setBatchStoreDir(String batchStoreDir) {
    this.batchStoreDir = batchStoreDir;
  }
}
