package dev.jobqueue.report;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.runtime.WorkerApplication;
import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Clock;
import java.util.Map;

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
  protected String taskQueue() {
    return TaskQueues.PDF;
  }

  @Override
  protected void register(
      Worker worker,
      PdfWorkerConfiguration configuration,
      Environment environment,
      PrometheusMeterRegistry registry) {
    var renderReport = configuration.getWorker().withRetryBudget(JobActivityOptions.RENDER_REPORT);
    worker.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder()
            .setActivityOptions(Map.of("RenderReport", renderReport))
            .build(),
        ReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ReportActivitiesImpl(configuration.getReports(), Clock.systemUTC()));
  }
}
