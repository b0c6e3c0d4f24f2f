package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/** A job as {@code GET /v1/jobs} lists it; {@link JobqueueClient#job} has the whole document. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSummary(
    String jobId,
    String type,
    Status status,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> links) {}
