package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;

/**
 * The time zones a schedule may be read in: exactly the {@code TimeZone} enum of the API document,
 * so that a client generated from it and the server agree on every name. Names this Java runtime
 * does not know are left out (a runtime older than the document's tz database).
 */
public final class TimeZones {
  static final String DOCUMENT = "/dev/jobqueue/api/openapi.json";

  public static final Set<String> NAMES = load();

  private TimeZones() {}

  private static Set<String> load() {
    try (InputStream in = TimeZones.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
      }
      JsonNode names = new ObjectMapper().readTree(in).at("/components/schemas/TimeZone/enum");
      var known = ZoneId.getAvailableZoneIds();
      var zones = new TreeSet<String>();
      names.forEach(
          name -> {
            if (known.contains(name.asText())) {
              zones.add(name.asText());
            }
          });
      if (zones.isEmpty()) {
        throw new IllegalStateException(DOCUMENT + " lists no time zone this runtime knows");
      }
      return Set.copyOf(zones);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
