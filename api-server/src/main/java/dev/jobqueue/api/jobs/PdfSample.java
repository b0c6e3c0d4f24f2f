package dev.jobqueue.api.jobs;

/** Generated line items: {@code rows} of them, the same ones for the same {@code seed}. */
public record PdfSample(Long rows, Long seed) {}
