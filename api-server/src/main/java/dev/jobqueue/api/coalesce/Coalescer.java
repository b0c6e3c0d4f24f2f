package dev.jobqueue.api.coalesce;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import dev.jobqueue.rules.Text;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Groups single {@code email} submissions, per tenant and priority, into group workflows: a
 * submission waits at most {@link CoalescingConfig#maxWait} for others, and a group is started
 * sooner once it is full. Each request is answered only when its group has started (its email is
 * recorded in Temporal), so a process that dies holding a partly filled group has acknowledged none
 * of it: its clients retry. Nothing is shared between API processes.
 */
public final class Coalescer implements Managed {
  private final CoalescingConfig config;
  private final GroupStarter starter;
  private final Clock clock;
  private final ConcurrentHashMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("coalescer-timer").daemon().factory());
  private final ExecutorService flushes = Executors.newVirtualThreadPerTaskExecutor();

  public Coalescer(
      CoalescingConfig config, GroupStarter starter, Clock clock, MeterRegistry registry) {
    this.config = config;
    this.starter = starter;
    this.clock = clock;
    Gauge.builder(WAITING_METRIC, lanes, Coalescer::waiting)
        .description("Emails this API process holds for their groups, not yet answered")
        .register(registry);
  }

  /** Emails waiting in this process's lanes for their group to start. */
  public static final String WAITING_METRIC = "jobqueue.coalescer.waiting";

  private static double waiting(Map<LaneKey, Lane> lanes) {
    return lanes.values().stream().mapToInt(Lane::size).sum();
  }

  private record LaneKey(String tenant, int priority) {}

  /** A submission waiting for its group. */
  record Pending(
      JobRef ref,
      Submission submission,
      boolean keyed,
      long bytes,
      CompletableFuture<JobStarter.Outcome> outcome) {}

  /**
   * True if the submission is to be coalesced: an immediate email, small enough, in a lane busy
   * enough. Counts it towards its lane's rate either way.
   */
  public boolean takes(String tenant, Submission submission) {
    if (!config.enabled()
        || submission.type() != JobType.EMAIL
        || submission.runAt() != null
        || submission.deadline() != null
        || !(submission.input() instanceof EmailJob email)
        || bytes(email) > config.maxEmailBytes()) {
      return false;
    }
    Lane lane = lane(tenant, submission.priority());
    return lane.arrived(clock.millis()) >= config.minRatePerSecond() || lane.hasPending();
  }

  /**
   * Adds the email to its lane and waits until its group has started, or says why it could not.
   * {@code ref} is the job's id when the client sent an Idempotency-Key; without one the group
   * names the job.
   */
  public JobStarter.Outcome submit(JobRef ref, Submission submission, boolean keyed) {
    var email = (EmailJob) submission.input();
    var pending = new Pending(ref, submission, keyed, bytes(email), new CompletableFuture<>());
    lane(ref.tenant(), submission.priority()).add(pending);
    try {
      // the group's own calls are bounded by the Temporal deadline; this only guards a bug
      return pending.outcome().get(config.maxWait().toMillis() + 60_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("starting a group failed", e.getCause());
    } catch (TimeoutException e) {
      throw ApiProblem.retryLater(
          503,
          "temporal-unavailable",
          "Temporal did not answer in time",
          "the email's group was not started in time; retry with the same Idempotency-Key",
          1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the group to start", e);
    }
  }

  private Lane lane(String tenant, int priority) {
    return lanes.computeIfAbsent(new LaneKey(tenant, priority), k -> new Lane(k));
  }

  private static long bytes(EmailJob email) {
    return Text.utf8Bytes(email.message().text())
        + Text.utf8Bytes(email.message().html())
        + Text.utf8Bytes(email.message().subject())
        + 256L
            * (1
                + email.message().to().size()
                + email.message().cc().size()
                + email.message().bcc().size());
  }

  @Override
  public void start() {}

  /** Starts what the lanes hold, then stops: nothing waits on a group that never starts. */
  @Override
  public void stop() throws InterruptedException {
    lanes.values().forEach(Lane::flushNow);
    flushes.shutdown();
    flushes.awaitTermination(30, TimeUnit.SECONDS);
    timer.shutdownNow();
  }

  /** One tenant's and priority's submissions waiting for their group, and their recent rate. */
  private final class Lane {
    private final LaneKey key;
    private final RecentRate rate = new RecentRate();
    private List<Pending> pending = new ArrayList<>();
    private long bytes;
    private ScheduledFuture<?> due;

    Lane(LaneKey key) {
      this.key = key;
    }

    int arrived(long nowMillis) {
      return rate.add(nowMillis);
    }

    synchronized boolean hasPending() {
      return !pending.isEmpty();
    }

    synchronized int size() {
      return pending.size();
    }

    void add(Pending p) {
      List<Pending> full = null;
      synchronized (this) {
        pending.add(p);
        bytes += p.bytes();
        if (pending.size() >= config.maxEmails() || bytes >= config.maxGroupBytes()) {
          full = take();
        } else if (pending.size() == 1) {
          due = timer.schedule(this::flushNow, config.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      if (full != null) {
        flush(full);
      }
    }

    void flushNow() {
      List<Pending> group;
      synchronized (this) {
        group = take();
      }
      if (!group.isEmpty()) {
        flush(group);
      }
    }

    private List<Pending> take() {
      List<Pending> group = pending;
      pending = new ArrayList<>();
      bytes = 0;
      if (due != null) {
        due.cancel(false);
        due = null;
      }
      return group;
    }

    private void flush(List<Pending> group) {
      try {
        flushes.submit(() -> starter.start(key.tenant(), key.priority(), group));
      } catch (RuntimeException e) {
        // shutting down: fail them now rather than leave their clients waiting
        group.forEach(p -> p.outcome().completeExceptionally(e));
      }
    }
  }

  /** Arrivals over the last second, in ten slots of 100 ms. */
  static final class RecentRate {
    private static final long SLOT_MILLIS = 100;
    private final long[] slots = new long[10];
    private final int[] counts = new int[10];

    synchronized int add(long nowMillis) {
      long slot = nowMillis / SLOT_MILLIS;
      int at = (int) (slot % slots.length);
      if (slots[at] != slot) {
        slots[at] = slot;
        counts[at] = 0;
      }
      counts[at]++;
      int total = 0;
      for (int i = 0; i < slots.length; i++) {
        if (slot - slots[i] < slots.length) {
          total += counts[i];
        }
      }
      return total;
    }
  }

  /** How long a submission may wait, for the OpenAPI document and the docs. */
  public Duration maxWait() {
    return config.maxWait();
  }
}
