package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.client.DeadLetter;
import dev.jobqueue.client.DeadLetterFilter;
import dev.jobqueue.client.EmailPayload;
import dev.jobqueue.client.JobFilter;
import dev.jobqueue.client.JobRequest;
import dev.jobqueue.client.JobStatus;
import dev.jobqueue.client.JobSummary;
import dev.jobqueue.client.JobqueueClient;
import dev.jobqueue.client.ProblemException;
import dev.jobqueue.client.Schedule;
import dev.jobqueue.client.ScheduleRequest;
import dev.jobqueue.client.Status;
import dev.jobqueue.testing.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against the real stack, as a user's program would use it. */
class ClientEndToEndTest {
  private static final Duration AWAIT = Duration.ofMinutes(2);

  @TempDir static Path work;
  static LocalStack stack;
  static JobqueueClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = Harness.stack(work).start();
    client = JobqueueClient.builder(stack.apiUrl(), stack.apiKey()).build();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  private static JobRequest email(String to) {
    return JobRequest.email(EmailPayload.text(List.of(to), "Receipt", "Thanks"));
  }

  private static long mailTo(String address) throws IOException {
    try (Stream<Path> files = Files.list(stack.mailDir())) {
      return files
          .filter(f -> f.toString().endsWith(".eml"))
          .filter(
              f -> {
                try {
                  return Files.readString(f).contains("To: " + address);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .count();
    }
  }

  @Test
  void submitsAnEmailAwaitsItsSuccessAndFindsItPageByPage() throws Exception {
    JobStatus first = client.submit(email("ada@example.com"));
    JobStatus second = client.submit(email("alan@example.com"), "client-e2e-second");
    assertThat(first.status()).isIn(Status.QUEUED, Status.RUNNING, Status.SUCCEEDED);

    JobStatus done = client.await(first.jobId(), AWAIT);
    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(client.await(second.jobId(), AWAIT).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(mailTo("ada@example.com")).isEqualTo(1);
    assertThat(new String(client.result(first.jobId()), StandardCharsets.UTF_8))
        .contains("ada@example.com");
    // the same key and request: the job it started, not a new one
    assertThat(client.submit(email("alan@example.com"), "client-e2e-second").jobId())
        .isEqualTo(second.jobId());

    // one job a page: the iterator follows the tokens across pages
    Set<String> listed =
        await("both listed")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    client.jobs(JobFilter.all().withType("email").withPageSize(1)).stream()
                        .map(JobSummary::jobId)
                        .collect(Collectors.toSet()),
                ids -> ids.containsAll(Set.of(first.jobId(), second.jobId())));
    assertThat(listed).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void redrivesABouncedEmailWithACorrectedRecipient() throws Exception {
    JobStatus job = client.submit(email("bounce@simulator.jobqueue.test"));

    JobStatus parked = client.await(job.jobId(), AWAIT);
    assertThat(parked.status()).isEqualTo(Status.DEAD_LETTERED);
    assertThat(parked.lastError().type()).isEqualTo("SmtpRejected");
    DeadLetter letter =
        await("dead letter listed")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    client
                        .deadLetters(DeadLetterFilter.all().withErrorType("SmtpRejected"))
                        .stream()
                        .filter(d -> d.jobId().equals(job.jobId()))
                        .findFirst()
                        .orElse(null),
                d -> d != null);
    assertThat(letter.type()).isEqualTo("email");
    assertThat(letter.attempts()).hasSize(1);

    client.redrive(
        job.jobId(), EmailPayload.text(List.of("grace@example.com"), "Receipt", "Thanks"));
    // a redriven job is RUNNING again before it ends: await what it ends as
    JobStatus redriven =
        await("redriven to success")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> client.job(job.jobId()), s -> s.status() == Status.SUCCEEDED);
    assertThat(redriven.jobId()).isEqualTo(job.jobId());
    assertThat(mailTo("grace@example.com")).isEqualTo(1);
    assertThat(mailTo("bounce@simulator.jobqueue.test")).isZero();
  }

  @Test
  void createsTriggersPausesResumesAndDeletesASchedule() {
    Schedule created =
        client.createSchedule(
            ScheduleRequest.every(Duration.ofHours(1), email("hourly@example.com"))
                .withId("client-e2e-hourly")
                .startPaused());
    assertThat(created.id()).isEqualTo("client-e2e-hourly");
    assertThat(created.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(created.paused()).isTrue();
    assertThat(client.schedules().stream().map(Schedule::id)).contains("client-e2e-hourly");

    client.trigger("client-e2e-hourly");
    String jobId =
        await("fired")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> client.schedule("client-e2e-hourly").recentActions(), a -> !a.isEmpty())
            .getFirst()
            .jobId();
    // the firing submits its job a moment after it is listed: 404 until then
    JobStatus fired =
        await("fired job succeeded")
            .atMost(AWAIT)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptionsInstanceOf(ProblemException.class)
            .until(() -> client.job(jobId), j -> j.status() == Status.SUCCEEDED);
    assertThat(fired.type()).isEqualTo("email");

    assertThat(client.resume("client-e2e-hourly", "back").paused()).isFalse();
    Schedule paused = client.pause("client-e2e-hourly", "holidays");
    assertThat(paused.paused()).isTrue();
    assertThat(paused.note()).isEqualTo("holidays");
    client.deleteSchedule("client-e2e-hourly");
    assertThatThrownBy(() -> client.schedule("client-e2e-hourly"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void errorsArriveAsProblems() {
    assertThatThrownBy(() -> client.job("no-such-job"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
    var stranger = JobqueueClient.builder(stack.apiUrl(), "not-a-key").build();
    assertThatThrownBy(() -> stranger.jobsPage(JobFilter.all(), null))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.problem().detail()).contains("not valid");
            });
    assertThatThrownBy(
            () ->
                client.submit(
                    JobRequest.email(EmailPayload.text(List.of("not an address"), "S", "T"))))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isBetween(400, 422);
              assertThat(e.problem().errors())
                  .extracting(p -> p.field())
                  .anySatisfy(f -> assertThat(f).startsWith("payload.to"));
            });
  }
}
