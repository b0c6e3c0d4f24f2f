package dev.jobqueue.email;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the email fleet, next to {@link EmailActivities}, over the same connections. */
@ActivityInterface
public interface EmailGroupActivities {
  /**
   * Sends each email of the chunk once, concurrently, and says per email what the relay did; an
   * email the relay defers (or could not be reached for) is DEFERRED, not a failure of the chunk,
   * so that it waits its own backoff while the others are done. Heartbeats the emails finished so
   * far, so that an attempt after a crash does not send them again. Fails only when the worker
   * cannot do its part (interrupted, a bug): Temporal then tries the chunk again.
   */
  @ActivityMethod(name = "SendGroupChunk")
  GroupChunkResult sendChunk(GroupChunk chunk);
}
