package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.job.JobRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;

/**
 * The email activity running inside Temporal's activity test environment, against a relay on {@code
 * localhost:port}: the same execution context a worker gives it, one attempt per call.
 */
final class ActivityHarness implements AutoCloseable {
  static final String TENANT = "acme";
  static final String DEFAULT_FROM = "Jobs <jobs@example.com>";

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final EmailActivitiesImpl activities;
  final EmailActivities stub;

  ActivityHarness(int port) {
    this(config(port), new SmtpTransportPool(config(port)));
  }

  ActivityHarness(SmtpConfig config, SmtpTransportPool pool) {
    activities = new EmailActivitiesImpl(config, pool);
    env.registerActivitiesImplementations(activities);
    stub =
        env.newActivityStub(
            EmailActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  TestActivityEnvironment env() {
    return env;
  }

  SendEmailResult send(EmailJob job) {
    return stub.sendEmail(job);
  }

  /** The failure the activity ends {@code job} with; fails the test if it succeeds. */
  ApplicationFailure failureOf(EmailJob job) {
    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> stub.sendEmail(job));
    assertThat(failure).as("the send should fail").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }

  static SmtpConfig config(int port) {
    return SmtpConfig.openRelay("127.0.0.1", port, DEFAULT_FROM).withPoolSize(2);
  }

  static EmailJob job(String jobId, EmailMessage message) {
    return new EmailJob(new JobRef(jobId, TENANT), message);
  }

  static EmailJob textTo(String jobId, String... to) {
    return job(jobId, EmailMessage.text(List.of(to), "Hello", "Hi there."));
  }

  @Override
  public void close() {
    env.close();
    activities.close();
  }
}
