package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A recipient the relay refused for good while it accepted others. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecipientFailure(String address, int code, String message) {}
