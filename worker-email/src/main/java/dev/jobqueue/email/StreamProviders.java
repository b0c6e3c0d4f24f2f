package dev.jobqueue.email;

/**
 * Names Angus as Jakarta Mail's stream provider. Without it, Jakarta Mail 2.1 runs a {@code
 * ServiceLoader} scan of the class path every time it encodes a body part (jakartaee/mail-api
 * #861): in a bulk send that scan took over a quarter of the CPU. The system property is the
 * lookup's documented first step, so naming the provider there skips the scan.
 */
final class StreamProviders {
  static final String PROPERTY = "jakarta.mail.util.StreamProvider";
  static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

  private StreamProviders() {}

  /** Sets the property unless the operator already chose a provider. */
  static void preferAngus() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, ANGUS);
    }
  }
}
