package dev.jobqueue.job;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;

/** The time-skipping test server with the job search attributes registered. */
public final class JobTestEnvironment {
  private JobTestEnvironment() {}

  /**
   * Without the fleets' attempt reporting (that is the runtime's, tested there with these
   * workflows): a dead letter here lists no attempts.
   */
  public static TestWorkflowEnvironment start() {
    var env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build());
    JobSearchAttributes.registrations().forEach(env::registerSearchAttribute);
    return env;
  }

  /** Started as the API starts a job: with its type, tenant and initial status. */
  public static WorkflowOptions options(JobRef job, JobType type) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(job.workflowId())
        .setTaskQueue(type.taskQueue())
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(JobSearchAttributes.JOB_TYPE, type.wireName())
                .set(JobSearchAttributes.TENANT, job.tenant())
                .set(JobSearchAttributes.JOB_STATUS, JobStatus.QUEUED.name())
                .build())
        .build();
  }

  /** The job's search attribute, read from the server as the API and the Web UI see it. */
  public static String searchAttribute(
      WorkflowClient client, JobRef job, io.temporal.common.SearchAttributeKey<String> key) {
    return client
        .newUntypedWorkflowStub(job.workflowId())
        .describe()
        .getTypedSearchAttributes()
        .get(key);
  }

  /** The dead letter the job's workflow keeps in its memo, if it has one. */
  public static DeadLetter deadLetter(WorkflowClient client, JobRef job) {
    return client
        .newUntypedWorkflowStub(job.workflowId())
        .describe()
        .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
  }
}
