package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Asks a dead-lettered job to end as DISCARDED. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Discard(String reason) {}
