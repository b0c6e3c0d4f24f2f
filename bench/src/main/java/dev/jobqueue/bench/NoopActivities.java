package dev.jobqueue.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface NoopActivities {
  @ActivityMethod(name = "BenchNoop")
  String noop(String input);
}
