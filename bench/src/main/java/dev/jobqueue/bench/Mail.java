package dev.jobqueue.bench;

/**
 * The message every email phase sends: a subject with the recipient's name and a 1 KiB plain text
 * body, so that the SMTP ceilings and the job paths move the same bytes.
 */
final class Mail {
  static final String SUBJECT_TEMPLATE = "Hi {{name}}";
  static final String TEXT;

  /** smtp-source's payload size, the text's length. */
  static final int TEXT_BYTES = 1024;

  static {
    var text = new StringBuilder("Hello {{name}},\n\n");
    String line = "Your statement for this month is ready; this line pads the message to 1 KiB.\n";
    while (text.length() + line.length() < TEXT_BYTES - 20) {
      text.append(line);
    }
    text.append("-- jobqueue bench\n");
    while (text.length() < TEXT_BYTES) {
      text.append('.');
    }
    TEXT = text.toString();
  }

  private Mail() {}

  static String recipient(String prefix, long i) {
    return prefix + i + "@example.com";
  }

  static String name(long i) {
    return "N" + i;
  }

  /** The template filled in, as the worker renders it for a batch. */
  static String fill(String template, long i) {
    return template.replace("{{name}}", name(i));
  }
}
