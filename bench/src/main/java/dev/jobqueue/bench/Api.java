package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench as a client of the REST API: {@code POST /v1/jobs} with the bench tenant's key. A 429
 * or 503 (Temporal pushing back) is waited out as its {@code Retry-After} says, and counted: the
 * job is only taken as accepted once the API says 202.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A job the API acknowledged, and when. */
  record Accepted(String jobId, String workflowId, long acceptedNanos) {}

  /** The API refused the request for good (not a pushback). */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String body) {
      super("POST /v1/jobs answered " + status + ": " + body);
      this.status = status;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String key;
  private final String tenant;
  private final AtomicLong pushbacks = new AtomicLong();

  Api(String base, String key, String tenant) {
    this.base = base;
    this.key = key;
    this.tenant = tenant;
  }

  /** Starts a job; waits out pushbacks (429/503 with Retry-After) and tries again. */
  Accepted submit(String body) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(base + "/v1/jobs"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    while (true) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 202 || status == 200) {
        JsonNode job = JSON.readTree(response.body());
        String jobId = job.path("jobId").asText();
        return new Accepted(jobId, tenant + "/" + jobId, System.nanoTime());
      }
      if (status == 429 || status == 503) {
        pushbacks.incrementAndGet();
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.max(50, Math.min(seconds, 5) * 1000));
        continue;
      }
      throw new Refused(status, response.body());
    }
  }

  /** 429s and 503s waited out so far. */
  long pushbacks() {
    return pushbacks.get();
  }
}
