package dev.jobqueue.api.control;

import com.codahale.metrics.health.HealthCheck;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.callback.CallbackActivities;
import dev.jobqueue.callback.CallbackWorkflowImpl;
import dev.jobqueue.deadletter.BulkRedriveWorkflowImpl;
import dev.jobqueue.retention.RetentionSweepWorkflowImpl;
import dev.jobqueue.retention.SweepActivities;
import dev.jobqueue.runtime.ManagedWorkerFactory;
import dev.jobqueue.schedule.ScheduleActivities;
import dev.jobqueue.schedule.ScheduledFireWorkflowImpl;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API process's one worker, on {@link TaskQueues#CONTROL}: the product's own operations (bulk
 * redrives, the retention sweep and its schedule, the firings of tenants' schedules), which run
 * wherever the API runs and need no fleet of their own. Small on purpose: a bulk redrive is
 * signals, a sweep a directory listing.
 *
 * <p>The API starts while Temporal is down (and says so in its health); so does this worker: it
 * starts polling, and creates the sweep's schedule, once Temporal answers.
 */
public final class ControlWorker extends HealthCheck implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ControlWorker.class);

  /** Workflow tasks at once: a bulk redrive's task sends a window of signals and waits. */
  static final int WORKFLOW_TASKS = 4;

  /**
   * Activities at once: a sweep (its schedule never runs two), and the firings of tenants'
   * schedules, each a job's submission or a look at its status.
   */
  static final int ACTIVITIES = 8;

  /** Callback deliveries at once: each a POST waiting up to 10 s on a receiver. */
  static final int CALLBACK_DELIVERIES = 50;

  /** On shutdown: a workflow task takes milliseconds, a sweep is idempotent. */
  static final Duration GRACE = Duration.ofSeconds(5);

  /** Between tries while Temporal does not answer. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private final ManagedWorkerFactory worker;
  private final RetentionSchedule schedule;
  private volatile Thread starter;
  private volatile boolean started;

  private ControlWorker(ManagedWorkerFactory worker, RetentionSchedule schedule) {
    this.worker = worker;
    this.schedule = schedule;
  }

  /** Creates the worker, registered with the process's lifecycle and health checks. */
  public static void start(
      WorkflowClient client,
      SweepActivities sweep,
      ScheduleActivities scheduled,
      RetentionSchedule schedule,
      CallbackActivities callbacks,
      Environment environment) {
    var factory = WorkerFactory.newInstance(client);
    var worker =
        factory.newWorker(
            TaskQueues.CONTROL,
            WorkerOptions.newBuilder()
                .setMaxConcurrentWorkflowTaskExecutionSize(WORKFLOW_TASKS)
                .setMaxConcurrentActivityExecutionSize(ACTIVITIES)
                .build());
    worker.registerWorkflowImplementationTypes(
        BulkRedriveWorkflowImpl.class,
        RetentionSweepWorkflowImpl.class,
        ScheduledFireWorkflowImpl.class);
    worker.registerActivitiesImplementations(sweep, scheduled);
    // completion callbacks, on a queue of their own so that a slow receiver never holds up the
    // product's own operations; here because this process has the secrets and the egress
    var callbackWorker =
        factory.newWorker(
            TaskQueues.CALLBACKS,
            WorkerOptions.newBuilder()
                .setMaxConcurrentWorkflowTaskExecutionSize(WORKFLOW_TASKS)
                .setMaxConcurrentActivityExecutionSize(CALLBACK_DELIVERIES)
                .build());
    callbackWorker.registerWorkflowImplementationTypes(CallbackWorkflowImpl.class);
    callbackWorker.registerActivitiesImplementations(callbacks);
    var control = new ControlWorker(new ManagedWorkerFactory(factory, GRACE), schedule);
    environment.lifecycle().manage(control);
    environment.healthChecks().register("control-worker", control);
  }

  @Override
  public void start() {
    starter = Thread.ofVirtual().name("control-worker-start").start(this::startWhenReachable);
  }

  private void startWhenReachable() {
    for (int tries = 0; !Thread.currentThread().isInterrupted(); tries++) {
      try {
        if (!started) {
          worker.start();
          started = true;
        }
        schedule.ensure();
        return;
      } catch (RuntimeException e) {
        if (tries == 0) {
          LOG.warn(
              "control worker: Temporal not reachable yet, trying every {}: {}",
              RETRY,
              e.toString());
        }
        try {
          Thread.sleep(RETRY);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  @Override
  public void stop() throws Exception {
    Thread thread = starter;
    if (thread != null) {
      thread.interrupt();
      thread.join(GRACE.toMillis());
    }
    if (started) {
      worker.stop();
    }
  }

  @Override
  protected Result check() throws Exception {
    return started ? worker.execute() : Result.unhealthy("waiting for Temporal");
  }
}
