package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * Who a job belongs to. Every job input carries one; effects derive their identity from it (the
 * email {@code Message-ID}, the report file name), so an at-least-once redelivery is recognisable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRef(String jobId, String tenant) {
  public JobRef {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** The Temporal workflow id: tenants share a namespace, so the tenant is part of the id. */
  public String workflowId() {
    return tenant + "/" + jobId;
  }
}
