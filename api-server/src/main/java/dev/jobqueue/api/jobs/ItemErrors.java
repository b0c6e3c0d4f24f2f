package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.errors.Violations;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a batch while it is read. Errors about the batch as a whole are always listed;
 * of those about single items only the first {@link #MAX_LISTED}, so that a batch of 100,000 bad
 * recipients does not become a problem document of 100,000 errors.
 */
final class ItemErrors {
  static final int MAX_LISTED = 100;

  private final List<FieldError> batch = new ArrayList<>();
  private final List<FieldError> items = new ArrayList<>();
  private int itemCount;

  /** Something wrong with the batch itself (its shape, its size): always listed. */
  void batch(String field, String message) {
    batch.add(new FieldError(field, message));
  }

  /** Something wrong with one item. */
  void item(String field, String message) {
    if (itemCount++ < MAX_LISTED) {
      items.add(new FieldError(field, message));
    }
  }

  /** Everything {@code v} found about one item. */
  void item(Violations v) {
    v.list().forEach(e -> item(e.field(), e.message()));
  }

  /** Hands the errors on to the request's, with one line for the items' errors not listed. */
  void reportTo(Violations v) {
    batch.forEach(e -> v.add(e.field(), e.message()));
    items.forEach(e -> v.add(e.field(), e.message()));
    if (itemCount > MAX_LISTED) {
      v.add(
          "payload",
          (itemCount - MAX_LISTED)
              + " more errors in the batch's items, not listed"
              + " (the first "
              + MAX_LISTED
              + " are)");
    }
  }
}
