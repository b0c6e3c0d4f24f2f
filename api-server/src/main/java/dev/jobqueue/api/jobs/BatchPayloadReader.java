package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.errors.JsonProblems;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.EmailRules;
import dev.jobqueue.rules.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an {@code email-batch} payload token by token, so that 100,000 recipients never exist as
 * one JSON tree: each recipient or message is read as a small tree, checked on its own and kept as
 * a {@link BatchItem}; a list past its limit is skipped, not read. What depends on the template
 * (which may come after the recipients) is checked afterwards, by {@link BatchRules}.
 */
final class BatchPayloadReader {
  static final int MAX_VARS = 50;
  static final int MAX_VAR_NAME = 64;
  static final int MAX_VAR_VALUE = 1_000;
  static final Pattern VAR_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_VAR_NAME + "}");
  private static final String AT = "payload.";

  private interface ItemReader {
    BatchItem read(int index, JsonNode node, String at, ItemErrors errors);
  }

  private final ObjectMapper mapper;

  /** Reads one value of a longer stream: what follows it is the rest of the body, not garbage. */
  private final ObjectReader nodes;

  BatchPayloadReader(ObjectMapper mapper) {
    this.mapper = mapper;
    this.nodes =
        mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Reads the payload object {@code p} is at (its START_OBJECT is the current token). */
  BatchPayload read(JsonParser p) throws IOException {
    var errors = new ItemErrors();
    JsonNode template = null;
    BatchPayload.Items recipients = null;
    BatchPayload.Items messages = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "template" -> template = value(p);
        case "recipients" ->
            recipients = items(p, name, BatchLimits.MAX_TEMPLATED_ITEMS, errors, this::recipient);
        case "messages" ->
            messages = items(p, name, BatchLimits.MAX_DISTINCT_ITEMS, errors, this::message);
        default -> {
          errors.batch(AT + name, "unknown field; known fields: messages, recipients, template");
          p.skipChildren();
        }
      }
    }
    return new BatchPayload(template, recipients, messages, errors);
  }

  private JsonNode value(JsonParser p) throws IOException {
    JsonNode node = p.currentToken() == JsonToken.VALUE_NULL ? null : nodes.readValue(p);
    return node == null ? NullNode.getInstance() : node;
  }

  private BatchPayload.Items items(
      JsonParser p, String field, int max, ItemErrors errors, ItemReader reader)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      errors.batch(
          AT + field,
          p.currentToken() == JsonToken.VALUE_NULL
              ? "must not be null; leave the field out instead"
              : "must be an array of 1 to " + max + " " + field);
      p.skipChildren();
      return BatchPayload.Items.malformedField();
    }
    var items = new ArrayList<BatchItem>(Math.min(max, 1_024));
    int count = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (count < max) {
        items.add(reader.read(count, value(p), AT + field + "[" + count + "]", errors));
      } else {
        p.skipChildren(); // past the limit: counted, not kept
      }
      count++;
    }
    if (count > max) {
      errors.batch(AT + field, "at most " + max + " " + field + ", not " + count);
    }
    return new BatchPayload.Items(items, count, false);
  }

  /** One recipient of a templated batch: {@code {"to": ..., "vars": {...}}}; null if invalid. */
  private BatchItem recipient(int index, JsonNode node, String at, ItemErrors errors) {
    if (!node.isObject()) {
      errors.item(
          at, node.isNull() ? "must be an object, not null" : "must be an object with to and vars");
      return null;
    }
    var v = new Violations();
    String to = null;
    Map<String, String> vars = Map.of();
    for (var field : node.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "to" -> to = to(value, at + ".to", v);
        case "vars" -> vars = vars(value, at + ".vars", v);
        default -> v.add(at + "." + field.getKey(), "unknown field; known fields: to, vars");
      }
    }
    v.check(node.has("to"), at + ".to", "required: the recipient's address");
    if (!v.isEmpty()) {
      errors.item(v);
      return null;
    }
    return BatchItem.templated(index, to, vars);
  }

  private static String to(JsonNode value, String at, Violations v) {
    if (!value.isTextual()) {
      v.add(at, value.isNull() ? "must be an address, not null" : "must be a string");
      return null;
    }
    EmailRules.addressProblem(value.asText()).ifPresent(problem -> v.add(at, problem));
    return value.asText();
  }

  private static Map<String, String> vars(JsonNode value, String at, Violations v) {
    if (!value.isObject()) {
      v.add(
          at,
          value.isNull()
              ? "must not be null; leave the field out instead"
              : "must be an object of strings");
      return Map.of();
    }
    if (!v.check(
        value.size() <= MAX_VARS, at, "at most " + MAX_VARS + " vars, not " + value.size())) {
      return Map.of();
    }
    var vars = new LinkedHashMap<String, String>();
    for (var entry : value.properties()) {
      String name = entry.getKey();
      JsonNode text = entry.getValue();
      String field = at + "." + name;
      v.check(
          VAR_NAME.matcher(name).matches(),
          field,
          "var names are 1 to " + MAX_VAR_NAME + " letters, digits, '_', '.' or '-'");
      if (!text.isTextual()) {
        v.add(
            field,
            text.isNull() ? "must not be null; leave the var out instead" : "must be a string");
      } else if (v.check(
          Text.length(text.asText()) <= MAX_VAR_VALUE,
          field,
          "at most " + MAX_VAR_VALUE + " characters, not " + Text.length(text.asText()))) {
        vars.put(name, text.asText());
      }
    }
    return vars;
  }

  /** One message of a distinct batch: an {@code email} payload; null if invalid. */
  private BatchItem message(int index, JsonNode node, String at, ItemErrors errors) {
    if (!node.isObject()) {
      errors.item(
          at,
          node.isNull() ? "must be an object, not null" : "must be an object: an email's payload");
      return null;
    }
    var v = new Violations();
    Submissions.nulls(node, at, v);
    if (!v.isEmpty()) {
      errors.item(v);
      return null;
    }
    EmailMessage payload;
    try {
      payload = mapper.treeToValue(node, EmailMessage.class);
    } catch (JsonProcessingException e) {
      FieldError error = JsonProblems.error(e, at);
      errors.item(error.field(), error.message());
      return null;
    }
    EmailRules.check(payload, at + ".", v);
    if (!v.isEmpty()) {
      errors.item(v);
      return null;
    }
    return BatchItem.distinct(index, payload);
  }
}
