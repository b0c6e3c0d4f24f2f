package dev.jobqueue.api.coalesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {
  private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Thread> clients = new ArrayList<>();
  private Coalescer coalescer;

  /** A Temporal that takes its time: every start waits until the test releases it. */
  private void startsHeldUntilReleased(int startsInFlight, int maxEmails) {
    var config =
        new CoalescingConfig(
            true, 0, Duration.ofMillis(10), maxEmails, 786_432, 65_536, startsInFlight);
    coalescer =
        new Coalescer(
            config,
            (tenant, priority, group) -> {
              groupSizes.add(group.size());
              try {
                release.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              group.forEach(p -> p.outcome().complete(new JobStarter.Outcome(true, null)));
            },
            Clock.systemUTC(),
            new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    for (Thread t : clients) {
      t.join(Duration.ofMinutes(1));
    }
    coalescer.stop();
  }

  private void submit(int n) {
    for (int i = 0; i < n; i++) {
      String id = "job-" + clients.size();
      var message = EmailMessage.text(List.of(id + "@example.com"), "Hi", "Hello");
      var ref = new JobRef(id, "acme");
      var submission =
          new Submission(
              JobType.EMAIL, new EmailJob(ref, message, null, null), 0, null, null, "h", null);
      clients.add(Thread.ofVirtual().start(() -> coalescer.submit(ref, submission, false)));
    }
  }

  private double waiting() {
    return coalescer.waitingNow();
  }

  @Test
  void emailsArrivingWhileTheLanesStartsAreAllOutJoinOneGroupInsteadOfManySmallOnes() {
    startsHeldUntilReleased(1, 500);
    submit(1);
    await().atMost(Duration.ofMinutes(1)).until(() -> groupSizes.size() == 1);

    submit(40);
    // each would have been a group of its own after 10 ms; the lane's one start is out
    await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 40);
    assertThat(groupSizes).containsExactly(1);

    release.countDown();
    await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 0);
    assertThat(groupSizes).containsExactly(1, 40);
  }

  @Test
  void aGroupHoldsNoMoreThanItsLimitAndTheRestFollowsInTheNext() {
    startsHeldUntilReleased(1, 25);
    submit(1);
    await().atMost(Duration.ofMinutes(1)).until(() -> groupSizes.size() == 1);
    submit(60);
    await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 60);

    release.countDown();
    await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 0);
    assertThat(groupSizes).containsExactly(1, 25, 25, 10);
  }

  @Test
  void aLaneStartsAsManyGroupsAtOnceAsItMay() {
    startsHeldUntilReleased(3, 500);
    submit(1);
    await().atMost(Duration.ofMinutes(1)).until(() -> groupSizes.size() == 1);
    submit(1);
    await().atMost(Duration.ofMinutes(1)).until(() -> groupSizes.size() == 2);
    submit(1);
    await().atMost(Duration.ofMinutes(1)).until(() -> groupSizes.size() == 3);
    submit(5);
    await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 5);
    assertThat(groupSizes).containsExactly(1, 1, 1);
  }

  @Test
  void takesNoEmailWithACallback() {
    // minRatePerSecond 0: every other email is coalesced
    startsHeldUntilReleased(1, 500);
    var ref = new JobRef("job-cb", "acme");
    var email =
        new EmailJob(ref, EmailMessage.text(List.of("ada@example.com"), "Hi", "x"), null, null);
    var plain = new Submission(JobType.EMAIL, email, 3, null, null, "h", null);
    var called =
        new Submission(
            JobType.EMAIL, email, 3, null, null, "h", null, "https://hooks.example.com/");

    assertThat(coalescer.takes("acme", plain)).isTrue();
    assertThat(coalescer.takes("acme", called)).isFalse();
  }
}
