package dev.jobqueue.api.jobs;

import java.util.List;
import java.util.Map;

/** An {@code email} job's payload as the client sent it: exactly the fields of an EmailMessage. */
public record EmailPayload(
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String from,
    String replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers) {}
