package dev.jobqueue.email;

public class KeyReservationWorkflowImpl implements KeyReservationWorkflow {
  @Override
  public void reserve(KeyReservation reservation) {
    // the reservation is the workflow's id and memo, written by its starter; nothing to do
  }
}
