package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.JarProcess;
import dev.jobqueue.testing.LocalStack;
import io.temporal.api.enums.v1.VersioningBehavior;
import io.temporal.api.workflow.v1.WorkflowExecutionVersioningInfo;
import io.temporal.api.workflowservice.v1.SetWorkerDeploymentCurrentVersionRequest;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new worker build rolled out with Temporal's Worker Versioning, on the real server, as
 * docs/operating.md describes it: the fleet polls as a version of its deployment, takes work once
 * that version is current, and a job that waits across the rollout (a parked dead letter) moves to
 * the new build at its next workflow task, because job workflows auto-upgrade.
 */
class WorkerVersioningEndToEndTest {
  private static final String DEPLOYMENT = "jobqueue-email";

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;
  static WorkflowClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = Harness.stack(work).env(Map.of("WORKER_BUILD_ID", "build-1")).start();
    api = stack.api();
    client = stack.temporal().client();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  /** Makes {@code buildId} the deployment's current version, once its workers have polled. */
  private static void promote(String buildId) {
    await("version " + buildId + " current")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              client
                  .getWorkflowServiceStubs()
                  .blockingStub()
                  .setWorkerDeploymentCurrentVersion(
                      SetWorkerDeploymentCurrentVersionRequest.newBuilder()
                          .setNamespace(client.getOptions().getNamespace())
                          .setDeploymentName(DEPLOYMENT)
                          .setBuildId(buildId)
                          .setIdentity("rollout")
                          .build());
              return true;
            });
  }

  private static WorkflowExecutionVersioningInfo versioning(String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .describe()
        .getRawDescription()
        .getWorkflowExecutionInfo()
        .getVersioningInfo();
  }

  private static String awaitSucceeded(String jobId) {
    return await(jobId + " SUCCEEDED")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.job(jobId), job -> "SUCCEEDED".equals(job.path("status").asText()))
        .path("workflowId")
        .asText();
  }

  private static String email(String to) throws Exception {
    return api.submit(
            "{\"type\":\"email\",\"payload\":{\"to\":[\""
                + to
                + "\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}")
        .jobId();
  }

  @Test
  void aJobWaitingAcrossARolloutFinishesOnTheNewBuild() throws Exception {
    promote("build-1");
    String first = email("first@example.com");
    var onFirst = versioning(awaitSucceeded(first));
    assertThat(onFirst.getDeploymentVersion().getDeploymentName()).isEqualTo(DEPLOYMENT);
    assertThat(onFirst.getDeploymentVersion().getBuildId()).isEqualTo("build-1");
    assertThat(onFirst.getBehavior())
        .isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);

    // parked before the rollout, waiting for its redrive: its tasks so far ran on build 1
    String parked = email("bounce@simulator.jobqueue.test");
    String parkedWorkflow =
        await(parked + " DEAD_LETTERED")
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> api.job(parked), job -> "DEAD_LETTERED".equals(job.path("status").asText()))
            .path("workflowId")
            .asText();
    assertThat(versioning(parkedWorkflow).getDeploymentVersion().getBuildId()).isEqualTo("build-1");

    JarProcess second = stack.start(App.WORKER_EMAIL, Map.of("WORKER_BUILD_ID", "build-2"));
    assertThat(second.isAlive()).isTrue();
    promote("build-2");
    // the old build goes away: only build 2 can finish what is left
    stack.processes(App.WORKER_EMAIL).stream()
        .filter(process -> process != second)
        .forEach(JarProcess::close);

    String fresh = email("fresh@example.com");
    assertThat(versioning(awaitSucceeded(fresh)).getDeploymentVersion().getBuildId())
        .isEqualTo("build-2");
    var redrive =
        api.post(
            "/v1/dead-letters/" + parked + "/redrive",
            "{\"payload\":{\"to\":[\"fixed@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}");
    assertThat(redrive.status()).as("%s", redrive.json()).isEqualTo(202);
    var moved = versioning(awaitSucceeded(parked));
    assertThat(moved.getDeploymentVersion().getBuildId())
        .as("a job started on build 1 auto-upgrades")
        .isEqualTo("build-2");
    assertThat(moved.getBehavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);
  }
}
