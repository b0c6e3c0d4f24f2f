package dev.jobqueue.api.jobs;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.retry.RetryBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code email-batch}: one template and its recipients, or distinct messages ({@code
 * template} null). Staged in the batch store before its job starts; only the template and a digest
 * of the items go into the canonical request, so the workflow's memo never holds the recipients.
 *
 * @param items in index order from 0
 * @param itemsSha256 SHA-256 of the items in their canonical JSON, in order
 * @param retry each chunk's retry budget
 */
public record BatchInput(
    MessageTemplate template, List<BatchItem> items, String itemsSha256, RetryBudget retry) {
  public BatchInput {
    items = List.copyOf(items);
  }

  public boolean templated() {
    return template != null;
  }

  /** The payload as the canonical request has it: what identifies the batch, not the batch. */
  Map<String, Object> canonical() {
    var digest = new LinkedHashMap<String, Object>();
    digest.put("count", items.size());
    digest.put("sha256", itemsSha256);
    var payload = new LinkedHashMap<String, Object>();
    if (templated()) {
      payload.put("template", template);
      payload.put("recipients", digest);
    } else {
      payload.put("messages", digest);
    }
    return payload;
  }
}
