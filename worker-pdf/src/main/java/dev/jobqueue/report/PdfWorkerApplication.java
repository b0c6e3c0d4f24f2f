package dev.jobqueue.report;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.runtime.WorkerApplication;
import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;

/** The report fleet: report workflows and the PDF render activity, on the {@code pdf} queue. */
public class PdfWorkerApplication extends WorkerApplication<PdfWorkerConfiguration> {

  public static void main(String[] args) throws Exception {
    new PdfWorkerApplication().run(args);
  }

  @Override
  public String getName() {
    return "worker-pdf";
  }

  @Override
  protected void register(
      WorkerFactory factory,
      PdfWorkerConfiguration configuration,
      Environment environment,
      PrometheusMeterRegistry registry) {
    var worker =
        factory.newWorker(
            TaskQueues.PDF,
            configuration.getDeployment().apply(configuration.getWorker().workerOptions()));
    // each job brings its own retry budget in its input
    worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ReportActivitiesImpl(
            configuration.getReports(),
            configuration.getObjectStore().open("reports/"),
            Clock.systemUTC()));
  }
}
