package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of a list.
 *
 * @param nextPageToken the next page's token; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(List<T> items, String nextPageToken) {
  public Page {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public boolean last() {
    return nextPageToken == null;
  }
}
