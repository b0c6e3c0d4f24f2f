package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobqueue.job.JobRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An activity's log lines name the job it works for, as the fleets run it. */
class JobLogContextTest {
  private static final String QUEUE = "log-context";
  private static final Logger LOG = (Logger) LoggerFactory.getLogger(JobLogContextTest.class);

  /** Keeps each line with the MDC it was logged with (logback reads the MDC lazily otherwise). */
  private final ListAppender<ILoggingEvent> lines =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private TestWorkflowEnvironment env;

  /** An input carrying its job, as every job input does. */
  public record Order(JobRef job, String what) {}

  @ActivityInterface
  public interface Clerk {
    void file(Order order);

    void note(String text);
  }

  public static final class LoggingClerk implements Clerk {
    @Override
    public void file(Order order) {
      LOG.info("filing {}", order.what());
    }

    @Override
    public void note(String text) {
      LOG.info("noting {}", text);
    }
  }

  @WorkflowInterface
  public interface Office {
    @WorkflowMethod
    void run(Order order);
  }

  public static final class OfficeImpl implements Office {
    private final Clerk clerk =
        Workflow.newActivityStub(
            Clerk.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public void run(Order order) {
      clerk.file(order);
      clerk.note(order.what());
    }
  }

  @BeforeEach
  void start() {
    lines.start();
    LOG.addAppender(lines);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new JobLogContext())
                        .build())
                .build());
    var worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OfficeImpl.class);
    worker.registerActivitiesImplementations(new LoggingClerk());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    LOG.detachAppender(lines);
  }

  private void run(String workflowId, Order order) {
    env.getWorkflowClient()
        .newWorkflowStub(
            Office.class,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
        .run(order);
  }

  private Map<String, String> mdcOf(String message) {
    return lines.list.stream()
        .filter(line -> line.getFormattedMessage().equals(message))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing logged " + message + ": " + lines.list))
        .getMDCPropertyMap();
  }

  @Test
  void activityLinesNameTheJobOfTheirInput() {
    run("acme/job-7", new Order(new JobRef("job-7", "acme"), "invoice"));

    assertThat(mdcOf("filing invoice"))
        .containsEntry(JobLogContext.JOB_ID, "job-7")
        .containsEntry(JobLogContext.TENANT, "acme");
  }

  @Test
  void activityWithoutAJobInItsInputIsNamedByTheWorkflowId() {
    run("globex/job-9", new Order(new JobRef("other", "other"), "receipt"));

    assertThat(mdcOf("noting receipt"))
        .containsEntry(JobLogContext.JOB_ID, "job-9")
        .containsEntry(JobLogContext.TENANT, "globex");
  }

  @Test
  void groupWorkflowNamesItsTenantOnly() {
    run("acme/groups/g-1", new Order(new JobRef("j", "acme"), "group"));

    assertThat(mdcOf("noting group"))
        .containsEntry(JobLogContext.TENANT, "acme")
        .doesNotContainKey(JobLogContext.JOB_ID);
  }
}
