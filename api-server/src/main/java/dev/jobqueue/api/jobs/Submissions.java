package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.callbacks.CallbackConfig;
import dev.jobqueue.api.callbacks.CallbackRules;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.JsonProblems;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.api.http.BodyLimit;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.EmailRules;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a job request against every limit that does not depend on the time. */
public final class Submissions {
  public static final int DEFAULT_PRIORITY = 3;
  static final Duration MAX_DEADLINE = Duration.ofDays(30);

  /** Days, hours, minutes, seconds, in that order, upper case: what the OpenAPI document says. */
  static final Pattern DURATION =
      Pattern.compile(
          "P(?:\\d+D(?:T(?:\\d+H(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?|\\d+M(?:\\d+(?:\\.\\d+)?S)?"
              + "|\\d+(?:\\.\\d+)?S))?|T(?:\\d+H(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?"
              + "|\\d+M(?:\\d+(?:\\.\\d+)?S)?|\\d+(?:\\.\\d+)?S))");

  private final ObjectMapper mapper;
  private final CanonicalRequest.Writer canonicalRequests;
  private final BatchPayloadReader batches;
  private final BatchRules batchRules;
  private final JobRequestReader requests;
  private final RetryConfig retry;
  private final SenderDomains senders;
  private final CallbackRules callbacks;

  /**
   * Every job it reads is given its type's budget from {@code retry}; its emails are sent from
   * {@code senders}' domains of its tenant.
   */
  public Submissions(ObjectMapper mapper, RetryConfig retry, SenderDomains senders) {
    this(mapper, retry, senders, new CallbackRules(CallbackConfig.DEFAULT));
  }

  /** As above; a job's {@code callback} must pass {@code callbacks}. */
  public Submissions(
      ObjectMapper mapper, RetryConfig retry, SenderDomains senders, CallbackRules callbacks) {
    this.callbacks = callbacks;
    this.mapper = mapper;
    this.retry = retry;
    this.senders = senders;
    this.canonicalRequests = new CanonicalRequest.Writer(mapper);
    this.batches = new BatchPayloadReader(mapper);
    this.batchRules = new BatchRules(mapper, senders);
    this.requests = new JobRequestReader(mapper, batches);
  }

  /**
   * The submission the request body asks for, read as a stream (an {@code email-batch} payload item
   * by item), or 400 naming everything wrong with it; 413 once the body is over its {@code limit}.
   */
  public Submission read(JobRef job, InputStream body, BodyLimit limit) throws IOException {
    var read = requests.read(body, limit);
    return check(job, read.body(), read.batch());
  }

  /** The submission {@code body} asks for, or 400 naming everything wrong with it. */
  public Submission check(JobRef job, JsonNode body) {
    return check(job, body, null);
  }

  /**
   * As {@link #check(JobRef, JsonNode)}; {@code batch} is the payload when it was streamed, not in
   * the tree.
   */
  private Submission check(JobRef job, JsonNode body, BatchPayload batch) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalid("body", "a JSON object describing the job is required");
    }
    var v = new Violations();
    nulls(body, "", v);
    v.throwIfAny();
    JobRequest request;
    try {
      request = mapper.treeToValue(body, JobRequest.class);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e, "");
    }
    return check(job, request, batch, v);
  }

  /**
   * Explicit nulls are refused everywhere: a field is given or left out, so that what the OpenAPI
   * document calls valid is exactly what is accepted.
   */
  public static void nulls(JsonNode node, String path, Violations v) {
    if (node.isNull()) {
      v.add(path, "must not be null; leave the field out instead");
    } else if (node.isObject()) {
      node.properties()
          .forEach(
              e -> nulls(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), v));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        nulls(node.get(i), path + "[" + i + "]", v);
      }
    }
  }

  private Submission check(JobRef job, JobRequest request, BatchPayload batch, Violations v) {
    JobType type = type(request.type(), v);
    int priority = request.priority() == null ? DEFAULT_PRIORITY : request.priority();
    v.check(priority >= 1 && priority <= 5, "priority", "must be 1 (most urgent) to 5");
    Instant runAt = runAt(request.runAt(), v);
    Duration deadline = deadline(request.deadline(), v);
    String callback = callbacks.check(job.tenant(), request.callback(), v);
    Object input = null;
    if (batch != null && type == JobType.EMAIL_BATCH) {
      input = batchRules.check(job.tenant(), batch, retry.of(type), v);
    } else if (v.check(
            request.payload() != null && request.payload().isObject(),
            "payload",
            "required: an object with the "
                + (type == null ? "job type" : type.wireName())
                + "'s fields")
        && type != null) {
      input = payload(job, type, request.payload(), v);
    }
    v.throwIfAny();
    var canonical = canonicalRequests.of(type, input, priority, runAt, deadline, callback);
    return new Submission(
        type, input, priority, runAt, deadline, canonical.sha256(), canonical.json(), callback);
  }

  private static JobType type(String name, Violations v) {
    if (name == null) {
      v.add("type", "required: one of " + JobTypes.wireNames());
      return null;
    }
    var type = JobTypes.byWireName(name);
    v.check(type.isPresent(), "type", "unknown job type; known types: " + JobTypes.wireNames());
    return type.orElse(null);
  }

  private static Instant runAt(String value, Violations v) {
    if (value == null) {
      return null;
    }
    try {
      return DateTimes.parse(value);
    } catch (DateTimeParseException e) {
      v.add("runAt", DateTimes.RULE);
      return null;
    }
  }

  private static Duration deadline(String value, Violations v) {
    if (value == null) {
      return null;
    }
    Duration deadline = duration(value);
    if (deadline == null) {
      v.add(
          "deadline",
          "must be an ISO-8601 duration in days, hours, minutes and seconds, such as PT24H");
      return null;
    }
    v.check(
        deadline.isPositive() && deadline.compareTo(MAX_DEADLINE) <= 0,
        "deadline",
        "must be more than zero and at most 30 days (P30D)");
    return deadline;
  }

  /**
   * {@code value} read as an ISO-8601 duration in days, hours, minutes and seconds (the form the
   * OpenAPI document gives); null when it is not one.
   */
  public static Duration duration(String value) {
    if (value == null || !DURATION.matcher(value).matches()) {
      return null;
    }
    // each unit read as a number of any size, seconds to any precision: what the pattern (the
    // document's) allows is a duration; one too long for Java is the longest Java holds, which
    // every bound refuses or clamps as too long, and digits beyond the nanosecond are dropped
    Matcher unit = UNIT.matcher(value);
    BigDecimal seconds = BigDecimal.ZERO;
    while (unit.find()) {
      seconds =
          seconds.add(
              new BigDecimal(unit.group(1))
                  .multiply(BigDecimal.valueOf(UNIT_SECONDS.get(unit.group(2)))));
    }
    if (seconds.compareTo(LONGEST) >= 0) {
      return Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    }
    BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
    long nanos =
        seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).longValue();
    return Duration.ofSeconds(whole.longValueExact(), nanos);
  }

  private static final Pattern UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([DHMS])");

  private static final Map<String, Long> UNIT_SECONDS =
      Map.of("D", 86_400L, "H", 3_600L, "M", 60L, "S", 1L);

  private static final BigDecimal LONGEST = BigDecimal.valueOf(Long.MAX_VALUE);

  /**
   * A payload on its own, for a job of {@code type} that already exists (a dead letter redriven
   * with a corrected payload): the same rules as a new job's, fields named under {@code payload}.
   * The job's workflow input, with a fresh copy of its type's budget.
   */
  public Object checkPayload(JobRef job, JobType type, JsonNode payload) {
    var v = new Violations();
    if (v.check(
        payload != null && payload.isObject(),
        "payload",
        "must be an object with the " + type.wireName() + "'s fields")) {
      nulls(payload, "payload", v);
    }
    v.throwIfAny();
    Object input = payload(job, type, payload, v);
    v.throwIfAny();
    return input;
  }

  /** The workflow input ({@link EmailJob}, {@link ReportJob}, or {@link BatchInput} to stage). */
  private Object payload(JobRef job, JobType type, JsonNode payload, Violations v) {
    try {
      return switch (type) {
        case EMAIL -> email(job, mapper.treeToValue(payload, EmailMessage.class), v);
        case PDF -> report(job, mapper.treeToValue(payload, ReportPayload.class), v);
        case EMAIL_BATCH -> batchRules.check(job.tenant(), batch(payload), retry.of(type), v);
      };
    } catch (JsonProcessingException e) {
      var error = JsonProblems.error(e, "payload");
      v.add(error.field(), error.message());
      return null;
    }
  }

  private EmailJob email(JobRef job, EmailMessage message, Violations v) {
    EmailRules.check(message, "payload.", v);
    senders.check(job.tenant(), message.from(), "payload.from", v);
    return v.isEmpty() ? new EmailJob(job, message, retry.of(JobType.EMAIL)) : null;
  }

  private ReportJob report(JobRef job, ReportPayload p, Violations v) {
    ReportRules.check(p.template(), p.title(), p.rows(), p.sample(), "payload.", v);
    return v.isEmpty()
        ? new ReportJob(job, p.template(), p.title(), p.rows(), p.sample(), retry.of(JobType.PDF))
        : null;
  }

  /** An {@code email-batch} payload that is in the tree: read as if it were streamed. */
  private BatchPayload batch(JsonNode payload) {
    try (var tokens = mapper.treeAsTokens(payload)) {
      tokens.nextToken();
      return batches.read(tokens);
    } catch (IOException e) {
      throw new UncheckedIOException("a tree reads without I/O", e);
    }
  }
}
