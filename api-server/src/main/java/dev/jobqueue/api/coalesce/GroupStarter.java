package dev.jobqueue.api.coalesce;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.auth.FairnessWeights;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.JobLinks;
import dev.jobqueue.api.jobs.JobReplays;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.JobStatusDocument;
import dev.jobqueue.api.jobs.RetryConfig;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.email.CancelJob;
import dev.jobqueue.email.EmailGroup;
import dev.jobqueue.email.EmailGroupWorkflow;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.GroupedEmail;
import dev.jobqueue.email.GroupedJobState;
import dev.jobqueue.email.KeyReservation;
import dev.jobqueue.email.KeyReservationWorkflow;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobPriority;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.MetricTags;
import dev.jobqueue.runtime.TemporalConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one group: the emails a lane collected, in one group workflow (one Temporal call for all
 * of them), then, for those sent under an Idempotency-Key, each key's reservation, the workflow id
 * that Temporal itself keeps unique. Answers every waiting request.
 */
public final class GroupStarter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupStarter.class);

  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final JobReplays replays;
  private final TemporalDeadline deadline;
  private final Duration deadLetterRetention;
  private final RetryConfig retry;
  private final MeterRegistry registry;
  private final Clock clock;
  private final FairnessWeights weights;
  private final JobIds ids = new JobIds();
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  public GroupStarter(
      WorkflowClient client,
      TemporalConfig temporal,
      JobReplays replays,
      TemporalDeadline deadline,
      Duration deadLetterRetention,
      RetryConfig retry,
      MeterRegistry registry,
      Clock clock,
      FairnessWeights weights) {
    this.client = client;
    this.temporal = temporal;
    this.replays = replays;
    this.deadline = deadline;
    this.deadLetterRetention = deadLetterRetention;
    this.retry = retry;
    this.registry = registry;
    this.clock = clock;
    this.weights = weights;
  }

  void start(String tenant, int priority, List<Coalescer.Pending> batch) {
    try {
      deadline.within(
          () -> {
            startGroup(tenant, priority, batch);
            return null;
          });
    } catch (RuntimeException e) {
      // nothing of what is still waiting was acknowledged: its clients retry
      batch.forEach(p -> p.outcome().completeExceptionally(e));
    }
  }

  private void startGroup(String tenant, int priority, List<Coalescer.Pending> batch) {
    List<Coalescer.Pending> fresh = withoutReplays(batch);
    if (fresh.isEmpty()) {
      return;
    }
    String groupId = ids.random();
    String groupWorkflowId = EmailGroup.workflowId(tenant, groupId);
    Instant now = clock.instant();
    var emails = new ArrayList<GroupedEmail>(fresh.size());
    Map<String, Object> memo = new HashMap<>();
    for (int i = 0; i < fresh.size(); i++) {
      Coalescer.Pending p = fresh.get(i);
      var email = (EmailJob) p.submission().input();
      String jobId = p.keyed() ? p.ref().jobId() : EmailGroup.jobId(groupId, i);
      emails.add(
          new GroupedEmail(
              jobId, email.message(), p.submission().requestHash(), p.keyed() ? jobId : null));
      memo.put(
          GroupedJobState.memoKey(i),
          GroupedJobState.queued(jobId, p.submission().requestHash(), now.toString()));
    }
    var group =
        new EmailGroup(
            groupId,
            tenant,
            priority,
            emails,
            retry.of(JobType.EMAIL),
            deadLetterRetention,
            weights.of(tenant));
    WorkflowClient.start(
        client.newWorkflowStub(EmailGroupWorkflow.class, groupOptions(group, memo))::send, group);
    var reservations = reserveKeys(group, fresh);
    for (int i = 0; i < fresh.size(); i++) {
      Coalescer.Pending p = fresh.get(i);
      Future<RuntimeException> reservation = reservations.get(i);
      RuntimeException failed = reservation == null ? null : outcomeOf(reservation);
      if (failed == null) {
        var ref = new JobRef(emails.get(i).jobId(), tenant);
        registry
            .counter(
                JobStarter.SUBMITTED_METRIC,
                MetricTags.JOB_TYPE,
                JobType.EMAIL.wireName(),
                MetricTags.TENANT,
                tenant)
            .increment();
        p.outcome().complete(new JobStarter.Outcome(true, accepted(ref, groupWorkflowId, now)));
      } else if (failed instanceof WorkflowExecutionAlreadyStarted) {
        // another request took the key meanwhile: this copy is withdrawn, that job is the answer
        cancelQuietly(groupWorkflowId, emails.get(i).jobId());
        answerReplay(p);
      } else {
        cancelQuietly(groupWorkflowId, emails.get(i).jobId());
        p.outcome().completeExceptionally(failed);
      }
    }
  }

  /**
   * The batch without the requests whose Idempotency-Key already names a job (answered here, as
   * replays), and with each key once: a second request under a key follows the first's answer.
   */
  private List<Coalescer.Pending> withoutReplays(List<Coalescer.Pending> batch) {
    var firstByKey = new LinkedHashMap<String, Coalescer.Pending>();
    var fresh = new ArrayList<Coalescer.Pending>();
    var looks = new LinkedHashMap<Coalescer.Pending, Future<Boolean>>();
    var twins = new ArrayList<Coalescer.Pending>();
    for (Coalescer.Pending p : batch) {
      if (!p.keyed()) {
        fresh.add(p);
      } else if (firstByKey.putIfAbsent(p.ref().jobId(), p) != null) {
        twins.add(p);
      } else {
        looks.put(p, calls.submit(io.grpc.Context.current().wrap(() -> exists(p.ref()))));
      }
    }
    for (var look : looks.entrySet()) {
      Coalescer.Pending p = look.getKey();
      if (Boolean.TRUE.equals(await(look.getValue()))) {
        answerReplay(p);
      } else {
        fresh.add(p);
      }
    }
    // a second request under a key is answered as a replay once the first has been
    for (Coalescer.Pending twin : twins) {
      Coalescer.Pending first = firstByKey.get(twin.ref().jobId());
      first.outcome().whenComplete((outcome, error) -> answerReplay(twin));
    }
    return fresh;
  }

  private boolean exists(JobRef ref) {
    try {
      client.newUntypedWorkflowStub(ref.workflowId()).describe();
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      return false;
    }
  }

  private void answerReplay(Coalescer.Pending p) {
    try {
      JobStarter.Outcome replayed = deadline.within(() -> replays.of(p.ref(), p.submission()));
      if (replayed != null) {
        p.outcome().complete(replayed);
      } else {
        p.outcome()
            .completeExceptionally(
                ApiProblem.retryLater(
                    503,
                    "job-not-started",
                    "The job could not be started",
                    "the request under this Idempotency-Key did not start its job; retry it",
                    1));
      }
    } catch (RuntimeException e) {
      p.outcome().completeExceptionally(e);
    }
  }

  /** Each keyed email's reservation, started at once; null for the emails without a key. */
  private List<Future<RuntimeException>> reserveKeys(
      EmailGroup group, List<Coalescer.Pending> fresh) {
    var out = new ArrayList<Future<RuntimeException>>(fresh.size());
    io.grpc.Context context = io.grpc.Context.current();
    for (int i = 0; i < fresh.size(); i++) {
      Coalescer.Pending p = fresh.get(i);
      if (!p.keyed()) {
        out.add(null);
        continue;
      }
      int index = i;
      // each call under the request's Temporal deadline
      out.add(calls.submit(context.wrap(() -> reserve(group, p, index))));
    }
    return out;
  }

  private RuntimeException reserve(EmailGroup group, Coalescer.Pending p, int index) {
    try {
      var reservation =
          new KeyReservation(
              p.ref(), EmailGroup.workflowId(group.tenant(), group.groupId()), index);
      Map<String, Object> memo = new HashMap<>();
      memo.put(JobMemo.REQUEST_HASH, p.submission().requestHash());
      memo.put(KeyReservation.GROUP_MEMO_KEY, reservation.groupWorkflowId());
      memo.put(KeyReservation.INDEX_MEMO_KEY, index);
      var options =
          WorkflowOptions.newBuilder()
              .setWorkflowId(p.ref().workflowId())
              .setTaskQueue(TaskQueues.EMAIL)
              .setWorkflowIdReusePolicy(
                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
              .setWorkflowIdConflictPolicy(
                  WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
              .setTypedSearchAttributes(
                  SearchAttributes.newBuilder()
                      .set(JobSearchAttributes.TENANT, group.tenant())
                      .build())
              .setMemo(memo)
              .build();
      WorkflowClient.start(
          client.newWorkflowStub(KeyReservationWorkflow.class, options)::reserve, reservation);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static WorkflowOptions groupOptions(EmailGroup group, Map<String, Object> memo) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(EmailGroup.workflowId(group.tenant(), group.groupId()))
        .setTaskQueue(TaskQueues.EMAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        // the tenant, to find a tenant's groups; no JobType: a group is not a job, its emails are
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder().set(JobSearchAttributes.TENANT, group.tenant()).build())
        .setMemo(memo)
        .setPriority(JobPriority.of(group.priority(), group.tenant(), group.fairnessWeight()))
        .build();
  }

  private JobStatusDocument accepted(JobRef ref, String groupWorkflowId, Instant now) {
    return new JobStatusDocument(
        ref.jobId(),
        JobType.EMAIL.wireName(),
        JobStatus.QUEUED,
        0,
        retry.of(JobType.EMAIL).maxAttempts(),
        null,
        null,
        now,
        now,
        null,
        null,
        false,
        null,
        groupWorkflowId,
        JobLinks.of(ref, groupWorkflowId, temporal));
  }

  private void cancelQuietly(String groupWorkflowId, String jobId) {
    try {
      client
          .newWorkflowStub(EmailGroupWorkflow.class, groupWorkflowId)
          .cancel(new CancelJob(jobId));
    } catch (RuntimeException e) {
      LOG.warn("could not withdraw {} from {}: {}", jobId, groupWorkflowId, e.toString());
    }
  }

  private static RuntimeException outcomeOf(Future<RuntimeException> future) {
    return await(future);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
