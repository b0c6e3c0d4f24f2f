package dev.jobqueue.api;

/** Valid job requests to start from. */
public final class Payloads {
  public static final String EMAIL =
      """
      {"type": "email",
       "payload": {"to": ["ada@example.com"], "subject": "Invoice", "text": "Attached."}}
      """;

  public static final String PDF =
      """
      {"type": "pdf",
       "payload": {"template": "statement", "title": "March", "sample": {"rows": 100, "seed": 7}}}
      """;

  private Payloads() {}

  /** An email request with {@code subject}. */
  public static String email(String subject) {
    return EMAIL.replace("\"Invoice\"", "\"" + subject + "\"");
  }
}
