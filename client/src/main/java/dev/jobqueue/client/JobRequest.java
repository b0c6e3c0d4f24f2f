package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The body of {@code POST /v1/jobs}. Build one with {@link #email}, {@link #report}, {@link
 * #emailBatch} or {@link #of} and the {@code with...} methods; fields left null are left out.
 *
 * @param payload the type's payload as JSON; the typed helpers turn theirs into this
 * @param priority 1 (first) to 5, or null for the server's default
 * @param runAt when to start it, or null for now
 * @param deadline past it the job is cancelled, compensated and dead-lettered
 * @param callback where its status document is POSTed once it ends (see {@link CallbackSignature})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
    String type,
    JsonNode payload,
    Integer priority,
    Instant runAt,
    Duration deadline,
    URI callback) {
  public static final String EMAIL = "email";
  public static final String EMAIL_BATCH = "email-batch";
  public static final String PDF = "pdf";

  public JobRequest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
  }

  /** A job of any type with its payload as JSON. */
  public static JobRequest of(String type, JsonNode payload) {
    return new JobRequest(type, payload, null, null, null, null);
  }

  public static JobRequest email(EmailPayload payload) {
    return of(EMAIL, Json.MAPPER.valueToTree(payload));
  }

  public static JobRequest report(ReportPayload payload) {
    return of(PDF, Json.MAPPER.valueToTree(payload));
  }

  public static JobRequest emailBatch(EmailBatchPayload payload) {
    return of(EMAIL_BATCH, Json.MAPPER.valueToTree(payload));
  }

  public JobRequest withPriority(int priority) {
    return new JobRequest(type, payload, priority, runAt, deadline, callback);
  }

  public JobRequest withRunAt(Instant runAt) {
    return new JobRequest(type, payload, priority, runAt, deadline, callback);
  }

  public JobRequest withDeadline(Duration deadline) {
    return new JobRequest(type, payload, priority, runAt, deadline, callback);
  }

  public JobRequest withCallback(URI callback) {
    return new JobRequest(type, payload, priority, runAt, deadline, callback);
  }
}
