package dev.jobqueue.api.jobs;

import java.util.List;

/** One page of {@code GET /v1/jobs}; {@code nextPageToken} is null on the last page. */
public record JobPage(List<JobSummary> items, String nextPageToken) {}
