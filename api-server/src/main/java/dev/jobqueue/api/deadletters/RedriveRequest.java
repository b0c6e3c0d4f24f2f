package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.errors.Violations;
import java.util.List;

/**
 * The optional body of {@code POST /v1/dead-letters/{jobId}/redrive}.
 *
 * @param payload a corrected payload for the job's type; null to run the job on its input as it was
 */
public record RedriveRequest(JsonNode payload) {
  public static final RedriveRequest AS_IT_WAS = new RedriveRequest(null);

  /** The request {@code body} holds (null: none), or 400. */
  public static RedriveRequest of(JsonNode body) {
    if (body == null || body.isMissingNode()) {
      return AS_IT_WAS;
    }
    var v = new Violations();
    Bodies.fields(body, List.of("payload"), v);
    v.throwIfAny();
    return new RedriveRequest(body.get("payload"));
  }
}
