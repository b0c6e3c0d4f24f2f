package dev.jobqueue.callback;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The delivery of completion callbacks, on {@link dev.jobqueue.TaskQueues#CALLBACKS}. */
@ActivityInterface
public interface CallbackActivities {
  /**
   * POSTs the document, signed, once. Returns when the receiver answered 2xx; fails {@code
   * CallbackRejected} (retryable) on any other answer or none, {@code CallbackForbidden} (not
   * retryable) when the URL leads to an address callbacks may not reach or the tenant has no
   * secret.
   */
  @ActivityMethod(name = "DeliverCallback")
  void deliver(CallbackRequest request);
}
