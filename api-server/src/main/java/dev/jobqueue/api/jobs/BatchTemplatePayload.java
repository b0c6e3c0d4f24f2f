package dev.jobqueue.api.jobs;

import java.util.Map;

/**
 * The template of an {@code email-batch} payload as the client sent it: an email without
 * recipients, whose subject, text and html may hold {@code {{var}}} placeholders.
 */
public record BatchTemplatePayload(
    String from,
    String replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers) {}
