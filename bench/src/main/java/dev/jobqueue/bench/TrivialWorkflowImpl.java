package dev.jobqueue.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class TrivialWorkflowImpl implements TrivialWorkflow {
  private final NoopActivities noop =
      Workflow.newActivityStub(
          NoopActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public String run(String input) {
    return noop.noop(input);
  }
}
