package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A finished report in the store.
 *
 * @param file the report's file name in the store, derived from the job
 * @param resumedFromPage pages taken from an earlier attempt's checkpoint (0 for a fresh render)
 * @param pagesRendered pages the successful attempt rendered itself
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportResult(
    String file,
    int pages,
    long bytes,
    String sha256,
    long rows,
    long totalCents,
    int resumedFromPage,
    int pagesRendered) {}
