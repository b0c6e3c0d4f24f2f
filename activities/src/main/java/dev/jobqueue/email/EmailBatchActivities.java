package dev.jobqueue.email;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the email fleet, next to {@link EmailActivities} and sharing its connections. */
@ActivityInterface
public interface EmailBatchActivities {
  /**
   * Sends the items of one staged chunk that no earlier attempt settled, recording each item's
   * outcome in the batch store before heartbeating. Items the relay refuses for good are
   * dead-lettered there and counted; the chunk itself fails (retryably, {@code SmtpTransient} or
   * {@code SmtpUnavailable}) only while some item could not be sent yet.
   */
  @ActivityMethod(name = "SendEmailChunk")
  ChunkResult sendChunk(ChunkRequest request);
}
