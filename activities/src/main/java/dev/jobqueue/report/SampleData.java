package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Asks for {@code rows} generated line items; the same seed always gives the same rows. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleData(long rows, long seed) {}
