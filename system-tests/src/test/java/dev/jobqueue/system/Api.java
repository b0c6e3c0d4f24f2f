package dev.jobqueue.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the REST API, as a user's program would be: HTTP, JSON, a bearer key. */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String base;
  private final String key;

  Api(String base, String key) {
    this.base = base;
    this.key = key;
  }

  record Response(int status, JsonNode json, byte[] body, java.net.http.HttpHeaders headers) {}

  Response post(String path, String json) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Response delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /** The job's status document. */
  JsonNode job(String jobId) throws IOException, InterruptedException {
    var response = get("/v1/jobs/" + jobId);
    if (response.status() != 200) {
      throw new IllegalStateException(
          "GET job " + jobId + ": " + response.status() + " " + response.json());
    }
    return response.json();
  }

  String status(String jobId) throws IOException, InterruptedException {
    return job(jobId).path("status").asText();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key);
  }

  private static Response send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = null;
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") && response.body().length > 0) {
      json = JSON.readTree(response.body());
    }
    return new Response(response.statusCode(), json, response.body(), response.headers());
  }
}
