package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.errors.JsonProblems;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Checks a request to create a schedule, its {@code job} by the very rules {@code POST /v1/jobs}
 * applies (so that a schedule never fires a job the API would refuse), and each firing by them
 * again.
 */
public final class ScheduleRules {
  /** What a schedule id must be: it is a path segment, and part of its Temporal id. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static final String ID_RULE = "must be 1 to 64 letters, digits, '-' or '_'";

  /** Temporal refuses a shorter catch-up window. */
  static final Duration MIN_CATCHUP = Duration.ofSeconds(10);

  static final Duration MAX_SPAN = Duration.ofDays(366);
  static final Duration DEFAULT_CATCHUP = Duration.ofMinutes(1);
  static final int MAX_NOTE = 500;

  private final ObjectMapper mapper;
  private final Submissions submissions;
  private final ScheduleConfig config;

  public ScheduleRules(ObjectMapper mapper, Submissions submissions, ScheduleConfig config) {
    this.mapper = mapper;
    this.submissions = submissions;
    this.config = config;
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The schedule {@code body} asks {@code tenant} to have, or 400 naming all that is wrong. */
  public NewSchedule check(String tenant, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalid("body", "a JSON object describing the schedule is required");
    }
    var v = new Violations();
    Submissions.nulls(body, "", v);
    v.throwIfAny();
    ScheduleRequest request;
    try {
      request = mapper.treeToValue(body, ScheduleRequest.class);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e, "");
    }
    if (request.id() != null) {
      v.check(validId(request.id()), "id", ID_RULE);
    }
    ScheduleDefinition definition = definition(request, v);
    String jobHash = job(tenant, request.job(), v);
    v.throwIfAny();
    boolean paused = Boolean.TRUE.equals(request.paused());
    ObjectNode job = (ObjectNode) request.job();
    return new NewSchedule(
        request.id(), definition, paused, job, hash(definition, paused, jobHash));
  }

  /**
   * When {@code request} fires, with what is wrong with it in {@code v} (then null). A duration
   * outside what a schedule can do is brought inside it, not refused: no schema can bound an
   * ISO-8601 duration, and the schedule shows what it uses.
   */
  ScheduleDefinition definition(ScheduleRequest request, Violations v) {
    String cron = null;
    String interval = null;
    String offset = null;
    if ((request.cron() == null) == (request.interval() == null)) {
      v.add("cron", "give exactly one of cron and interval");
    } else if (request.cron() != null) {
      String problem = CronRules.problem(request.cron());
      v.check(problem == null, "cron", problem);
      cron = request.cron();
      v.check(request.offset() == null, "offset", "is for an interval; a cron says when it fires");
    } else {
      Duration every = duration(request.interval(), "interval", v);
      if (every != null) {
        every = clamp(every, config.minInterval(), MAX_SPAN);
        interval = every.toString();
      }
      Duration at =
          request.offset() == null ? Duration.ZERO : duration(request.offset(), "offset", v);
      if (at != null) {
        // an offset of a whole interval or more fires at the same times as its remainder
        offset =
            (every == null ? at : at.minus(every.multipliedBy(at.dividedBy(every)))).toString();
      }
    }
    String zone = request.timeZone() == null ? "UTC" : request.timeZone();
    v.check(
        TimeZones.NAMES.contains(zone),
        "timeZone",
        "must be an IANA time zone, such as Europe/Berlin or UTC (the API document lists them)");
    Overlap overlap = overlap(request.overlap(), v);
    Duration catchup =
        request.catchupWindow() == null
            ? DEFAULT_CATCHUP
            : duration(request.catchupWindow(), "catchupWindow", v);
    if (catchup != null) {
      catchup = clamp(catchup, MIN_CATCHUP, MAX_SPAN);
    }
    return catchup == null || !v.isEmpty()
        ? null
        : new ScheduleDefinition(cron, interval, offset, zone, overlap, catchup.toString());
  }

  /** A pause or resume: {@code {"paused": true|false, "note": "..."}}. */
  public ScheduleChange change(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.invalid("body", "a JSON object such as {\"paused\": true} is required");
    }
    var v = new Violations();
    Submissions.nulls(body, "", v);
    v.throwIfAny();
    ScheduleChange change;
    try {
      change = mapper.treeToValue(body, ScheduleChange.class);
    } catch (JsonProcessingException e) {
      throw JsonProblems.of(e, "");
    }
    v.check(change.paused() != null, "paused", "required: true to pause, false to resume");
    if (change.note() != null) {
      v.check(
          change.note().length() <= MAX_NOTE
              && change.note().chars().noneMatch(Character::isISOControl),
          "note",
          "must be at most " + MAX_NOTE + " characters, without control characters");
    }
    v.throwIfAny();
    return change;
  }

  private static Duration duration(String value, String field, Violations v) {
    Duration d = Submissions.duration(value);
    v.check(
        d != null,
        field,
        "must be an ISO-8601 duration in days, hours, minutes and seconds, such as PT1H");
    return d;
  }

  private static Overlap overlap(String value, Violations v) {
    if (value == null) {
      return Overlap.SKIP;
    }
    var known = Arrays.stream(Overlap.values()).map(Enum::name).toList();
    if (!known.contains(value)) {
      v.add("overlap", "must be one of " + known);
      return null;
    }
    return Overlap.valueOf(value);
  }

  /** The job's request hash, checked as {@code POST /v1/jobs} checks it; errors under job. */
  private String job(String tenant, JsonNode job, Violations v) {
    if (job == null || !job.isObject()) {
      v.add("job", "required: the body of POST /v1/jobs (type, payload, priority, deadline)");
      return null;
    }
    if (job.has("runAt")) {
      v.add("job.runAt", "is not allowed: a scheduled job is due when its schedule fires");
      return null;
    }
    try {
      // a placeholder id: the rules do not depend on it, and each firing has its own
      return submissions.check(new JobRef("schedule", tenant), job).requestHash();
    } catch (ApiProblem problem) {
      if (problem.errors() == null) {
        throw problem;
      }
      for (FieldError e : problem.under("job").errors()) {
        v.add(e.field(), e.message());
      }
      return null;
    }
  }

  private String hash(ScheduleDefinition definition, boolean paused, String jobHash) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(mapper.writeValueAsBytes(definition));
      sha.update(("\0" + paused + "\0" + jobHash).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("a record always serialises and SHA-256 always exists", e);
    }
  }
}
