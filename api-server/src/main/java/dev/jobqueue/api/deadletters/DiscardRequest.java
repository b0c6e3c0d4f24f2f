package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.errors.Violations;
import java.util.List;

/**
 * Why a dead letter is discarded: given as the {@code reason} query parameter, the documented form
 * (a body on a DELETE is not something every client or proxy passes on), or in a body {@code
 * {"reason": "..."}}, which is still read; two different reasons are refused. It travels with the
 * Discard signal, so it stays in the job's history.
 */
public record DiscardRequest(String reason) {
  static final int MAX_REASON = 500;

  public static DiscardRequest of(String queryReason, JsonNode body) {
    var v = new Violations();
    String bodyReason = null;
    if (body != null && !body.isMissingNode()) {
      Bodies.fields(body, List.of("reason"), v);
      if (v.isEmpty()) {
        bodyReason = Bodies.text(body, "reason", v);
      }
    }
    v.throwIfAny();
    v.check(
        queryReason == null || bodyReason == null || queryReason.equals(bodyReason),
        "reason",
        "give the reason in the query or in the body, not two different ones");
    String reason = queryReason != null ? queryReason : bodyReason;
    if (reason != null) {
      int length = reason.codePointCount(0, reason.length());
      v.check(length >= 1 && length <= MAX_REASON, "reason", "1 to " + MAX_REASON + " characters");
      v.check(
          reason.chars().noneMatch(Character::isISOControl),
          "reason",
          "must not contain line breaks or control characters");
    }
    v.throwIfAny();
    return new DiscardRequest(reason);
  }
}
