package dev.jobqueue.email;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the email fleet. */
@ActivityInterface
public interface EmailActivities {
  /**
   * Sends the message once over SMTP. Fails with {@code SmtpTransient} or {@code SmtpUnavailable}
   * (retryable, with a jittered next-retry delay), {@code SmtpRejected} when every recipient got a
   * 5xx, or {@code InvalidMessage}; the last two are not retried.
   */
  @ActivityMethod(name = "SendEmail")
  SendEmailResult sendEmail(EmailJob job);
}
