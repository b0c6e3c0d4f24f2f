package dev.jobqueue.api.jobsbatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jobqueue.api.errors.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/jobs:batch}, {@code {"jobs": [...]}}, as a stream: each job
 * request becomes a tree of its own, measured as it is read. Everything wrong with the body as a
 * whole is a 400 before any job is looked at, so that a request refused as a whole starts nothing;
 * what is wrong with one job is that job's answer alone.
 */
public final class JobsBatchReader {
  public static final int MAX_JOBS = 1_000;
  private static final String JOBS = "jobs";

  /**
   * One job request as it arrived.
   *
   * @param request the request, any JSON value (not an object is that job's 400)
   * @param bytes its size in the body; 0 if the parser could not tell
   */
  public record Item(JsonNode request, long bytes) {}

  private final ObjectMapper mapper;
  private final ObjectReader nodes;

  public JobsBatchReader(ObjectMapper mapper) {
    this.mapper = mapper;
    this.nodes =
        mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The job requests of {@code body}, in order; 400 for a body that is not one to start them. */
  public List<Item> read(InputStream body) throws IOException {
    try (JsonParser p = mapper.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiProblem.invalid(
            "body", "a JSON object {\"jobs\": [...]} holding 1 to " + MAX_JOBS + " jobs");
      }
      List<Item> items = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (!name.equals(JOBS)) {
          throw ApiProblem.invalid(name, "unknown field; known fields: " + JOBS);
        }
        items = jobs(p);
      }
      if (p.nextToken() != null) {
        throw ApiProblem.invalid("body", "malformed JSON: content after the request's object");
      }
      if (items == null) {
        throw ApiProblem.invalid(JOBS, "required: an array of 1 to " + MAX_JOBS + " jobs");
      }
      return items;
    }
  }

  private List<Item> jobs(JsonParser p) throws IOException {
    JsonToken start = p.nextToken();
    if (start == JsonToken.VALUE_NULL) {
      throw ApiProblem.invalid(JOBS, "must not be null; leave the field out instead");
    }
    if (start != JsonToken.START_ARRAY) {
      throw ApiProblem.invalid(JOBS, "must be an array of 1 to " + MAX_JOBS + " jobs");
    }
    var items = new ArrayList<Item>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (items.size() == MAX_JOBS) {
        // not read any further: the request is refused as a whole
        throw ApiProblem.invalid(
            JOBS, "at most " + MAX_JOBS + " jobs in one request; send the rest in another");
      }
      long from = p.currentTokenLocation().getByteOffset();
      JsonNode request = nodes.readValue(p);
      long to = p.currentLocation().getByteOffset();
      items.add(new Item(request, from < 0 || to < from ? 0 : to - from));
    }
    if (items.isEmpty()) {
      throw ApiProblem.invalid(JOBS, "must hold at least one job");
    }
    return items;
  }
}
