package dev.jobqueue.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Housekeeping of the shared stores, run on the control queue by the process that has them. */
@ActivityInterface
public interface SweepActivities {
  /** Removes what no job needs any more; idempotent, so a retry removes only what is left. */
  @ActivityMethod(name = "SweepStores")
  SweepResult sweep(SweepRequest request);
}
