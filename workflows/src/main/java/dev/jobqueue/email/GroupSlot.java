package dev.jobqueue.email;

import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One job of the group, as the workflow tracks it. */
final class GroupSlot {
  final int index;
  final GroupedEmail email;
  final List<AttemptError> attempts = new ArrayList<>();

  /** Recipients earlier attempts settled: the relay took them, or refused them for good. */
  final List<String> accepted = new ArrayList<>();

  final List<RecipientFailure> rejected = new ArrayList<>();
  String messageId;
  JobStatus status = JobStatus.QUEUED;
  int attempt;
  long nextAttemptAt;
  long updatedAt;
  boolean inFlight;
  boolean cancelRequested;
  boolean changed;
  String errorType;
  String error;

  GroupSlot(int index, GroupedEmail email) {
    this.index = index;
    this.email = email;
  }

  boolean settled() {
    return status == JobStatus.SUCCEEDED
        || status == JobStatus.CANCELLED
        || status == JobStatus.DEAD_LETTERED;
  }

  void start(long now) {
    attempt++;
    inFlight = true;
    status = JobStatus.RUNNING;
    touch(now);
  }

  /** What this attempt settled, whatever else became of the email. */
  void settle(GroupChunkResult.Outcome outcome) {
    accepted.addAll(outcome.accepted());
    rejected.addAll(outcome.rejected());
    if (outcome.messageId() != null) {
      messageId = outcome.messageId();
    }
  }

  List<String> settledRecipients() {
    var settled = new ArrayList<>(accepted);
    rejected.forEach(r -> settled.add(r.address()));
    return settled;
  }

  void succeed(long now) {
    inFlight = false;
    status = JobStatus.SUCCEEDED;
    touch(now);
  }

  void failed(String type, String message, boolean retryable, long now) {
    inFlight = false;
    errorType = type;
    error = message;
    if (attempts.size() < DeadLetter.MAX_ATTEMPTS) {
      attempts.add(
          new AttemptError(
              attempt, type, message, retryable, Instant.ofEpochMilli(now).toString()));
    }
    touch(now);
  }

  void retryAt(long at, long now) {
    status = JobStatus.RETRYING;
    nextAttemptAt = at;
    touch(now);
  }

  void cancelRequested(long now) {
    cancelRequested = true;
    touch(now);
  }

  void cancel(long now) {
    inFlight = false;
    status = JobStatus.CANCELLED;
    touch(now);
  }

  void deadLetter(long now) {
    inFlight = false;
    status = JobStatus.DEAD_LETTERED;
    touch(now);
  }

  private void touch(long now) {
    updatedAt = now;
    changed = true;
  }

  GroupedJobState state() {
    return new GroupedJobState(
        email.jobId(),
        status,
        attempt,
        errorType,
        error,
        Instant.ofEpochMilli(updatedAt).toString(),
        status == JobStatus.RETRYING ? Instant.ofEpochMilli(nextAttemptAt).toString() : null,
        email.requestHash(),
        status == JobStatus.SUCCEEDED ? new SendEmailResult(messageId, accepted, rejected) : null,
        cancelRequested);
  }
}
