package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/jobs} as it arrives. The payload stays a tree until the type is
 * known; times stay strings so that a malformed one gets our message, not Jackson's.
 *
 * @param priority 1 (most urgent) to 5; 3 when absent
 * @param runAt ISO-8601 instant with an offset; absent means now
 * @param deadline ISO-8601 duration the job has to finish in, counted from when it is due
 * @param callback an https URL its terminal status is POSTed to, signed
 */
public record JobRequest(
    String type,
    JsonNode payload,
    Integer priority,
    String runAt,
    String deadline,
    String callback) {}
