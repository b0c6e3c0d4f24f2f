package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.runtime.ActivityFailures;
import dev.jobqueue.store.BatchStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one chunk of a staged batch through the fleet's pooled SMTP connections, many messages at
 * once.
 *
 * <p>Resuming without resending: before each heartbeat (at least every second) the outcomes of the
 * items finished since the last one are appended to the chunk's outcome file and synced, and every
 * attempt starts by skipping the items that file settles. A crash after a heartbeat forgets nothing
 * the relay confirmed; a crash before it resends at most the items of that last second.
 */
public final class EmailBatchActivitiesImpl implements EmailBatchActivities {
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);

  /** Not an {@link ErrorType} yet: the store being unreachable is worth retrying. */
  private final BatchStore store;

  private final SmtpConfig config;
  private final SmtpTransportPool pool;
  private final MessageFactory messages;
  private final String relay;
  private final Clock clock;
  private final Duration heartbeatEvery;
  private final ChunkPass.Gate gate;

  /** Sends through {@code pool}, which belongs to the caller (it is shared with single emails). */
  public EmailBatchActivitiesImpl(BatchStore store, SmtpConfig config, SmtpTransportPool pool) {
    this(store, config, pool, Clock.systemUTC(), HEARTBEAT_EVERY, ChunkPass.Gate.OPEN);
  }

  EmailBatchActivitiesImpl(
      BatchStore store,
      SmtpConfig config,
      SmtpTransportPool pool,
      Clock clock,
      Duration heartbeatEvery,
      ChunkPass.Gate gate) {
    StreamProviders.preferAngus();
    this.store = store;
    this.config = config;
    this.pool = pool;
    this.messages = new MessageFactory(config, pool.session(), clock);
    this.relay = config.host() + ":" + config.port();
    this.clock = clock;
    this.heartbeatEvery = heartbeatEvery;
    this.gate = gate;
  }

  @Override
  public ChunkResult sendChunk(ChunkRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    JobRef job = request.job();
    BatchManifest manifest = fromStore(() -> store.manifest(job));
    List<BatchItem> items = fromStore(() -> store.readChunk(job, request.chunk()));
    Map<Integer, ItemOutcome> settled =
        settled(fromStore(() -> store.outcomeLog(job, request.chunk())), request.pass());
    List<BatchItem> todo = items.stream().filter(i -> !settled.containsKey(i.index())).toList();

    var pass =
        new ChunkPass(
            todo,
            request.pass(),
            batchMessages(manifest),
            pool,
            relay,
            clock,
            gate,
            isLastAttempt(context.getInfo(), request));
    var outcomes = new ArrayList<ItemOutcome>(settled.values());
    pass.start(config.poolSize());
    try {
      while (!pass.await(heartbeatEvery)) {
        outcomes.addAll(flush(pass, request));
        context.heartbeat(new ChunkProgress(settled.size() + pass.finishedCount(), items.size()));
      }
    } catch (RuntimeException e) {
      // cancelled or timed out (an ActivityCompletionException from the heartbeat), or the store
      // failed: keep what was confirmed, then give up
      abort(pass, request, e);
      throw e;
    } catch (InterruptedException e) {
      abort(pass, request, e);
      Thread.currentThread().interrupt();
      throw ActivityFailures.of(
          ErrorType.SmtpUnavailable, "the worker stopped while sending", null);
    }
    outcomes.addAll(flush(pass, request));
    pass.rethrowBug();
    List<ChunkPass.Deferral> deferred = pass.deferred();
    if (!deferred.isEmpty()) {
      throw deferredFailure(deferred, items.size());
    }
    return result(request.chunk(), outcomes, settled.size());
  }

  /** What earlier attempts settled: accepted in any pass, dead-lettered in this one. */
  private static Map<Integer, ItemOutcome> settled(List<ItemOutcome> log, int pass) {
    var settled = new HashMap<Integer, ItemOutcome>();
    for (ItemOutcome line : log) {
      if (line.settles(pass)) {
        settled.merge(line.index(), line, ItemOutcome::latest);
      }
    }
    return settled;
  }

  private BatchMessages batchMessages(BatchManifest manifest) {
    try {
      return new BatchMessages(messages, config, manifest);
    } catch (IllegalArgumentException e) {
      // the API refuses such a template; one that got past it can never be sent
      throw ActivityFailures.of(ErrorType.InvalidMessage, "template " + e.getMessage(), null);
    }
  }

  /** The job's budget says; a request from before budgets travelled, the server's policy. */
  private static boolean isLastAttempt(ActivityInfo info, ChunkRequest request) {
    var retry = info.getRetryOptions();
    int max =
        request.maxAttempts() > 0
            ? request.maxAttempts()
            : retry == null ? 0 : retry.getMaximumAttempts();
    return max > 0 && info.getAttempt() >= max;
  }

  private List<ItemOutcome> flush(ChunkPass pass, ChunkRequest request) {
    List<ItemOutcome> finished = pass.drain();
    fromStore(
        () -> {
          store.appendOutcomes(request.job(), request.chunk(), finished);
          return null;
        });
    return finished;
  }

  private void abort(ChunkPass pass, ChunkRequest request, Exception cause) {
    pass.stop();
    pass.awaitStopped();
    try {
      flush(pass, request);
    } catch (RuntimeException e) {
      cause.addSuppressed(e); // those items are sent again: at least once
    }
  }

  private ApplicationFailure deferredFailure(List<ChunkPass.Deferral> deferred, int total) {
    boolean relayDown = deferred.stream().anyMatch(d -> d.type() == ErrorType.SmtpUnavailable);
    ChunkPass.Deferral first = deferred.getFirst();
    Duration retryAfter =
        deferred.stream()
            .map(ChunkPass.Deferral::retryAfter)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
    String message =
        "%s (to %s); %d of %d items of the chunk still to send"
            .formatted(first.message(), first.item().recipient(), deferred.size(), total);
    return ActivityFailures.of(
        relayDown ? ErrorType.SmtpUnavailable : ErrorType.SmtpTransient, message, null, retryAfter);
  }

  private static ChunkResult result(int chunk, List<ItemOutcome> outcomes, int alreadyDone) {
    int accepted = 0;
    int deadLettered = 0;
    var rejected = new ArrayList<RecipientFailure>();
    outcomes.sort(Comparator.comparingInt(ItemOutcome::index));
    for (ItemOutcome o : outcomes) {
      if (ItemOutcome.ACCEPTED.equals(o.status())) {
        accepted++;
      } else {
        deadLettered++;
        if (rejected.size() < ChunkResult.MAX_REJECTED) {
          rejected.add(new RecipientFailure(o.to(), o.code() == null ? 0 : o.code(), o.message()));
        }
      }
    }
    return new ChunkResult(chunk, accepted, deadLettered, alreadyDone, rejected);
  }

  private interface StoreCall<T> {
    T call() throws IOException;
  }

  /** Reads or writes the batch store; a store that fails (a mount gone, a disk full) is retried. */
  private static <T> T fromStore(StoreCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw ActivityFailures.of(ErrorType.BatchStoreUnavailable, "batch store: " + e, e);
    }
  }
}
