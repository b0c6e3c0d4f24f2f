package dev.jobqueue.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.retry.RetryBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobActivityOptionsTest {
  @Test
  void jobsBudgetReplacesTheDeclaredOneAndKeepsTheRest() {
    var declared = JobActivityOptions.SEND_EMAIL;

    var budgeted = JobActivityOptions.withBudget(declared, new RetryBudget(3, Duration.ofHours(2)));

    assertThat(budgeted.getRetryOptions().getMaximumAttempts()).isEqualTo(3);
    assertThat(budgeted.getScheduleToCloseTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(budgeted.getRetryOptions().getDoNotRetry())
        .containsExactlyInAnyOrder(declared.getRetryOptions().getDoNotRetry());
    assertThat(budgeted.getTaskQueue()).isEqualTo(declared.getTaskQueue());
    assertThat(budgeted.getStartToCloseTimeout()).isEqualTo(declared.getStartToCloseTimeout());
  }

  @Test
  void bulkChunksRunOnTheirOwnLaneAndTransactionalSendsOnTheEmailQueue() {
    assertThat(JobActivityOptions.SEND_EMAIL_CHUNK.getTaskQueue()).isEqualTo(TaskQueues.EMAIL_BULK);
    assertThat(JobActivityOptions.SEND_EMAIL.getTaskQueue()).isEqualTo(TaskQueues.EMAIL);
    assertThat(JobActivityOptions.SEND_GROUP_CHUNK.getTaskQueue()).isEqualTo(TaskQueues.EMAIL);
  }

  @Test
  void declaredOptionsCarryTheDefaultBudget() {
    for (var declared :
        new io.temporal.activity.ActivityOptions[] {
          JobActivityOptions.SEND_EMAIL,
          JobActivityOptions.RENDER_REPORT,
          JobActivityOptions.SEND_EMAIL_CHUNK
        }) {
      assertThat(declared.getRetryOptions().getMaximumAttempts())
          .isEqualTo(RetryBudget.DEFAULT.maxAttempts());
      assertThat(declared.getScheduleToCloseTimeout()).isEqualTo(RetryBudget.DEFAULT.total());
    }
  }
}
