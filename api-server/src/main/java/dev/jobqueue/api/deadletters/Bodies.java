package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.errors.Violations;
import java.util.List;

/**
 * The small request bodies of the dead-letter endpoints, read with the API's rules: an object, no
 * unknown fields, no explicit nulls (leave a field out instead), strings where strings go.
 */
final class Bodies {
  private Bodies() {}

  /** Checks that {@code body} is an object holding only {@code known} fields, none of them null. */
  static void fields(JsonNode body, List<String> known, Violations v) {
    if (!v.check(body.isObject(), "body", "must be a JSON object")) {
      return;
    }
    for (var field : body.properties()) {
      String name = field.getKey();
      if (!known.contains(name)) {
        v.add(name, "unknown field; known fields: " + String.join(", ", known));
      } else if (field.getValue().isNull()) {
        v.add(name, "must not be null; leave the field out instead");
      }
    }
  }

  /**
   * The string {@code field} of {@code body}, null when absent or not a string (then in {@code v}).
   */
  static String text(JsonNode body, String field, Violations v) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return v.check(value.isTextual(), field, "must be a string") ? value.asText() : null;
  }
}
