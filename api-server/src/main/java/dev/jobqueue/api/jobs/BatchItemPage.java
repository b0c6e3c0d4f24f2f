package dev.jobqueue.api.jobs;

import java.util.List;

/**
 * One page of {@code GET /v1/jobs/{jobId}/items}, in index order; {@code nextPageToken} is null on
 * the last.
 */
public record BatchItemPage(List<BatchItemView> items, String nextPageToken) {}
