package dev.jobqueue.runtime;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.TimeZone;

/**
 * Dropwizard's text request-log line as a named layout, {@code layout: {type: access-text}}, the
 * counterpart of {@code access-json}: {@code type: access-${LOG_FORMAT:-text}} picks one of them.
 */
@JsonTypeName("access-text")
public final class AccessTextLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {
  @Override
  public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
    return new LogbackAccessRequestLayout(context, timeZone);
  }
}
