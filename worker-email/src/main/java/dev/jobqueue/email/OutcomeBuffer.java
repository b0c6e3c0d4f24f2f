package dev.jobqueue.email;

import dev.jobqueue.batch.ItemOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of a chunk's attempt not yet on disk. They are let go only once a write has synced
 * them: a write that fails keeps them for the next flush, so that a store that hiccups costs a
 * delay, not a resend of what the relay already accepted.
 */
final class OutcomeBuffer {
  /** Writes outcomes durably: they are on disk when it returns. */
  @FunctionalInterface
  interface Sink {
    void write(List<ItemOutcome> outcomes) throws IOException;
  }

  private final List<ItemOutcome> pending = new ArrayList<>();

  /**
   * Adds {@code finished}, then writes everything pending to {@code sink}. Returns what was written
   * by this call; throws, keeping it all pending, if the write fails.
   */
  List<ItemOutcome> flush(List<ItemOutcome> finished, Sink sink) throws IOException {
    pending.addAll(finished);
    if (pending.isEmpty()) {
      return List.of();
    }
    var written = List.copyOf(pending);
    sink.write(written);
    pending.clear();
    return written;
  }

  /** How many outcomes wait for a write that succeeds. */
  int pending() {
    return pending.size();
  }
}
