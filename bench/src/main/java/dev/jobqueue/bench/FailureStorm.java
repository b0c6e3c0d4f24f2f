package dev.jobqueue.bench;

import dev.jobqueue.email.EmailGroupResult;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The isolation phase's failure storm: one tenant's emails to dev-smtp's {@code tempfail} mailbox,
 * which answers 451 at RCPT every time, so that each is retried to the end of its budget ({@link
 * Rig#EMAIL_MAX_ATTEMPTS}) and becomes a dead letter. Submitted as fast as the API takes them (so
 * the API coalesces all but the first few into groups); started once every one was acknowledged
 * (each 202 is its group's start or update, durable); over once every group has ended, i.e. every
 * email has become a dead letter of its own.
 */
final class FailureStorm {
  static final int JOBS = 2_000;
  static final String TEMPFAIL = "tempfail@simulator.jobqueue.test";

  /** POSTs in flight while submitting: a busy client's worth. */
  private static final int IN_FLIGHT = 64;

  private static final Duration DRAIN = Duration.ofMinutes(10);

  /** Dead letters whose status is read for the attempts they took. */
  private static final int ATTEMPT_SAMPLE = 20;

  record Started(List<ApiClient.Accepted> jobs, long startedNanos, double submitSeconds) {}

  /**
   * @param ownWorkflows jobs the API did not coalesce (the first few, before its rate threshold)
   * @param seconds from the first POST until the last job was a dead letter
   * @param attemptsPerJob read from a sample of the dead letters' status documents
   */
  record Result(
      int jobs,
      int groups,
      int ownWorkflows,
      long deadLettered,
      double submitSeconds,
      double seconds,
      double attemptsPerJob) {
    double attemptsPerSecond() {
      return deadLettered * attemptsPerJob / seconds;
    }
  }

  private final ApiClient api;
  private final WorkflowClient client;
  private final String tenant;

  FailureStorm(ApiClient api, WorkflowClient client, String tenant) {
    this.api = api;
    this.client = client;
    this.tenant = tenant;
  }

  /** Submits every job; returns once the API has acknowledged all of them. */
  Started start() throws Exception {
    long start = System.nanoTime();
    var accepted = new ConcurrentLinkedQueue<ApiClient.Accepted>();
    var failures = new ConcurrentLinkedQueue<Exception>();
    var slots = new Semaphore(IN_FLIGHT);
    var threads = new ArrayList<Thread>();
    var progress =
        new PhaseProgress(
            "failure storm, submitting", "jobs acknowledged of " + JOBS, () -> accepted.size());
    try {
      for (int i = 0; i < JOBS; i++) {
        long n = i;
        slots.acquire();
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        accepted.add(api.submit(Transactional.body(TEMPFAIL, n)));
                      } catch (Exception e) {
                        failures.add(e);
                      } finally {
                        slots.release();
                      }
                    }));
      }
      Joins.all(threads, System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
    } finally {
      progress.close();
    }
    if (!failures.isEmpty() || accepted.size() < JOBS) {
      throw new IllegalStateException(
          "the API acknowledged "
              + accepted.size()
              + " of "
              + JOBS
              + " failure-storm jobs; first failure: "
              + failures.peek());
    }
    return new Started(List.copyOf(accepted), start, (System.nanoTime() - start) / 1e9);
  }

  /** Waits until every job of the storm is a dead letter. */
  Result drain(Started started) throws Exception {
    var groups = new LinkedHashSet<String>();
    var own = new ArrayList<ApiClient.Accepted>();
    for (var job : started.jobs()) {
      if (job.workflowId().equals(new JobRef(job.jobId(), tenant).workflowId())) {
        own.add(job);
      } else {
        groups.add(job.workflowId());
      }
    }
    long deadline = System.nanoTime() + DRAIN.toNanos();
    var ended = new AtomicInteger();
    long deadLettered = 0;
    var progress =
        new PhaseProgress(
            "failure storm, until every job is a dead letter",
            "groups and jobs of their own ended of " + (groups.size() + own.size()),
            ended::get);
    try {
      for (String group : groups) {
        long left = Math.max(1, deadline - System.nanoTime());
        var result =
            client
                .newUntypedWorkflowStub(group)
                .getResult(left, TimeUnit.NANOSECONDS, EmailGroupResult.class);
        deadLettered += result.deadLettered();
        ended.incrementAndGet();
      }
      for (var job : own) {
        awaitDeadLetter(job.jobId(), deadline);
        deadLettered++;
        ended.incrementAndGet();
      }
    } finally {
      progress.close();
    }
    long end = System.nanoTime();
    double attempts = 0;
    int sampled = 0;
    var sample = new ArrayList<>(started.jobs());
    Collections.shuffle(sample, new Random(1));
    for (var job : sample.subList(0, Math.min(ATTEMPT_SAMPLE, sample.size()))) {
      var doc = api.job(job.jobId());
      attempts += doc.path("attempt").asInt();
      sampled++;
    }
    return new Result(
        started.jobs().size(),
        groups.size(),
        own.size(),
        deadLettered,
        started.submitSeconds(),
        (end - started.startedNanos()) / 1e9,
        sampled == 0 ? Double.NaN : attempts / sampled);
  }

  /** A job of its own is parked, not ended, when it gives up: its status says so. */
  private void awaitDeadLetter(String jobId, long deadline) throws Exception {
    while (true) {
      String status = api.status(jobId);
      if (status.equals("DEAD_LETTERED")) {
        return;
      }
      if (!status.equals("QUEUED") && !status.equals("RUNNING") && !status.equals("RETRYING")) {
        throw new IllegalStateException("failure-storm job " + jobId + " ended " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "failure-storm job " + jobId + " still " + status + " after " + DRAIN);
      }
      Thread.sleep(200); // its next attempt is due in seconds
    }
  }
}
