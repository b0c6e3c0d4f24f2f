package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Some of a group's emails, sent by one activity: each with the attempt it is on.
 *
 * @param maxAttempts the emails' retry budget: on its last attempt an email the relay still defers
 *     is given up on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupChunk(String tenant, List<Item> items, int maxAttempts) {
  /**
   * @param index the email's position in its group
   * @param attempt 1-based
   * @param settled recipients earlier attempts settled (taken or refused for good): not sent to
   *     again
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(
      int index, String jobId, EmailMessage message, int attempt, List<String> settled) {
    public Item {
      settled = settled == null ? List.of() : List.copyOf(settled);
    }
  }

  public GroupChunk {
    items = List.copyOf(items);
  }
}
