package dev.jobqueue.retention;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One sweep; a record so that options can be added without breaking history. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepRequest(String reason) {}
