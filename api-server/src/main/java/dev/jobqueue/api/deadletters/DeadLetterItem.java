package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.job.AttemptError;
import java.time.Instant;
import java.util.List;

/**
 * A dead letter in {@code GET /v1/dead-letters}: read from the job's visibility record alone (its
 * search attributes and memo), so a list costs one query however long it is.
 *
 * @param attempts every failed attempt before it was parked, oldest first (at most 50)
 * @param expiresAt when retention discards it unless it is redriven first
 * @param redrives how many times it was redriven before it was parked this time
 * @param request the request the job was started with, as the API recorded it (defaults applied,
 *     fields in name order, absent fields left out); null when it was too large to keep. A redrive
 *     with a corrected payload does not change it.
 */
public record DeadLetterItem(
    String jobId,
    String type,
    String errorType,
    String message,
    List<AttemptError> attempts,
    Instant deadLetteredAt,
    Instant expiresAt,
    int redrives,
    JsonNode request,
    DeadLetterLinks links) {}
