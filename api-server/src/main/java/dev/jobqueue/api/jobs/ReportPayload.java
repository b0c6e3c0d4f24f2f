package dev.jobqueue.api.jobs;

import dev.jobqueue.report.ReportRow;
import dev.jobqueue.report.SampleData;
import java.util.List;

/**
 * A {@code pdf} job's payload as the client sends it: the report's input without the job it belongs
 * to, which the API fills in. Inline {@code rows} or {@code sample} data, not both.
 */
public record ReportPayload(
    String template, String title, List<ReportRow> rows, SampleData sample) {}
