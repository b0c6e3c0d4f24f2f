package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.errors.JsonProblems;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailRules;
import dev.jobqueue.retry.RetryBudget;
import dev.jobqueue.rules.Text;
import dev.jobqueue.template.CompiledTemplate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits of an {@code email-batch}: exactly one of a template with 1 to 100,000 recipients and
 * 1 to 10,000 distinct messages, each message under the {@code email} rules. A recipient whose
 * message the worker would refuse (a var the template uses missing, a subject that would break or
 * grow past 998 characters, a body past 512 KiB) is refused here, so that an accepted batch
 * dead-letters only what the relay refuses.
 */
final class BatchRules {
  private static final String TEMPLATE = "payload.template";

  private final ObjectMapper mapper;
  private final SenderDomains senders;

  /** The items' canonical JSON, for their digest: maps in key order. */
  private final ObjectWriter canonical;

  BatchRules(ObjectMapper mapper, SenderDomains senders) {
    this.mapper = mapper;
    this.senders = senders;
    this.canonical = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  /** The template's placeholders, field by field. */
  private record Shape(Placeholders subject, Placeholders text, Placeholders html) {
    Set<String> names() {
      var names = new LinkedHashSet<String>(subject.names());
      names.addAll(text.names());
      names.addAll(html.names());
      return names;
    }
  }

  /**
   * The batch of {@code tenant}, or null if anything (here or before) was wrong: {@code v} says
   * what.
   */
  BatchInput check(String tenant, BatchPayload batch, RetryBudget retry, Violations v) {
    ItemErrors errors = batch.errors();
    boolean templated = batch.template() != null || batch.recipients() != null;
    boolean distinct = batch.messages() != null;
    if (templated && distinct) {
      errors.batch(
          "payload.messages", "give either template and recipients, or messages, not both");
    } else if (!templated && !distinct) {
      errors.batch("payload.recipients", "required: template and recipients, or messages");
    } else if (templated) {
      if (batch.template() == null) {
        errors.batch(TEMPLATE, "required with recipients: the message to send each of them");
      }
      if (batch.recipients() == null) {
        errors.batch(
            "payload.recipients",
            "required with a template: 1 to " + BatchLimits.MAX_TEMPLATED_ITEMS + " recipients");
      }
    }
    count(
        batch.recipients(),
        "payload.recipients",
        BatchLimits.MAX_TEMPLATED_ITEMS,
        "recipients",
        errors);
    count(batch.messages(), "payload.messages", BatchLimits.MAX_DISTINCT_ITEMS, "messages", errors);

    MessageTemplate template =
        batch.template() == null ? null : template(tenant, batch.template(), v);
    if (template != null && batch.recipients() != null && !distinct) {
      checkRecipients(batch.recipients().items(), shape(template), errors);
    }
    if (distinct) {
      checkSenders(tenant, batch.messages().items(), errors);
    }
    errors.reportTo(v);
    if (!v.isEmpty()) {
      return null;
    }
    List<BatchItem> items = templated ? batch.recipients().items() : batch.messages().items();
    return new BatchInput(templated ? template : null, items, sha256(items), retry);
  }

  private static void count(
      BatchPayload.Items items, String field, int max, String what, ItemErrors errors) {
    if (items != null && !items.malformed() && items.count() == 0) {
      errors.batch(field, "must hold 1 to " + max + " " + what);
    }
  }

  /** The template, or null if it is invalid (reported to {@code v}). */
  private MessageTemplate template(String tenant, JsonNode node, Violations v) {
    if (!node.isObject()) {
      v.add(
          TEMPLATE,
          node.isNull()
              ? "must not be null; leave the field out instead"
              : "must be an object: from, replyTo, subject, text, html, headers");
      return null;
    }
    var local = new Violations();
    Submissions.nulls(node, TEMPLATE, local);
    MessageTemplate t = null;
    if (local.isEmpty()) {
      try {
        t = mapper.treeToValue(node, MessageTemplate.class);
      } catch (JsonProcessingException e) {
        FieldError error = JsonProblems.error(e, TEMPLATE);
        local.add(error.field(), error.message());
      }
    }
    if (t != null) {
      String at = TEMPLATE + ".";
      EmailRules.address(t.from(), at + "from", local);
      senders.check(tenant, t.from(), at + "from", local);
      EmailRules.address(t.replyTo(), at + "replyTo", local);
      EmailRules.subject(t.subject(), at + "subject", local);
      EmailRules.body(t.text(), t.html(), at, local);
      EmailRules.headers(t.headers(), at + "headers", local);
    }
    if (!local.isEmpty()) {
      local.list().forEach(e -> v.add(e.field(), e.message()));
      return null;
    }
    var template = t;
    try {
      CompiledTemplate.of(template); // the workers' own parser decides what a placeholder is
    } catch (IllegalArgumentException e) {
      // "subject: malformed placeholder at character 3 (...)"
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      v.add(
          colon > 0 ? TEMPLATE + "." + message.substring(0, colon) : TEMPLATE,
          colon > 0 ? message.substring(colon + 2) : message);
      return null;
    }
    return placeholdersFit(template, v) ? template : null;
  }

  /**
   * A recipient has at most 50 vars named with at most 64 characters: more could never be filled.
   */
  private static boolean placeholdersFit(MessageTemplate template, Violations v) {
    Shape shape = shape(template);
    boolean fit = true;
    for (var field :
        Map.of("subject", shape.subject(), "text", shape.text(), "html", shape.html()).entrySet()) {
      for (String name : field.getValue().names()) {
        fit &=
            v.check(
                name.length() <= BatchPayloadReader.MAX_VAR_NAME,
                TEMPLATE + "." + field.getKey(),
                "{{"
                    + name
                    + "}}: var names are at most "
                    + BatchPayloadReader.MAX_VAR_NAME
                    + " characters");
      }
    }
    int names = shape.names().size();
    return v.check(
            names <= BatchPayloadReader.MAX_VARS,
            TEMPLATE,
            "uses "
                + names
                + " different vars; a recipient has at most "
                + BatchPayloadReader.MAX_VARS)
        && fit;
  }

  private static Shape shape(MessageTemplate template) {
    return new Shape(
        Placeholders.of(template.subject()),
        Placeholders.of(template.text()),
        Placeholders.of(template.html()));
  }

  /** What each recipient's vars make of the template; the items are null where already invalid. */
  private static void checkRecipients(List<BatchItem> recipients, Shape shape, ItemErrors errors) {
    Set<String> names = shape.names();
    for (BatchItem item : recipients) {
      if (item == null) {
        continue;
      }
      String at = "payload.recipients[" + item.index() + "].vars";
      Map<String, String> vars = item.vars();
      boolean complete = true;
      for (String name : names) {
        if (!vars.containsKey(name)) {
          errors.item(at + "." + name, "required: the template uses {{" + name + "}}");
          complete = false;
        }
      }
      if (!complete) {
        continue;
      }
      for (String name : shape.subject().names()) {
        if (Text.hasControlCharacters(vars.get(name))) {
          errors.item(
              at + "." + name,
              "is used in the subject, so it must not contain line breaks or control characters");
        }
      }
      long subject = shape.subject().chars(vars);
      if (subject > EmailRules.MAX_SUBJECT) {
        errors.item(
            at,
            "make the subject " + subject + " characters long; at most " + EmailRules.MAX_SUBJECT);
      }
      long body = shape.text().bytes(vars, false) + shape.html().bytes(vars, true);
      if (body > EmailRules.MAX_BODY_BYTES) {
        errors.item(
            at,
            "make text and html "
                + body
                + " bytes (UTF-8); together at most "
                + EmailRules.MAX_BODY_BYTES);
      }
    }
  }

  /** Each distinct message's {@code from} at one of the tenant's sender domains. */
  private void checkSenders(String tenant, List<BatchItem> messages, ItemErrors errors) {
    for (BatchItem item : messages) {
      if (item != null) {
        String at = "payload.messages[" + item.index() + "].from";
        senders.check(tenant, item.message().from(), at, errors::item);
      }
    }
  }

  private String sha256(List<BatchItem> items) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (BatchItem item : items) {
        digest.update(canonical.writeValueAsBytes(item));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("an item always serialises and SHA-256 always exists", e);
    }
  }
}
