package dev.jobqueue.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an exception into an HTTP answer, and the only catch-all: our own {@link
 * ApiProblem}s, Jersey's HTTP errors (404, 405, 415, ...), bodies Jackson could not read, Temporal
 * pushing back; anything else is a bug, logged and answered 500 without details. Replaces
 * Dropwizard's default mappers, so that every error is {@code application/problem+json}.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    return problem(e).toResponse();
  }

  /**
   * The problem {@code e} is answered with; a request that answers for several parts (each job of
   * {@code POST /v1/jobs:batch}) answers each part's failure with this too.
   */
  public static ApiProblem problem(Throwable e) {
    // ours even when wrapped: the body limit trips inside Jackson, which wraps what it catches
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiProblem problem) {
        return problem;
      }
    }
    return switch (e) {
      case JsonProcessingException json -> JsonProblems.of(json, "");
      case WebApplicationException web
          when web.getCause() instanceof JsonProcessingException json ->
          JsonProblems.of(json, "");
      case WebApplicationException web -> http(web);
      default -> TemporalProblems.of(e).orElseGet(() -> unexpected(e));
    };
  }

  private static ApiProblem http(WebApplicationException e) {
    Response response = e.getResponse();
    int status = response.getStatus();
    if (status >= 500) {
      return unexpected(e);
    }
    Map<String, String> headers = new HashMap<>();
    // a 405 must say what is allowed (RFC 9110 §15.5.6)
    String allow = response.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      headers.put(HttpHeaders.ALLOW, allow);
    }
    return ApiProblem.http(status, detail(status), headers);
  }

  private static String detail(int status) {
    return switch (status) {
      case 404 -> "no such resource; see /v1/openapi.json for what there is";
      case 405 -> "this resource does not support that method";
      case 406 -> "this resource cannot answer in a media type the request accepts";
      case 415 -> "send the body as application/json";
      default -> "the request cannot be served";
    };
  }

  private static ApiProblem unexpected(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.error("unexpected error, incident {}", incident, e);
    return ApiProblem.of(
        500,
        "internal-error",
        "Internal server error",
        "something went wrong on our side; it was logged as incident " + incident);
  }
}
