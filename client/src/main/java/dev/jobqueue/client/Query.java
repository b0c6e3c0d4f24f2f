package dev.jobqueue.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string built from parameters, each left out when null. */
final class Query {
  private final StringBuilder text = new StringBuilder();

  Query add(String name, Object value) {
    if (value != null) {
      text.append(text.isEmpty() ? '?' : '&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
