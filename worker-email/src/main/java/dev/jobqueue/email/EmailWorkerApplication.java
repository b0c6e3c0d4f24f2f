package dev.jobqueue.email;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.runtime.WorkerApplication;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.Map;

/** The email fleet: email workflows and the SMTP send activity, on the {@code email} queue. */
public class EmailWorkerApplication extends WorkerApplication<EmailWorkerConfiguration> {

  public static void main(String[] args) throws Exception {
    new EmailWorkerApplication().run(args);
  }

  @Override
  public String getName() {
    return "worker-email";
  }

  @Override
  protected String taskQueue() {
    return TaskQueues.EMAIL;
  }

  @Override
  protected void register(
      Worker worker,
      EmailWorkerConfiguration configuration,
      Environment environment,
      PrometheusMeterRegistry registry) {
    var sendEmail = configuration.getWorker().withRetryBudget(JobActivityOptions.SEND_EMAIL);
    worker.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder()
            .setActivityOptions(Map.of("SendEmail", sendEmail))
            .build(),
        EmailWorkflowImpl.class);
    var activities = new EmailActivitiesImpl(configuration.getSmtp());
    // closed after the worker factory has drained (lifecycle stops in reverse order)
    environment.lifecycle().manage(new AutoCloseableManager(activities));
    worker.registerActivitiesImplementations(activities);
  }
}
