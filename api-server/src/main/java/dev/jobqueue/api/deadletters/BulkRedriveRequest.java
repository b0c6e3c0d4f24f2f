package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Violations;
import java.util.List;

/**
 * The body of {@code POST /v1/dead-letters/redrive}: the filter of {@code GET /v1/dead-letters}
 * without paging. Required, so that "everything" is asked for as {@code {}}, never by accident.
 */
public final class BulkRedriveRequest {
  static final List<String> FIELDS =
      List.of("type", "errorType", "deadLetteredAfter", "deadLetteredBefore");

  private BulkRedriveRequest() {}

  /** The filter {@code body} asks for, or 400 naming each thing wrong with it. */
  public static DeadLetterFilter filter(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw ApiProblem.invalid(
          "body", "a JSON object with the filter is required; {} selects all your dead letters");
    }
    var v = new Violations();
    Bodies.fields(body, FIELDS, v);
    v.throwIfAny();
    String type = Bodies.text(body, "type", v);
    String errorType = Bodies.text(body, "errorType", v);
    String after = Bodies.text(body, "deadLetteredAfter", v);
    String before = Bodies.text(body, "deadLetteredBefore", v);
    var filter = DeadLetterFilter.parse(type, errorType, after, before, v);
    v.throwIfAny();
    return filter;
  }
}
