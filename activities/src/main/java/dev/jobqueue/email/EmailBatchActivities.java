package dev.jobqueue.email;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the email fleet, next to {@link EmailActivities} and sharing its connections. */
@ActivityInterface
public interface EmailBatchActivities {
  /**
   * Sends the items of one staged chunk that no earlier attempt settled, recording each item's
   * outcome in the batch store before heartbeating. Items the relay refuses for good are
   * dead-lettered there and counted. A message the relay defers (4xx at RCPT TO or for its DATA,
   * the connection still usable) defers that item only: in a round ({@link
   * ChunkRequest#inRounds()}) it is recorded as deferred with its own next attempt, and returned,
   * or dead-lettered once its own budget is spent; in an older request it fails the attempt once
   * the others are sent. The chunk fails (retryably, {@code SmtpUnavailable} or {@code
   * SmtpTransient}) when the relay cannot take any message: it cannot be reached, the connection
   * breaks, or it answers 421.
   */
  @ActivityMethod(name = "SendEmailChunk")
  ChunkResult sendChunk(ChunkRequest request);
}
