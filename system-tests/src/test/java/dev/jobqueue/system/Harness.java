package dev.jobqueue.system;

import dev.jobqueue.testing.Checkout;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;

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
}
