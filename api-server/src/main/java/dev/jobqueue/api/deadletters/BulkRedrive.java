package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.runtime.TemporalConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redrives every dead letter of a tenant that a filter selects: one visibility query (paged) to
 * select, then one Redrive signal per job, {@link #IN_FLIGHT} at a time, so that thousands are a
 * steady stream rather than a burst. Each Temporal call has the request deadline of its own; the
 * request as a whole takes as long as the signals do. The server sets the pace: a signal is a
 * persisted event and a new workflow task, about 150 a second on the dev server's SQLite (2,000 in
 * 12 to 20 s) whether 16 or 64 are in flight.
 */
public final class BulkRedrive {
  /** Signals in flight at once, per bulk request. */
  static final int IN_FLIGHT = 16;

  /** Visibility page size while selecting (Temporal's own maximum is 1,000). */
  static final int SELECT_PAGE_SIZE = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(BulkRedrive.class);

  private final Visibility visibility;
  private final DeadLetterRecords records;
  private final DeadLetterSignals signals;
  private final TemporalDeadline deadline;
  private final MeterRegistry registry;

  public BulkRedrive(
      WorkflowClient client,
      TemporalConfig temporal,
      TemporalDeadline deadline,
      MeterRegistry registry) {
    this.visibility = new TemporalVisibility(client, temporal);
    this.records = new DeadLetterRecords(client.getOptions().getDataConverter(), temporal);
    this.signals = new DeadLetterSignals(client);
    this.deadline = deadline;
    this.registry = registry;
  }

  public BulkRedriveResult redrive(String tenant, DeadLetterFilter filter) {
    return signal(select(tenant, filter));
  }

  /** Every dead letter of the tenant's that the filter selects, as visibility sees them now. */
  List<ParkedJob> select(String tenant, DeadLetterFilter filter) {
    String query = filter.visibilityQuery(tenant);
    var jobs = new ArrayList<ParkedJob>();
    ByteString token = ByteString.EMPTY;
    do {
      ByteString from = token;
      var page = deadline.within(() -> visibility.list(query, SELECT_PAGE_SIZE, from));
      page.getExecutionsList().forEach(info -> records.job(tenant, info).ifPresent(jobs::add));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return jobs;
  }

  /** Signals each job to run again as it was; counts what was delivered and what was not. */
  BulkRedriveResult signal(List<ParkedJob> jobs) {
    var errors = new AtomicInteger();
    var futures = new ArrayList<Future<Boolean>>(jobs.size());
    try (var pool =
        Executors.newFixedThreadPool(
            IN_FLIGHT, Thread.ofPlatform().name("bulk-redrive-", 0).daemon().factory())) {
      for (ParkedJob job : jobs) {
        futures.add(pool.submit(() -> signal(job, errors)));
      }
    } // waits for every signal
    int delivered = 0;
    for (var future : futures) {
      try {
        delivered += future.get() ? 1 : 0;
      } catch (ExecutionException e) {
        throw new IllegalStateException("a redrive task threw what it should have counted", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while redriving", e);
      }
    }
    return new BulkRedriveResult(delivered, jobs.size() - delivered);
  }

  private boolean signal(ParkedJob job, AtomicInteger errors) {
    try {
      deadline.within(
          () -> {
            signals.redrive(job, null);
            return null;
          });
      DeadLetterActions.count(registry, DeadLetterActions.REDRIVE_REQUESTS_METRIC, job);
      return true;
    } catch (WorkflowNotFoundException e) {
      return false; // discarded or expired since the selection: nothing left to redrive
    } catch (RuntimeException e) {
      // Temporal refused or did not answer; the client may ask again for those still parked
      if (errors.getAndIncrement() < 10) { // a handful tells what happened; thousands flood the log
        LOG.warn("bulk redrive could not signal {}: {}", job.ref().workflowId(), e.toString());
      }
      return false;
    }
  }
}
