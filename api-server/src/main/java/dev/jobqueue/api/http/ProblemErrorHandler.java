package dev.jobqueue.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Problem;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Jersey (an ambiguous path such as {@code
 * /v1/jobs/a%2Fb}, a malformed request line) as problem documents too, not HTML pages.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every method gets a problem body, not only GET, POST and HEAD as Jetty's default has it. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  // marked for removal in Jetty 12, and still what it calls for a request its parser refuses
  @SuppressWarnings("removal")
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE));
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String message) {
    // Jetty's own words for a malformed request are safe to show; a 5xx says nothing
    String detail = status < 500 && message != null ? message : "the request could not be served";
    try {
      return JSON.writeValueAsBytes(ApiProblem.http(status, detail, Map.of()).problem());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem always serialises", e);
    }
  }
}
