package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobMetrics;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.retry.Backoff;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

public class EmailGroupWorkflowImpl implements EmailGroupWorkflow {
  /** Emails per activity: one chunk's worth of a bulk send, small enough to retry cheaply. */
  static final int CHUNK_SIZE = 100;

  /** Chunks in flight at once: enough to keep the fleet's connections busy. */
  static final int MAX_PENDING_CHUNKS = 8;

  private final EmailGroupActivities senders =
      Workflow.newActivityStub(EmailGroupActivities.class, JobActivityOptions.SEND_GROUP_CHUNK);

  /** Cancels not yet applied; a signal may come before the group has started. */
  private final Set<String> cancels = new LinkedHashSet<>();

  private final Map<String, GroupSlot> byJobId = new HashMap<>();

  private record Running(List<GroupSlot> slots, Promise<GroupChunkResult> result) {}

  @Override
  public EmailGroupResult send(EmailGroup group) {
    var slots = new ArrayList<GroupSlot>(group.emails().size());
    for (int i = 0; i < group.emails().size(); i++) {
      var slot = new GroupSlot(i, group.emails().get(i));
      slots.add(slot);
      byJobId.put(slot.email.jobId(), slot);
    }
    var metrics = new JobMetrics(JobType.EMAIL, group.tenant());
    Random random = Workflow.newRandom();
    long startedAt = Workflow.currentTimeMillis();
    var running = new ArrayList<Running>();
    try {
      while (true) {
        long now = Workflow.currentTimeMillis();
        applyCancels(now);
        startDueChunks(group, slots, running, now);
        publish(slots);
        if (running.isEmpty() && slots.stream().allMatch(GroupSlot::settled)) {
          break;
        }
        awaitProgress(slots, running);
        now = Workflow.currentTimeMillis();
        for (Running done : completed(running)) {
          record(group, done, now, startedAt, random, metrics);
        }
      }
    } catch (CanceledFailure e) {
      // the whole group was cancelled: what was not sent ends so, and the memo says it
      Workflow.newDetachedCancellationScope(
              () -> {
                long now = Workflow.currentTimeMillis();
                slots.stream().filter(s -> !s.settled()).forEach(s -> s.cancel(now));
                publish(slots);
              })
          .run();
      throw e;
    }
    return new EmailGroupResult(
        slots.size(),
        count(slots, JobStatus.SUCCEEDED),
        count(slots, JobStatus.DEAD_LETTERED),
        count(slots, JobStatus.CANCELLED));
  }

  @Override
  public void cancel(CancelJob request) {
    cancels.add(request.jobId());
  }

  /** A cancel ends a job that is not being sent; one on the wire ends as the relay decides. */
  private void applyCancels(long now) {
    for (String jobId : cancels) {
      GroupSlot slot = byJobId.get(jobId);
      if (slot != null && !slot.settled()) {
        if (slot.inFlight) {
          slot.cancelRequested(now);
        } else {
          slot.cancel(now);
        }
      }
    }
    cancels.clear();
  }

  private void startDueChunks(
      EmailGroup group, List<GroupSlot> slots, List<Running> running, long now) {
    var due = new ArrayList<GroupSlot>();
    for (GroupSlot slot : slots) {
      if (!slot.settled() && !slot.inFlight && slot.nextAttemptAt <= now) {
        due.add(slot);
      }
    }
    for (int from = 0; from < due.size() && running.size() < MAX_PENDING_CHUNKS; ) {
      int to = Math.min(due.size(), from + CHUNK_SIZE);
      List<GroupSlot> chunk = List.copyOf(due.subList(from, to));
      var items = new ArrayList<GroupChunk.Item>(chunk.size());
      for (GroupSlot slot : chunk) {
        slot.start(now);
        items.add(
            new GroupChunk.Item(
                slot.index,
                slot.email.jobId(),
                slot.email.message(),
                slot.attempt,
                slot.settledRecipients()));
      }
      var request = new GroupChunk(group.tenant(), items, group.retry().maxAttempts());
      running.add(new Running(chunk, Async.function(senders::sendChunk, request)));
      from = to;
    }
  }

  /** Until a chunk ends, a cancel arrives, or the next email waiting its backoff is due. */
  private void awaitProgress(List<GroupSlot> slots, List<Running> running) {
    long next = Long.MAX_VALUE;
    for (GroupSlot slot : slots) {
      if (!slot.settled() && !slot.inFlight) {
        next = Math.min(next, slot.nextAttemptAt);
      }
    }
    if (next == Long.MAX_VALUE) {
      Workflow.await(
          () -> !cancels.isEmpty() || running.stream().anyMatch(r -> r.result().isCompleted()));
    } else {
      long wait = Math.max(1, next - Workflow.currentTimeMillis());
      Workflow.await(
          Duration.ofMillis(wait),
          () -> !cancels.isEmpty() || running.stream().anyMatch(r -> r.result().isCompleted()));
    }
  }

  private void record(
      EmailGroup group, Running done, long now, long startedAt, Random random, JobMetrics metrics) {
    RuntimeException failure = done.result().getFailure();
    if (failure != null) {
      // the chunk's own tries are spent (a crashed or stopped worker): an attempt of each email
      String message =
          failure instanceof ActivityFailure a && a.getCause() != null
              ? a.getCause().getMessage()
              : failure.getMessage();
      for (GroupSlot slot : done.slots()) {
        defer(group, slot, ErrorType.SmtpUnavailable.name(), message, 0, now, startedAt, random);
      }
      return;
    }
    for (GroupChunkResult.Outcome outcome : done.result().get().outcomes()) {
      GroupSlot slot =
          done.slots().stream().filter(s -> s.index == outcome.index()).findFirst().orElse(null);
      if (slot == null) {
        continue;
      }
      slot.settle(outcome);
      switch (outcome.kind()) {
        case SENT -> {
          slot.succeed(now);
          metrics.succeeded(Duration.ofMillis(now - startedAt));
        }
        case REFUSED -> giveUp(group, slot, outcome.errorType(), outcome.message(), now, false);
        case DEFERRED ->
            defer(
                group,
                slot,
                outcome.errorType(),
                outcome.message(),
                outcome.retryAfterMillis(),
                now,
                startedAt,
                random);
      }
    }
    // an email the activity did not report on was not sent: it goes again
    for (GroupSlot slot : done.slots()) {
      if (slot.inFlight) {
        defer(
            group,
            slot,
            ErrorType.SmtpUnavailable.name(),
            "not reported by the sender",
            0,
            now,
            startedAt,
            random);
      }
    }
  }

  /** Waits its own jittered backoff, or is given up on once its own budget is spent. */
  private void defer(
      EmailGroup group,
      GroupSlot slot,
      String errorType,
      String message,
      long retryAfterMillis,
      long now,
      long startedAt,
      Random random) {
    slot.failed(errorType, message, true, now);
    boolean budgetSpent =
        slot.attempt >= group.retry().maxAttempts()
            || now - startedAt >= group.retry().total().toMillis();
    if (budgetSpent) {
      giveUp(group, slot, errorType, message, now, true);
      return;
    }
    if (slot.cancelRequested) {
      slot.cancel(now);
      return;
    }
    Duration delay =
        Backoff.DEFAULT.delayAfter(
            slot.attempt, random::nextDouble, Duration.ofMillis(retryAfterMillis));
    slot.retryAt(now + delay.toMillis(), now);
  }

  /**
   * Parks the job as a dead letter of its own: a job workflow {@code <tenant>/<jobId>} that starts
   * parked with this failure, and from there is redriven, discarded or expires like any other.
   */
  private void giveUp(
      EmailGroup group,
      GroupSlot slot,
      String errorType,
      String message,
      long now,
      boolean attemptRecorded) {
    if (!attemptRecorded) {
      slot.failed(errorType, message, false, now);
    }
    if (slot.cancelRequested) {
      slot.cancel(now);
      return;
    }
    ParkedEmails.park(group, slot);
    slot.deadLetter(now);
  }

  /** One memo upsert for every job whose state changed since the last. */
  private static void publish(List<GroupSlot> slots) {
    var changed = new HashMap<String, Object>();
    for (GroupSlot slot : slots) {
      if (slot.changed) {
        changed.put(GroupedJobState.memoKey(slot.index), slot.state());
        slot.changed = false;
      }
    }
    if (!changed.isEmpty()) {
      Workflow.upsertMemo(changed);
    }
  }

  private static List<Running> completed(List<Running> running) {
    var completed = new ArrayList<Running>();
    running.removeIf(r -> r.result().isCompleted() && completed.add(r));
    return completed;
  }

  private static int count(List<GroupSlot> slots, JobStatus status) {
    return (int) slots.stream().filter(s -> s.status == status).count();
  }
}
