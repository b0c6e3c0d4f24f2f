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
import java.util.ArrayDeque;
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
  /** Starts one group and answers each of its emails' requests; {@link GroupStarter} in service. */
  interface Starter {
    void start(String tenant, int priority, List<Pending> group);
  }

  private final CoalescingConfig config;
  private final Starter starter;
  private final Clock clock;
  private final ConcurrentHashMap<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("coalescer-timer").daemon().factory());
  private final ExecutorService flushes = Executors.newVirtualThreadPerTaskExecutor();

  public Coalescer(
      CoalescingConfig config, GroupStarter starter, Clock clock, MeterRegistry registry) {
    this(config, (Starter) starter::start, clock, registry);
  }

  Coalescer(CoalescingConfig config, Starter starter, Clock clock, MeterRegistry registry) {
    this.config = config;
    this.starter = starter;
    this.clock = clock;
    Gauge.builder(WAITING_METRIC, lanes, Coalescer::waiting)
        .description("Emails this API process holds for their groups, not yet answered")
        .register(registry);
  }

  /** Emails waiting in this process's lanes for their group to start. */
  public static final String WAITING_METRIC = "jobqueue.coalescer.waiting";

  /** Emails held now, in every lane. */
  double waitingNow() {
    return waiting(lanes);
  }

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
      long arrivedMillis,
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
        // a group ends its emails in its own workflow, which starts no callbacks: alone
        || submission.callback() != null
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
    var pending =
        new Pending(
            ref, submission, keyed, bytes(email), clock.millis(), new CompletableFuture<>());
    Lane lane = lane(ref.tenant(), submission.priority());
    lane.add(pending);
    try {
      try {
        // the group's own calls are bounded by the Temporal deadline; this bounds the wait for a
        // start of the lane to come free when Temporal is slower than the lane's traffic
        return pending.outcome().get(config.maxWait().toMillis() + 60_000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!lane.withdraw(pending)) {
          // a group has it and is being started: its answer, bounded by the Temporal deadline
          return pending.outcome().get();
        }
        throw ApiProblem.retryLater(
            503,
            "temporal-unavailable",
            "Temporal did not answer in time",
            "the email's group was not started in time; nothing was recorded, retry",
            1);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("starting a group failed", e.getCause());
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

  /**
   * One tenant's and priority's submissions waiting for their group, and their recent rate. A group
   * is started once it is full or its first email has waited {@code maxWait}, but only while fewer
   * than {@code maxStartsInFlight} of the lane's groups are being started: when Temporal is slow,
   * the emails that arrive meanwhile fill the next group rather than each window making another
   * small one to queue behind the others (which would slow Temporal further).
   */
  private final class Lane {
    private final LaneKey key;
    private final RecentRate rate = new RecentRate();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long bytes;
    private int starting;
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
      synchronized (this) {
        pending.add(p);
        bytes += p.bytes();
      }
      startWhatIsReady(false, null);
    }

    /** Takes {@code p} back if no group has taken it yet. */
    synchronized boolean withdraw(Pending p) {
      if (pending.remove(p)) {
        bytes -= p.bytes();
        return true;
      }
      return false;
    }

    /** Starts everything it holds, whatever the limits: the process is stopping. */
    void flushNow() {
      startWhatIsReady(true, null);
    }

    /**
     * @param all every email, whatever the limits
     * @param waited an email whose wait the timer says is over (so the clock need not agree)
     */
    private void startWhatIsReady(boolean all, Pending waited) {
      var groups = new ArrayList<List<Pending>>();
      synchronized (this) {
        long now = clock.millis();
        while (!pending.isEmpty()
            && (all || starting < config.maxStartsInFlight())
            && (all
                || full()
                || pending.peek() == waited
                || now - pending.peek().arrivedMillis() >= config.maxWait().toMillis())) {
          groups.add(take());
          starting++;
        }
        if (!groups.isEmpty() && due != null) {
          due.cancel(false); // it was set for an email now on its way
          due = null;
        }
        if (!pending.isEmpty() && starting < config.maxStartsInFlight() && due == null) {
          // not ready yet: look again when the first email has waited long enough (a start that
          // ends looks again too, so a lane at its limit needs no timer)
          long wait = pending.peek().arrivedMillis() + config.maxWait().toMillis() - now;
          Pending first = pending.peek();
          due = timer.schedule(() -> due(first), Math.max(wait, 0), TimeUnit.MILLISECONDS);
        }
      }
      groups.forEach(this::flush);
    }

    private void due(Pending first) {
      synchronized (this) {
        due = null;
      }
      startWhatIsReady(false, first);
    }

    private boolean full() {
      return pending.size() >= config.maxEmails() || bytes >= config.maxGroupBytes();
    }

    /** The oldest pending emails, as many as a group holds. */
    private List<Pending> take() {
      var group = new ArrayList<Pending>();
      long groupBytes = 0;
      while (!pending.isEmpty()
          && group.size() < config.maxEmails()
          && (group.isEmpty() || groupBytes + pending.peek().bytes() <= config.maxGroupBytes())) {
        Pending p = pending.poll();
        group.add(p);
        groupBytes += p.bytes();
      }
      bytes -= groupBytes;
      return group;
    }

    private void flush(List<Pending> group) {
      try {
        flushes.submit(
            () -> {
              try {
                starter.start(key.tenant(), key.priority(), group);
              } finally {
                synchronized (this) {
                  starting--;
                }
                startWhatIsReady(false, null);
              }
            });
      } catch (RuntimeException e) {
        // shutting down: fail them now rather than leave their clients waiting
        synchronized (this) {
          starting--;
        }
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
