package dev.jobqueue.system;

import dev.jobqueue.testing.Checkout;
import dev.jobqueue.testing.ClusterServer;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;

/** Where these tests find the built jars, and where every process they start logs. */
final class Harness {
  /** Kept after the run, unlike each test's temporary directory: look here when a test fails. */
  static final Path LOGS = Path.of("target", "e2e-logs");

  static final Checkout CHECKOUT = Checkout.find();

  private Harness() {}

  /** The whole product, with its state under {@code work} and its logs in {@link #LOGS}. */
  static LocalStack.Builder stack(Path work) {
    return LocalStack.in(CHECKOUT, work).logDir(LOGS);
  }

  /**
   * The whole product on the Temporal server the running test class asks for: a cluster if it is
   * {@link OnTemporalCluster} (which skips it, saying what is missing, where a cluster cannot run),
   * the dev server otherwise.
   */
  static LocalStack.Builder stack(TestInfo test, Path work) {
    var builder = stack(work);
    boolean cluster =
        test.getTestClass().map(c -> c.isAnnotationPresent(OnTemporalCluster.class)).orElse(false);
    if (cluster) {
      builder.temporal(ClusterServer::start);
    }
    return builder;
  }
}
