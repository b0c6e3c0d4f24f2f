package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One coalesced email job, as its group carries it.
 *
 * @param jobId the job's own id ({@code <groupId>~<n>}): its Message-ID and dead letter derive from
 *     it, as a single email job's do
 * @param requestHash the SHA-256 of the canonical request, which an Idempotency-Key replay must
 *     match
 * @param idempotencyKey the digest of the client's Idempotency-Key (as the API derives job ids from
 *     keys); null when the client sent none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupedEmail(
    String jobId, EmailMessage message, String requestHash, String idempotencyKey) {}
