package dev.jobqueue.email;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Holds a coalesced email's Idempotency-Key: a workflow that does nothing and ends at once. Its id
 * and memo are the reservation; its group sends the email.
 */
@WorkflowInterface
public interface KeyReservationWorkflow {
  @WorkflowMethod(name = "KeyReservation")
  void reserve(KeyReservation reservation);
}
