package dev.jobqueue.api.errors;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An error the API answers on purpose, thrown from anywhere in a request and turned into an RFC
 * 9457 problem by {@link ProblemMapper}. Each kind has a stable {@code type} URI clients can switch
 * on; plain HTTP errors use {@code about:blank}.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Not dereferenceable on purpose: a name for the kind of problem, not a page. */
  static final String TYPE_PREFIX = "tag:jobqueue.dev,2025:";

  private final int status;
  private final String type;
  private final String title;
  // an exception answered within its request, never serialised
  private final transient List<FieldError> errors;
  private final transient Map<String, String> headers;

  private ApiProblem(
      int status,
      String type,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors == null ? null : List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  /** A plain HTTP error: {@code about:blank}, titled with the status's reason phrase. */
  public static ApiProblem http(int status, String detail, Map<String, String> headers) {
    var reason = Response.Status.fromStatusCode(status);
    String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
    return new ApiProblem(status, "about:blank", title, detail, null, headers);
  }

  public static ApiProblem of(int status, String kind, String title, String detail) {
    return new ApiProblem(status, TYPE_PREFIX + kind, title, detail, null, Map.of());
  }

  /** 400 naming every offending field. */
  public static ApiProblem invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.getFirst().field() + ": " + errors.getFirst().message()
            : errors.size() + " fields are invalid; see errors";
    return new ApiProblem(
        400, TYPE_PREFIX + "invalid-request", "The request is invalid", detail, errors, Map.of());
  }

  public static ApiProblem invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  /** The job does not exist for this caller, whether it does not exist at all or is not theirs. */
  public static ApiProblem jobNotFound(String jobId) {
    return of(404, "job-not-found", "No such job", "there is no job " + jobId);
  }

  public static ApiProblem unauthorized(String detail, String challenge) {
    return new ApiProblem(
        401,
        TYPE_PREFIX + "unauthorized",
        "Authentication required",
        detail,
        null,
        Map.of("WWW-Authenticate", challenge));
  }

  /** 429 or 503: come back later, after {@code retryAfterSeconds}. */
  public static ApiProblem retryLater(
      int status, String kind, String title, String detail, long retryAfterSeconds) {
    return new ApiProblem(
        status,
        TYPE_PREFIX + kind,
        title,
        detail,
        null,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The seconds its {@code Retry-After} header says to wait; empty if it has none. */
  public OptionalLong retryAfterSeconds() {
    String value = headers.get("Retry-After");
    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
  }

  /** Temporal shed load or did not answer: a 429 or 503 that asking again at once will not cure. */
  public boolean isTemporalPushback() {
    return TemporalProblems.isPushback(type);
  }

  /**
   * This problem about one part of a larger request: each field it names is named under {@code
   * path} ({@code payload.to[0]} becomes {@code jobs[3].payload.to[0]}; {@code body}, the part as a
   * whole, becomes {@code jobs[3]}). A problem that names no field is itself.
   */
  public ApiProblem under(String path) {
    if (errors == null) {
      return this;
    }
    return invalid(
        errors.stream()
            .map(
                e ->
                    new FieldError(
                        e.field().equals("body")
                            ? path
                            : path + (e.field().startsWith("[") ? "" : ".") + e.field(),
                        e.message()))
            .toList());
  }

  /** The headers it is answered with. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The same problem with {@code more} headers besides its own. */
  public ApiProblem withHeaders(Map<String, String> more) {
    var all = new LinkedHashMap<String, String>(headers);
    all.putAll(more);
    return new ApiProblem(status, type, title, getMessage(), errors, all);
  }

  /** The same kind of problem, status and headers, in other words. */
  public ApiProblem withDetail(String detail) {
    return new ApiProblem(status, type, title, detail, errors, headers);
  }

  public Problem problem() {
    return new Problem(type, title, status, getMessage(), errors);
  }

  public Response toResponse() {
    var response = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem());
    headers.forEach(response::header);
    return response.build();
  }
}
