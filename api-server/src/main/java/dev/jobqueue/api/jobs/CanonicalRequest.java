package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportJob;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A job request in one spelling: defaults applied, durations and instants normalised, every
 * object's fields in name order. Two requests that mean the same have the same canonical form and
 * so the same SHA-256, which is what an Idempotency-Key replay is compared by.
 */
record CanonicalRequest(ObjectNode json, String sha256) {

  /** Writes canonical requests with the API's mapper. */
  static final class Writer {
    private final ObjectMapper mapper;

    Writer(ObjectMapper mapper) {
      this.mapper = mapper;
    }

    CanonicalRequest of(
        JobType type,
        Object input,
        int priority,
        Instant runAt,
        Duration deadline,
        String callback) {
      var node = mapper.createObjectNode();
      node.put("type", type.wireName());
      // the payload as the client meant it: without the job's id and budget, which the API adds
      JsonNode payload =
          mapper.valueToTree(
              switch (input) {
                case EmailJob email -> email.message();
                case ReportJob r ->
                    new ReportPayload(r.template(), r.title(), r.rows(), r.sample());
                // the template and a digest of the items: never 100,000 recipients in a memo
                case BatchInput batch -> batch.canonical();
                default -> throw new IllegalArgumentException("not a job input: " + input);
              });
      node.set("payload", sorted(payload));
      node.put("priority", priority);
      node.put("runAt", runAt == null ? null : runAt.toString());
      node.put("deadline", deadline == null ? null : deadline.toString());
      if (callback != null) {
        // only when given: requests without one keep the hash they always had
        node.put("callback", callback);
      }
      return new CanonicalRequest(node, sha256(node));
    }

    private JsonNode sorted(JsonNode node) {
      if (node.isObject()) {
        var fields = new TreeMap<String, JsonNode>();
        node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
        var out = mapper.createObjectNode();
        fields.forEach(out::set);
        return out;
      }
      if (node.isArray()) {
        var out = mapper.createArrayNode();
        node.forEach(element -> out.add(sorted(element)));
        return out;
      }
      return node;
    }

    private String sha256(JsonNode canonical) {
      try {
        byte[] json = mapper.writeValueAsBytes(canonical);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
      } catch (JsonProcessingException | NoSuchAlgorithmException e) {
        throw new IllegalStateException("a tree always serialises and SHA-256 always exists", e);
      }
    }
  }
}
