package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.runtime.WorkerConfiguration;
import jakarta.validation.constraints.NotNull;

/** worker-email's YAML: Temporal, its limits, and the SMTP relay. */
public class EmailWorkerConfiguration extends WorkerConfiguration {
  @NotNull private SmtpConfig smtp;

  @JsonProperty
  public SmtpConfig getSmtp() {
    return smtp;
  }

  @JsonProperty
  public void setSmtp(SmtpConfig smtp) {
    this.smtp = smtp;
  }
}
