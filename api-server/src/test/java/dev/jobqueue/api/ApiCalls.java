package dev.jobqueue.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Requests to the API as one tenant, and their answers as JSON. */
public final class ApiCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResourceExtension resources;
  private final String key;

  public ApiCalls(ResourceExtension resources, String key) {
    this.resources = resources;
    this.key = key;
  }

  /** A request to {@code path}, which may carry a query string. */
  public Invocation.Builder request(String path) {
    int query = path.indexOf('?');
    var target = resources.target(query < 0 ? path : path.substring(0, query));
    if (query >= 0) {
      for (String parameter : path.substring(query + 1).split("&")) {
        String[] nameValue = parameter.split("=", 2);
        target = target.queryParam(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
      }
    }
    var request = target.request();
    return key == null ? request : request.header("Authorization", "Bearer " + key);
  }

  public Response post(String json) {
    return request("/v1/jobs").post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  public Response post(String json, String idempotencyKey) {
    return request("/v1/jobs")
        .header("Idempotency-Key", idempotencyKey)
        .post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  /** {@code POST /v1/jobs:batch}: many jobs in one request. */
  public Response postBatch(String json) {
    return request("/v1/jobs:batch").post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  public Response get(String path) {
    return request(path).get();
  }

  public Response delete(String path) {
    return request(path).delete();
  }

  /** The job id of a successful submission. */
  public String submit(String json) {
    try (Response response = post(json)) {
      JsonNode body = json(response);
      if (response.getStatus() != 202) {
        throw new AssertionError("submission answered " + response.getStatus() + ": " + body);
      }
      return body.get("jobId").asText();
    }
  }

  /** The job id of a successful keyed submission, new or replayed. */
  public String submitWithKey(String json, String idempotencyKey) {
    try (Response response = post(json, idempotencyKey)) {
      JsonNode body = json(response);
      if (response.getStatus() != 202 && response.getStatus() != 200) {
        throw new AssertionError("submission answered " + response.getStatus() + ": " + body);
      }
      return body.get("jobId").asText();
    }
  }

  public static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.readEntity(String.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
