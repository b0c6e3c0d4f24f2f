package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.runtime.ActivityFailures;
import dev.jobqueue.store.BatchStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Sends one chunk of a staged batch through the fleet's pooled SMTP connections, many messages at
 * once.
 *
 * <p>Resuming without resending: before each heartbeat (at least every second) the outcomes of the
 * items finished since the last one are added durably to the chunk's outcome log (appended to a
 * synced file, or one more object in an object store), and every attempt starts by skipping the
 * items that log settles. A crash after a heartbeat forgets nothing the relay confirmed; a crash
 * before it resends at most the items of that last second.
 *
 * <p>Deferred items: in a round of the workflow's retries, a message the relay defers is recorded
 * as deferred with its own next attempt ({@link ItemRetry}), or dead-lettered once its own budget
 * is spent, and the result says how many wait and when they are all due; the workflow runs the
 * chunk again then, and that run sends only the items that are due. The attempt itself fails only
 * when the relay can take no message (unreachable, the connection broken, 421), and for an older
 * workflow's request, which leaves deferred items to the activity's retries.
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
  private final Duration minTimeLeft;
  private final ChunkPass.Gate gate;
  private final DoubleSupplier random;

  /** Sends through {@code pool}, which belongs to the caller (the bulk lane's, EmailLanes). */
  public EmailBatchActivitiesImpl(BatchStore store, SmtpConfig config, SmtpTransportPool pool) {
    this(store, config, pool, TimeLeft.DEFAULT_MINIMUM);
  }

  /** A message starts on the wire only with {@code minTimeLeft} of its attempt left. */
  public EmailBatchActivitiesImpl(
      BatchStore store, SmtpConfig config, SmtpTransportPool pool, Duration minTimeLeft) {
    this(
        store,
        config,
        pool,
        Clock.systemUTC(),
        HEARTBEAT_EVERY,
        ChunkPass.Gate.OPEN,
        () -> ThreadLocalRandom.current().nextDouble(),
        minTimeLeft);
  }

  EmailBatchActivitiesImpl(
      BatchStore store,
      SmtpConfig config,
      SmtpTransportPool pool,
      Clock clock,
      Duration heartbeatEvery,
      ChunkPass.Gate gate,
      DoubleSupplier random,
      Duration minTimeLeft) {
    StreamProviders.preferAngus();
    this.minTimeLeft = minTimeLeft;
    this.store = store;
    this.config = config;
    this.pool = pool;
    this.messages = new MessageFactory(config, pool.session(), clock);
    this.relay = config.host() + ":" + config.port();
    this.clock = clock;
    this.heartbeatEvery = heartbeatEvery;
    this.gate = gate;
    this.random = random;
  }

  @Override
  public ChunkResult sendChunk(ChunkRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // the batch the job's input names: its own request's, or the unhashed one of an older job
    BatchName batch = request.batch();
    BatchManifest manifest = fromStore(() -> store.manifest(batch));
    List<BatchItem> items = fromStore(() -> store.readChunk(batch, request.chunk()));
    var standing =
        ChunkStanding.of(items, fromStore(() -> store.outcomeLog(batch, request.chunk())), request);

    var pass =
        new ChunkPass(
            standing.toSend(),
            request.pass(),
            batchMessages(manifest),
            pool,
            relay,
            clock,
            gate,
            itemRetry(request, standing, context.getInfo()),
            TimeLeft.of(context.getInfo(), minTimeLeft, clock));
    var outcomes = new ArrayList<ItemOutcome>();
    var buffer = new OutcomeBuffer();
    pass.start(config.poolSize());
    try {
      while (!pass.await(heartbeatEvery)) {
        outcomes.addAll(flush(pass, request, buffer));
        context.heartbeat(
            new ChunkProgress(
                items.size() - standing.toSend().size() + pass.finishedCount(), items.size()));
      }
    } catch (RuntimeException e) {
      // cancelled or timed out (an ActivityCompletionException from the heartbeat), or the store
      // failed: keep what was confirmed, then give up
      abort(pass, request, buffer, e);
      throw e;
    } catch (InterruptedException e) {
      abort(pass, request, buffer, e);
      Thread.currentThread().interrupt();
      throw ActivityFailures.of(
          ErrorType.SmtpUnavailable, "the worker stopped while sending", null);
    }
    outcomes.addAll(flush(pass, request, buffer));
    pass.rethrowBug();
    List<ChunkPass.Deferral> unsent = pass.unsent();
    if (!unsent.isEmpty()) {
      throw unsentFailure(unsent, standing.toSend().size() - pass.finishedCount(), items.size());
    }
    return standing.after(outcomes);
  }

  /**
   * In a round, each item's own retries, on due times of the workflow's clock; for an older
   * request, the activity's.
   */
  private ItemRetry itemRetry(ChunkRequest request, ChunkStanding standing, ActivityInfo info) {
    if (!request.inRounds()) {
      return ItemRetry.byActivity(request.pass(), clock, isLastAttempt(info, request));
    }
    return ItemRetry.inRound(
        request.pass(),
        standing.deferred(),
        request.itemBudget(),
        clock,
        notBehind(clock, request.dueBy()),
        random,
        request.lastRun());
  }

  /**
   * {@code clock}, or ahead of it if the workflow's time is: due times are compared with the
   * workflow's time ({@link ChunkRequest#dueBy()}), so one computed on a worker clock that lags
   * must not come due before it was meant to (under a test server that skips time, the workflow's
   * time runs ahead of every clock).
   */
  static Clock notBehind(Clock clock, Instant workflowTime) {
    Duration ahead = Duration.between(clock.instant(), workflowTime);
    return ahead.isNegative() || ahead.isZero() ? clock : Clock.offset(clock, ahead);
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

  /**
   * Writes the outcomes finished since the last flush, with any an earlier flush failed to write:
   * an outcome leaves memory only once it is durable in the outcome log.
   */
  private List<ItemOutcome> flush(ChunkPass pass, ChunkRequest request, OutcomeBuffer buffer) {
    return fromStore(
        () ->
            buffer.flush(
                pass.drain(),
                done -> store.appendOutcomes(request.batch(), request.chunk(), done)));
  }

  private void abort(ChunkPass pass, ChunkRequest request, OutcomeBuffer buffer, Exception cause) {
    pass.stop();
    pass.awaitStopped();
    try {
      flush(pass, request, buffer);
    } catch (RuntimeException e) {
      // still not on disk: those items are sent again by the next attempt, at least once
      cause.addSuppressed(e);
    }
  }

  private ApplicationFailure unsentFailure(
      List<ChunkPass.Deferral> deferred, int stillToSend, int total) {
    boolean relayDown = deferred.stream().anyMatch(d -> d.type() == ErrorType.SmtpUnavailable);
    ChunkPass.Deferral first = deferred.getFirst();
    Duration retryAfter =
        deferred.stream()
            .map(ChunkPass.Deferral::retryAfter)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
    String message =
        "%s (to %s); %d of %d items of the chunk still to send"
            .formatted(first.message(), first.item().recipient(), stillToSend, total);
    ErrorType type =
        relayDown
            ? ErrorType.SmtpUnavailable
            : first.type() == ErrorType.TooLittleTimeLeft
                ? ErrorType.TooLittleTimeLeft
                : ErrorType.SmtpTransient;
    return ActivityFailures.of(type, message, null, retryAfter);
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
