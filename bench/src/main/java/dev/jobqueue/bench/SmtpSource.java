package dev.jobqueue.bench;

import dev.jobqueue.testing.ChildProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's SMTP ceiling: Postfix's {@code smtp-source}, a C client built to load SMTP servers,
 * sending 1 KiB messages over as many kept-open sessions as the worker's pool against the same
 * sink. A short run sizes the measured one to last about the window.
 */
final class SmtpSource {
  record Result(long messages, double seconds, long sinkReceived) {
    double perSecond() {
      return messages / seconds;
    }
  }

  private SmtpSource() {}

  static Result run(SmtpSink sink, Settings settings, Path logDir) throws Exception {
    Result probe = send(sink, settings, logDir, 5_000);
    // a C client against a C server: steady from the first second, so a short run will do
    double seconds = settings.quick() ? 5 : 20;
    long messages = Math.max(10_000, (long) (probe.perSecond() * seconds));
    PhaseProgress.say(
        "smtp-source: %,d messages in %.1f s (probe); sending %,d",
        probe.messages(), probe.seconds(), messages);
    return send(sink, settings, logDir, messages);
  }

  private static Result send(SmtpSink sink, Settings settings, Path logDir, long messages)
      throws Exception {
    long before = sink.received();
    long start = System.nanoTime();
    var process =
        ChildProcess.start(
            "smtp-source",
            List.of(
                settings.smtpSource(),
                "-d", // keep each session open for its next message, as a pool does
                "-s",
                Integer.toString(settings.smtpPoolSize()),
                "-m",
                Long.toString(messages),
                "-l",
                Integer.toString(Mail.TEXT_BYTES),
                "-f",
                "bench@jobqueue.test",
                "-t",
                "s@example.com",
                "-S",
                "Hi N1",
                "127.0.0.1:" + sink.port()),
            Map.of(),
            logDir);
    try {
      if (!process.process().waitFor(10, TimeUnit.MINUTES) || process.process().exitValue() != 0) {
        throw new IllegalStateException(
            "smtp-source failed; see " + logDir.resolve("smtp-source.log"));
      }
    } finally {
      process.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(200); // the sink's counter line for the last message
    return new Result(messages, seconds, sink.received() - before);
  }
}
