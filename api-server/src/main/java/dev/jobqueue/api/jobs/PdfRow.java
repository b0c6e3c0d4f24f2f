package dev.jobqueue.api.jobs;

/** One line item as the client sent it; boxed so that a missing number is told from a zero. */
public record PdfRow(String date, String description, Long quantity, Long unitPriceCents) {}
