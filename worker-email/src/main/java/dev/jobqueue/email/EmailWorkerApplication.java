package dev.jobqueue.email;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.runtime.WorkerApplication;
import dev.jobqueue.store.BatchStore;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import java.nio.file.Path;

/**
 * The email fleet: single and batch email workflows and their SMTP send activities, on the {@code
 * email} queue.
 */
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
    // each job brings its own retry budget in its input
    worker.registerWorkflowImplementationTypes(
        EmailWorkflowImpl.class,
        EmailBatchWorkflowImpl.class,
        EmailGroupWorkflowImpl.class,
        KeyReservationWorkflowImpl.class);
    // one pool for single and bulk sends: the relay sees at most poolSize connections from this
    // process, and a transactional email waits behind at most one bulk message per connection
    StreamProviders.preferAngus();
    var smtp = configuration.getSmtp();
    var pool = new SmtpTransportPool(smtp);
    // closed after the worker factory has drained (lifecycle stops in reverse order)
    environment.lifecycle().manage(new AutoCloseableManager(pool));
    worker.registerActivitiesImplementations(
        new EmailActivitiesImpl(smtp, pool),
        new EmailGroupActivitiesImpl(smtp, pool),
        new EmailBatchActivitiesImpl(
            new BatchStore(Path.of(configuration.getBatchStoreDir())), smtp, pool));
  }
}
