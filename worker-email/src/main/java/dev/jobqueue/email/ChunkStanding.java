package dev.jobqueue.email;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.ItemOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a chunk's items stand for one run, from its outcome file: settled by earlier attempts
 * (accepted in any pass, dead-lettered in this one), deferred earlier in this pass and not due yet,
 * or to send now; and, once the run is over, the chunk's result.
 */
final class ChunkStanding {
  private final ChunkRequest request;
  private final List<BatchItem> items;
  private final Map<Integer, ItemOutcome> latest;
  private final Map<Integer, ItemOutcome> deferred;
  private final List<BatchItem> toSend;
  private final int settled;

  private ChunkStanding(
      ChunkRequest request,
      List<BatchItem> items,
      Map<Integer, ItemOutcome> latest,
      Map<Integer, ItemOutcome> deferred,
      List<BatchItem> toSend,
      int settled) {
    this.request = request;
    this.items = items;
    this.latest = latest;
    this.deferred = deferred;
    this.toSend = toSend;
    this.settled = settled;
  }

  /**
   * The standing of {@code items} after the outcome lines of {@code log}. An item deferred in this
   * pass is sent only in a round by whose time it is due, or in the chunk's last run.
   */
  static ChunkStanding of(List<BatchItem> items, List<ItemOutcome> log, ChunkRequest request) {
    int pass = request.pass();
    var latest = new HashMap<Integer, ItemOutcome>();
    for (ItemOutcome line : log) {
      latest.put(line.index(), ItemOutcome.latest(latest.get(line.index()), line));
    }
    var deferred = new HashMap<Integer, ItemOutcome>();
    var toSend = new ArrayList<BatchItem>();
    int settled = 0;
    for (BatchItem item : items) {
      ItemOutcome outcome = latest.get(item.index());
      if (outcome != null && outcome.settles(pass)) {
        settled++;
      } else if (outcome != null && outcome.defersIn(pass) && request.inRounds()) {
        deferred.put(item.index(), outcome);
        if (request.lastRun() || isDue(outcome, request.dueBy())) {
          toSend.add(item);
        }
      } else {
        toSend.add(item);
      }
    }
    return new ChunkStanding(request, items, latest, deferred, List.copyOf(toSend), settled);
  }

  private static boolean isDue(ItemOutcome deferral, Instant dueBy) {
    return deferral.nextAttemptAt() == null
        || !Instant.parse(deferral.nextAttemptAt()).isAfter(dueBy);
  }

  /** The items this run sends, in index order. */
  List<BatchItem> toSend() {
    return toSend;
  }

  /** Items deferred earlier in this pass, due or not, by index: their latest deferral. */
  Map<Integer, ItemOutcome> deferred() {
    return deferred;
  }

  /** The chunk's result once this run recorded {@code outcomes}. */
  ChunkResult after(List<ItemOutcome> outcomes) {
    var now = new HashMap<>(latest);
    for (ItemOutcome line : outcomes) {
      now.put(line.index(), ItemOutcome.latest(now.get(line.index()), line));
    }
    int pass = request.pass();
    int accepted = 0;
    int deadLettered = 0;
    int waiting = 0;
    Instant dueAt = null;
    var rejected = new ArrayList<RecipientFailure>();
    for (BatchItem item : items) {
      ItemOutcome o = now.get(item.index());
      if (o == null) {
        continue;
      }
      if (ItemOutcome.ACCEPTED.equals(o.status())) {
        accepted++;
      } else if (ItemOutcome.DEAD_LETTERED.equals(o.status()) && o.pass() == pass) {
        deadLettered++;
        if (rejected.size() < ChunkResult.MAX_REJECTED) {
          rejected.add(new RecipientFailure(o.to(), o.code() == null ? 0 : o.code(), o.message()));
        }
      } else if (o.defersIn(pass) && request.inRounds()) {
        waiting++;
        Instant next = o.nextAttemptAt() == null ? null : Instant.parse(o.nextAttemptAt());
        if (next != null && (dueAt == null || next.isAfter(dueAt))) {
          dueAt = next;
        }
      }
    }
    if (waiting > 0 && dueAt == null) {
      dueAt = request.dueBy();
    }
    return new ChunkResult(
        request.chunk(), accepted, deadLettered, settled, rejected, waiting, dueAt);
  }
}
