package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailGroupWorkflowTest {
  private static final String TENANT = "acme";

  private TestWorkflowEnvironment env;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** A relay scripted per email: {@code reply} says what each attempt of each email meets. */
  private static final class ScriptedChunks implements EmailGroupActivities {
    final List<GroupChunk> chunks = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final Function<GroupChunk.Item, GroupChunkResult.Kind> reply;

    ScriptedChunks(Function<GroupChunk.Item, GroupChunkResult.Kind> reply) {
      this.reply = reply;
    }

    @Override
    public GroupChunkResult sendChunk(GroupChunk chunk) {
      chunks.add(chunk);
      var outcomes = new ArrayList<GroupChunkResult.Outcome>();
      for (GroupChunk.Item item : chunk.items()) {
        attempts.computeIfAbsent(item.jobId(), id -> new AtomicInteger()).incrementAndGet();
        var kind = reply.apply(item);
        String messageId = "<" + item.jobId() + "@test>";
        outcomes.add(
            switch (kind) {
              case SENT ->
                  GroupChunkResult.Outcome.sent(
                      item.index(), messageId, item.message().to(), List.of());
              case DEFERRED ->
                  GroupChunkResult.Outcome.deferred(
                      item.index(),
                      null,
                      List.of(),
                      List.of(),
                      ErrorType.SmtpTransient,
                      "451 4.3.0 try later",
                      0);
              case REFUSED ->
                  GroupChunkResult.Outcome.refused(
                      item.index(),
                      messageId,
                      List.of(),
                      ErrorType.SmtpRejected,
                      "550 5.1.1 no such user");
            });
      }
      return new GroupChunkResult(outcomes);
    }
  }

  /** The single-email send a dead letter's redrive runs. */
  private static final class Singles implements EmailActivities {
    final List<EmailJob> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      sent.add(job);
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private static EmailGroup group(String groupId, int emails, int maxAttempts) {
    var list = new ArrayList<GroupedEmail>();
    for (int i = 0; i < emails; i++) {
      list.add(
          new GroupedEmail(
              EmailGroup.jobId(groupId, i),
              EmailMessage.text(List.of("user" + i + "@example.com"), "Receipt " + i, "Thanks"),
              "hash-" + i,
              null));
    }
    return new EmailGroup(
        groupId,
        TENANT,
        3,
        list,
        new RetryBudget(maxAttempts, Duration.ofHours(24)),
        Duration.ofDays(14),
        2.5f);
  }

  private EmailGroupWorkflow start(EmailGroupActivities chunks, Singles singles, EmailGroup group) {
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(
        EmailGroupWorkflowImpl.class, EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(chunks, singles);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailGroupWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(EmailGroup.workflowId(TENANT, group.groupId()))
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(workflow::send, group);
    return workflow;
  }

  private EmailGroupResult result(EmailGroup group) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(EmailGroup.workflowId(TENANT, group.groupId()))
        .getResult(EmailGroupResult.class);
  }

  /** The job's state as the group's memo shows it to the API. */
  private GroupedJobState state(EmailGroup group, int index) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(EmailGroup.workflowId(TENANT, group.groupId()))
        .describe()
        .getMemo(GroupedJobState.memoKey(index), GroupedJobState.class, GroupedJobState.class);
  }

  @Test
  void sendsEveryEmailInChunksAndRecordsEachOnesDelivery() {
    var chunks = new ScriptedChunks(item -> GroupChunkResult.Kind.SENT);
    var group = group("g-all", 250, 12);
    start(chunks, new Singles(), group);

    assertThat(result(group)).isEqualTo(new EmailGroupResult(250, 250, 0, 0));
    assertThat(chunks.chunks).hasSize(3);
    assertThat(chunks.chunks)
        .allSatisfy(c -> assertThat(c.items().size()).isLessThanOrEqualTo(100));
    var last = state(group, 249);
    assertThat(last.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(last.attempt()).isEqualTo(1);
    assertThat(last.requestHash()).isEqualTo("hash-249");
    assertThat(last.result().messageId())
        .isEqualTo("<" + EmailGroup.jobId("g-all", 249) + "@test>");
    assertThat(last.result().accepted()).containsExactly("user249@example.com");
  }

  @Test
  void aDeferredEmailRetriesAloneWithItsOwnAttemptsWhileTheOthersAreDone() {
    var deferredTwice = EmailGroup.jobId("g-defer", 3);
    var chunks =
        new ScriptedChunks(
            item ->
                item.jobId().equals(deferredTwice) && item.attempt() <= 2
                    ? GroupChunkResult.Kind.DEFERRED
                    : GroupChunkResult.Kind.SENT);
    var group = group("g-defer", 10, 12);
    start(chunks, new Singles(), group);

    assertThat(result(group)).isEqualTo(new EmailGroupResult(10, 10, 0, 0));
    assertThat(chunks.attempts.get(deferredTwice)).hasValue(3);
    assertThat(chunks.attempts)
        .allSatisfy(
            (id, n) -> assertThat(n.get()).as(id).isEqualTo(id.equals(deferredTwice) ? 3 : 1));
    // the retries carried that email alone
    assertThat(chunks.chunks.subList(1, chunks.chunks.size()))
        .allSatisfy(
            c ->
                assertThat(c.items())
                    .extracting(GroupChunk.Item::jobId)
                    .containsExactly(deferredTwice));
    var state = state(group, 3);
    assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(state.attempt()).isEqualTo(3);
    assertThat(state.errorType()).isEqualTo("SmtpTransient");
  }

  @Test
  void anEmailRefusedForGoodIsParkedAsItsOwnDeadLetterAndARedriveSendsItAlone() {
    var bounced = EmailGroup.jobId("g-bounce", 1);
    var chunks =
        new ScriptedChunks(
            item ->
                item.jobId().equals(bounced)
                    ? GroupChunkResult.Kind.REFUSED
                    : GroupChunkResult.Kind.SENT);
    var singles = new Singles();
    var group = group("g-bounce", 3, 12);
    start(chunks, singles, group);

    assertThat(result(group)).isEqualTo(new EmailGroupResult(3, 2, 1, 0));
    assertThat(state(group, 1).status()).isEqualTo(JobStatus.DEAD_LETTERED);
    var parked = new JobRef(bounced, TENANT);
    awaitStatus(parked, "DEAD_LETTERED");
    var described = env.getWorkflowClient().newUntypedWorkflowStub(parked.workflowId()).describe();
    DeadLetter letter = described.getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("SmtpRejected");
    assertThat(letter.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.attempt()).isEqualTo(1));
    assertThat(described.getTypedSearchAttributes().get(JobSearchAttributes.TENANT))
        .isEqualTo(TENANT);

    var corrected = EmailMessage.text(List.of("fixed@example.com"), "Receipt 1", "Thanks");
    env.getWorkflowClient()
        .newWorkflowStub(EmailWorkflow.class, parked.workflowId())
        .redrive(new Redrive<>(new EmailJob(parked, corrected)));
    SendEmailResult redriven =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(parked.workflowId())
            .getResult(SendEmailResult.class);

    assertThat(redriven.accepted()).containsExactly("fixed@example.com");
    assertThat(singles.sent).singleElement().satisfies(j -> assertThat(j.givenUp()).isNull());
  }

  @Test
  void anEmailStillDeferredWhenItsBudgetIsSpentIsParkedAndTheRestDelivered() {
    var full = EmailGroup.jobId("g-budget", 0);
    var chunks =
        new ScriptedChunks(
            item ->
                item.jobId().equals(full)
                    ? GroupChunkResult.Kind.DEFERRED
                    : GroupChunkResult.Kind.SENT);
    var group = group("g-budget", 4, 3);
    start(chunks, new Singles(), group);

    assertThat(result(group)).isEqualTo(new EmailGroupResult(4, 3, 1, 0));
    assertThat(chunks.attempts.get(full)).hasValue(3);
    awaitStatus(new JobRef(full, TENANT), "DEAD_LETTERED");
    DeadLetter letter =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(new JobRef(full, TENANT).workflowId())
            .describe()
            .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("SmtpTransient");
    assertThat(letter.attempts()).extracting(a -> a.attempt()).containsExactly(1, 2, 3);
  }

  @Test
  void aCancelledEmailIsNotSentAndTheOthersAre() {
    var cancelled = EmailGroup.jobId("g-cancel", 2);
    var chunks = new ScriptedChunks(item -> GroupChunkResult.Kind.SENT);
    var group = group("g-cancel", 5, 12);
    // the cancel reaches the group before its first task: the signal is applied first
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailGroupWorkflowImpl.class);
    worker.registerActivitiesImplementations(chunks);
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailGroupWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(EmailGroup.workflowId(TENANT, group.groupId()))
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(workflow::send, group);
    workflow.cancel(new CancelJob(cancelled));
    env.start();

    assertThat(result(group)).isEqualTo(new EmailGroupResult(5, 4, 0, 1));
    assertThat(chunks.attempts).doesNotContainKey(cancelled);
    assertThat(state(group, 2).status()).isEqualTo(JobStatus.CANCELLED);
  }

  private void awaitStatus(JobRef job, String status) {
    for (int i = 0; i < 600; i++) {
      if (status.equals(
          JobTestEnvironment.searchAttribute(
              env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))) {
        return;
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError(job + " never reached " + status);
  }
}
