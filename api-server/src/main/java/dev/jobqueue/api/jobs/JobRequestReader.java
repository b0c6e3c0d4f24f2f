package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.http.BodyLimit;
import dev.jobqueue.job.JobType;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the body of {@code POST /v1/jobs} as a stream. Its small fields become a tree, as {@link
 * Submissions#check} takes them; the payload of an {@code email-batch} (its {@code type} given
 * first, as clients write it) is read item by item by {@link BatchPayloadReader} instead. As soon
 * as the {@code type} says the body is not a batch, the body is held to the usual 1 MiB.
 */
final class JobRequestReader {
  private static final String BATCH = JobType.EMAIL_BATCH.wireName();

  /**
   * @param body the request; its payload an empty placeholder when {@code batch} holds it
   * @param batch the streamed {@code email-batch} payload; null when the payload is in {@code body}
   */
  record Read(ObjectNode body, BatchPayload batch) {}

  private final ObjectMapper mapper;
  private final ObjectReader nodes;
  private final BatchPayloadReader batches;

  JobRequestReader(ObjectMapper mapper, BatchPayloadReader batches) {
    this.mapper = mapper;
    this.nodes =
        mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.batches = batches;
  }

  Read read(InputStream in, BodyLimit limit) throws IOException {
    var scan = new Scan(limit);
    try (JsonParser p = mapper.createParser(in)) {
      var read = scan.read(p);
      scan.typeKnown(); // no type, or a type after the payload: now it is known
      return read;
    } catch (IOException | RuntimeException e) {
      // a body that is not a batch, or not even JSON, is over its limit before it is malformed
      scan.typeKnown();
      throw e;
    }
  }

  /** One body being read: what its type is, as soon as that is known. */
  private final class Scan {
    private final BodyLimit limit;
    private String type;

    Scan(BodyLimit limit) {
      this.limit = limit;
    }

    /** Holds a body that is not an email-batch to the usual limit. */
    void typeKnown() {
      if (!BATCH.equals(type)) {
        limit.limitToDefault();
      }
    }

    Read read(JsonParser p) throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiProblem.invalid("body", "a JSON object describing the job is required");
      }
      ObjectNode body = mapper.createObjectNode();
      BatchPayload batch = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("payload") && BATCH.equals(type) && value == JsonToken.START_OBJECT) {
          batch = batches.read(p);
          body.putObject("payload");
          continue;
        }
        JsonNode node = value == JsonToken.VALUE_NULL ? null : nodes.readValue(p);
        body.set(name, node == null ? NullNode.getInstance() : node);
        if (name.equals("type")) {
          type = node != null && node.isTextual() ? node.asText() : null;
          typeKnown();
        }
      }
      if (p.nextToken() != null) {
        throw ApiProblem.invalid("body", "malformed JSON: content after the job's object");
      }
      return new Read(body, batch);
    }
  }
}
