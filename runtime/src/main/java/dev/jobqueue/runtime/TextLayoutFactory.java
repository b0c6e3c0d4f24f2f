package dev.jobqueue.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;

/**
 * Dropwizard's own text lines as a named layout, {@code layout: {type: text}}, so that one variable
 * picks the log format in every process's YAML ({@code type: ${LOG_FORMAT:-text}}, the other choice
 * being {@code json}); Dropwizard has no name for its default layout.
 */
@JsonTypeName("text")
public final class TextLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {
  /** A logback pattern; unset, Dropwizard's. */
  private String pattern;

  @JsonProperty
  public String getPattern() {
    return pattern;
  }

  @JsonProperty
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
    var layout = new DropwizardLayout(context, timeZone);
    if (pattern != null && !pattern.isBlank()) {
      layout.setPattern(pattern);
    }
    return layout;
  }
}
