package dev.jobqueue.deadletter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a bulk redrive is to signal. The API selects, the workflow only signals, so its input is the
 * selection itself: the workflow ids still to signal, a page of them per run, the rest carried over
 * by continue-as-new.
 *
 * @param tenant whose dead letters they are
 * @param workflowIds the jobs' workflow ids still to signal
 * @param counts what earlier runs of the same operation did ({@link BulkRedriveCounts#of} at first)
 * @param perRun signals per run before it continues as new (0: the workflow's default)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkRedriveInput(
    String tenant, List<String> workflowIds, BulkRedriveCounts counts, int perRun) {
  public BulkRedriveInput {
    workflowIds = List.copyOf(workflowIds);
  }
}
