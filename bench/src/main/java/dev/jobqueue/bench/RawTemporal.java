package dev.jobqueue.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The stack's ceiling: the trivial workflow with its one no-op activity, started through the SDK as
 * fast as the server takes them and served by a worker in this JVM on a queue of its own, sized as
 * worker-email is (200 activities on virtual threads, 50 workflow tasks).
 */
final class RawTemporal {
  static final String TASK_QUEUE = "bench-raw";

  private RawTemporal() {}

  static ClosedLoop.Result run(WorkflowClient client, Settings settings)
      throws InterruptedException {
    var factory = WorkerFactory.newInstance(client);
    var worker =
        factory.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(200)
                .setMaxConcurrentWorkflowTaskExecutionSize(50)
                .setUsingVirtualThreadsOnActivityWorker(true)
                .build());
    worker.registerWorkflowImplementationTypes(TrivialWorkflowImpl.class);
    worker.registerActivitiesImplementations(new NoopActivitiesImpl());
    factory.start();
    try {
      return ClosedLoop.run(
          "raw temporal",
          "workflows",
          settings.inFlight(),
          settings.warmup(),
          settings.window(),
          () -> {
            String id = "bench-raw-" + UUID.randomUUID();
            var workflow =
                client.newWorkflowStub(
                    TrivialWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(TASK_QUEUE)
                        .setWorkflowId(id)
                        .build());
            WorkflowClient.start(workflow::run, "x");
            WorkflowStub.fromTyped(workflow).getResult(String.class);
            return id;
          });
    } finally {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
