package dev.jobqueue.api.schedules;

import java.util.List;

/** One page of {@code GET /v1/schedules}; {@code nextPageToken} is null on the last page. */
public record SchedulePage(List<ScheduleDocument> items, String nextPageToken) {}
