package dev.jobqueue.api.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns what Jackson says about a body it could not read into a 400 naming the field, in words that
 * mention neither Java classes nor Jackson.
 */
public final class JsonProblems {
  private JsonProblems() {}

  /** The problem with a body that failed to parse or bind; {@code prefix} is where it was read. */
  public static ApiProblem of(JsonProcessingException e, String prefix) {
    return ApiProblem.invalid(List.of(error(e, prefix)));
  }

  /** As {@link #of}, for a part of a body read on its own (a job's payload). */
  public static FieldError error(JsonProcessingException e, String prefix) {
    return new FieldError(field(e, prefix), message(e));
  }

  static String field(JsonProcessingException e, String prefix) {
    String path = "";
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      path = path(mapping.getPath());
    } else if (pointsAtAField(e)
        && e instanceof StreamReadException read
        && read.getProcessor() instanceof JsonParser p) {
      path = path(p.getParsingContext());
    }
    String joined = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path;
    return joined.isEmpty() ? "body" : joined.replace(".[", "[");
  }

  /**
   * A number out of range or a field given twice is about one field; any other syntax error is
   * about the body, wherever the parser happened to stop.
   */
  private static boolean pointsAtAField(JsonProcessingException e) {
    return e instanceof InputCoercionException
        || (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field"));
  }

  private static String path(List<JsonMappingException.Reference> references) {
    var out = new StringBuilder();
    for (var ref : references) {
      if (ref.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String path(JsonStreamContext context) {
    var parts = new ArrayDeque<String>();
    for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  static String message(JsonProcessingException e) {
    return switch (e) {
      case UnrecognizedPropertyException u ->
          "unknown field; known fields: " + String.join(", ", names(u.getKnownPropertyIds()));
      case InputCoercionException c -> "number out of range";
      case MismatchedInputException m when m.getTargetType() != null ->
          "must be " + expected(m.getTargetType());
      case MismatchedInputException m -> "a JSON object is required";
      case StreamReadException r ->
          "malformed JSON: " + firstLine(r.getOriginalMessage()) + location(r);
      default -> "invalid value";
    };
  }

  private static String location(StreamReadException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static TreeSet<String> names(Collection<Object> ids) {
    var names = new TreeSet<String>();
    ids.forEach(id -> names.add(String.valueOf(id)));
    return names;
  }

  /** What a JSON value for {@code target} has to look like. */
  static String expected(Class<?> target) {
    if (target == String.class || target.isEnum()) {
      return "a string";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class
        || target == Short.class
        || target == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(target) || target.isRecord()) {
      return "an object";
    }
    return "a valid value";
  }
}
