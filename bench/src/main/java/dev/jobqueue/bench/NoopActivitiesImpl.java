package dev.jobqueue.bench;

public class NoopActivitiesImpl implements NoopActivities {
  @Override
  public String noop(String input) {
    return input;
  }
}
