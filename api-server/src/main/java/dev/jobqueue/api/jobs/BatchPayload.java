package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.batch.BatchItem;
import java.util.List;

/**
 * An {@code email-batch} payload as {@link BatchPayloadReader} read it: every item already checked
 * on its own, the template not yet, nor anything that depends on it.
 *
 * @param template the template field as sent; null if absent
 * @param recipients null if absent
 * @param messages null if absent
 * @param errors what reading found wrong
 */
record BatchPayload(JsonNode template, Items recipients, Items messages, ItemErrors errors) {

  /**
   * The items of one list, in index order; an item that is invalid is a null.
   *
   * @param count how many the list held, including any past the limit (not kept)
   * @param malformed the field was not an array (already reported)
   */
  record Items(List<BatchItem> items, int count, boolean malformed) {
    static Items malformedField() {
      return new Items(List.of(), 0, true);
    }
  }
}
