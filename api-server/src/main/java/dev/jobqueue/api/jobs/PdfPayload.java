package dev.jobqueue.api.jobs;

import java.util.List;

/** A {@code pdf} job's payload as the client sent it: inline rows or sample data, not both. */
public record PdfPayload(String template, String title, List<PdfRow> rows, PdfSample sample) {}
