package dev.jobqueue.api.deadletters;

import java.util.List;

/** One page of {@code GET /v1/dead-letters}; {@code nextPageToken} is null on the last page. */
public record DeadLetterPage(List<DeadLetterItem> items, String nextPageToken) {}
