package dev.jobqueue.email;

import dev.jobqueue.batch.BatchManifest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A batch workflow's record of its chunks: the latest result of each, kept across redrives so that
 * a redrive reruns only the chunks that still have something to send.
 */
final class ChunkTally {
  private static final int MAX_LISTED = 5;

  private final BatchManifest manifest;
  private final int[] accepted;
  private final int[] deadLettered;
  private final int[] deferred;
  private final boolean[] done;
  private final List<List<RecipientFailure>> rejected;
  private final ChunkResult[] latest;

  ChunkTally(BatchManifest manifest) {
    this.manifest = manifest;
    this.accepted = new int[manifest.chunks()];
    this.deadLettered = new int[manifest.chunks()];
    this.deferred = new int[manifest.chunks()];
    this.done = new boolean[manifest.chunks()];
    this.rejected = new ArrayList<>(java.util.Collections.nCopies(manifest.chunks(), List.of()));
    this.latest = new ChunkResult[manifest.chunks()];
  }

  /** The tally an earlier run left, from each chunk's latest result. */
  static ChunkTally restored(BatchManifest manifest, List<ChunkResult> results) {
    var tally = new ChunkTally(manifest);
    results.forEach(tally::record);
    return tally;
  }

  /** Each chunk's latest result, of those that have run. */
  List<ChunkResult> latest() {
    return Arrays.stream(latest).filter(java.util.Objects::nonNull).toList();
  }

  boolean isFor(BatchManifest other) {
    return manifest.equals(other);
  }

  /**
   * The chunks a new pass must run, in order: unfinished ones (with deferred items, too) and those
   * with dead letters.
   */
  Deque<Integer> startPass() {
    var todo = new ArrayDeque<Integer>();
    for (int chunk = 0; chunk < done.length; chunk++) {
      if (!done[chunk] || deadLettered[chunk] > 0) {
        done[chunk] = false;
        todo.add(chunk);
      }
    }
    return todo;
  }

  void record(ChunkResult result) {
    int chunk = result.chunk();
    latest[chunk] = result;
    accepted[chunk] = result.accepted();
    deadLettered[chunk] = result.deadLettered();
    deferred[chunk] = result.deferred();
    rejected.set(chunk, result.rejected());
    done[chunk] = result.deferred() == 0;
  }

  int accepted() {
    return Arrays.stream(accepted).sum();
  }

  int deadLettered() {
    return Arrays.stream(deadLettered).sum();
  }

  BatchProgress progress() {
    int doneChunks = 0;
    for (boolean d : done) {
      doneChunks += d ? 1 : 0;
    }
    return new BatchProgress(
        doneChunks, done.length, accepted(), deadLettered(), Arrays.stream(deferred).sum());
  }

  /**
   * The dead letter's message: how many were given up on (refused for good, or still deferred once
   * their retries were spent), and the first few with the reply.
   */
  String rejectionSummary() {
    String listed =
        rejected.stream()
            .flatMap(List::stream)
            .limit(MAX_LISTED)
            .map(r -> r.address() + " (" + (r.code() > 0 ? r.code() + " " : "") + r.message() + ")")
            .collect(Collectors.joining("; "));
    return "%d of %d items dead-lettered, e.g. %s; the job's items with status dead_lettered list all"
        .formatted(deadLettered(), manifest.items(), listed);
  }
}
