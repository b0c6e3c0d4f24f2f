package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.runtime.ActivityFailures;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a chunk of a group's emails through the fleet's pooled connections, many at once, and says
 * per email what the relay did. Each email is sent as a single email job is (its own Message-ID,
 * from its job id), to the recipients earlier attempts left pending.
 *
 * <p>A relay that answers one message with a 4xx defers that message; the others go on. A relay
 * that cannot be reached (or quits) defers what is left of the chunk at once. Finished emails are
 * heartbeated every second, so an attempt after a crash sends only what the last one did not
 * finish.
 */
public final class EmailGroupActivitiesImpl implements EmailGroupActivities {
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);

  private final SmtpConfig config;
  private final SmtpTransportPool pool;
  private final MessageFactory messages;
  private final String relay;
  private final Duration heartbeatEvery;
  private final Duration minTimeLeft;
  private final Clock clock;

  /** Sends through {@code pool}, which belongs to the caller. */
  public EmailGroupActivitiesImpl(SmtpConfig config, SmtpTransportPool pool) {
    this(config, pool, TimeLeft.DEFAULT_MINIMUM, Clock.systemUTC());
  }

  /**
   * An email starts on the wire only with {@code minTimeLeft} of its attempt left by {@code clock}
   * ({@link TimeLeft}).
   */
  public EmailGroupActivitiesImpl(
      SmtpConfig config, SmtpTransportPool pool, Duration minTimeLeft, Clock clock) {
    this(config, pool, clock, HEARTBEAT_EVERY, minTimeLeft);
  }

  EmailGroupActivitiesImpl(
      SmtpConfig config,
      SmtpTransportPool pool,
      Clock clock,
      Duration heartbeatEvery,
      Duration minTimeLeft) {
    StreamProviders.preferAngus();
    this.minTimeLeft = minTimeLeft;
    this.clock = clock;
    this.config = config;
    this.pool = pool;
    this.messages = new MessageFactory(config, pool.session(), clock);
    this.relay = config.host() + ":" + config.port();
    this.heartbeatEvery = heartbeatEvery;
  }

  /** The outcomes an earlier attempt of this chunk heartbeated: those emails are done. */
  record Finished(List<GroupChunkResult.Outcome> outcomes) {
    Finished {
      outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }
  }

  @Override
  public GroupChunkResult sendChunk(GroupChunk chunk) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Map<Integer, GroupChunkResult.Outcome> done = new HashMap<>();
    context
        .getHeartbeatDetails(Finished.class)
        .ifPresent(f -> f.outcomes().forEach(o -> done.put(o.index(), o)));
    var todo = chunk.items().stream().filter(i -> !done.containsKey(i.index())).toList();
    var pass = new Pass(chunk.tenant(), todo, TimeLeft.of(context.getInfo(), minTimeLeft, clock));
    pass.start(Math.min(config.poolSize(), todo.size()));
    try {
      while (!pass.await(heartbeatEvery)) {
        context.heartbeat(new Finished(pass.finished(done)));
      }
    } catch (RuntimeException e) {
      // cancelled or timed out (from the heartbeat): send nothing more; the next attempt resumes
      pass.stopping = true;
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pass.stopping = true;
      throw ActivityFailures.of(ErrorType.SmtpUnavailable, "the worker stopped while sending", e);
    }
    return new GroupChunkResult(pass.finished(done));
  }

  /** One attempt's sending: a few virtual threads, each taking the next email. */
  private final class Pass {
    private final String tenant;
    private final List<GroupChunk.Item> todo;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentLinkedQueue<GroupChunkResult.Outcome> outcomes =
        new ConcurrentLinkedQueue<>();
    private CountDownLatch finished = new CountDownLatch(0);
    private final TimeLeft time;
    private volatile boolean stopping;
    // why nothing more goes on the wire in this attempt: the relay is down, or time is short
    private volatile SmtpFailure holdRest;

    Pass(String tenant, List<GroupChunk.Item> todo, TimeLeft time) {
      this.tenant = tenant;
      this.todo = todo;
      this.time = time;
    }

    void start(int senders) {
      finished = new CountDownLatch(senders);
      for (int i = 0; i < senders; i++) {
        Thread.ofVirtual().name("group-sender-" + i).start(this::work);
      }
    }

    boolean await(Duration timeout) throws InterruptedException {
      return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every outcome so far, the earlier attempts' included. */
    List<GroupChunkResult.Outcome> finished(Map<Integer, GroupChunkResult.Outcome> earlier) {
      var all = new ArrayList<>(earlier.values());
      all.addAll(outcomes);
      return all;
    }

    private void work() {
      try {
        for (int i; !stopping && (i = next.getAndIncrement()) < todo.size(); ) {
          outcomes.add(send(todo.get(i)));
        }
        // the relay went away, or the attempt's time: what nobody tried is deferred, not lost
        SmtpFailure down = holdRest;
        for (int i; down != null && (i = next.getAndIncrement()) < todo.size(); ) {
          outcomes.add(deferred(todo.get(i), down));
        }
      } finally {
        finished.countDown();
      }
    }

    private GroupChunkResult.Outcome send(GroupChunk.Item item) {
      SmtpFailure down = holdRest;
      if (down != null) {
        return deferred(item, down);
      }
      MimeMessage message;
      try {
        message = messages.build(new EmailJob(new JobRef(item.jobId(), tenant), item.message()));
      } catch (InvalidMessageException e) {
        return refused(item, ErrorType.InvalidMessage, e.getMessage(), null);
      }
      String messageId = messageId(message);
      Address[] recipients = pending(message, item.settled());
      if (recipients.length == 0) {
        return GroupChunkResult.Outcome.sent(item.index(), messageId, List.of(), List.of());
      }
      if (!time.enough()) {
        return holdRest(item, tooLittleTime("starting on the wire"));
      }
      Transport transport;
      try {
        // no longer than the attempt can spare: an email must not start in its last seconds
        transport = pool.borrow(time.spare());
        if (transport == null) {
          return holdRest(
              item, tooLittleTime("starting on the wire (no SMTP connection came free)"));
        }
      } catch (MessagingException e) {
        return holdRest(item, SmtpFailure.unavailable(relay, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
        return deferred(item, SmtpFailure.unavailable(relay, e));
      }
      boolean reusable = false;
      try {
        transport.sendMessage(message, recipients);
        reusable = true;
        return GroupChunkResult.Outcome.sent(
            item.index(), messageId, Delivery.toAll(recipients).accepted(), List.of());
      } catch (MessagingException e) {
        if (Delivery.isRecipientLevel(e)) {
          Delivery delivery = Delivery.of((SendFailedException) e, recipients);
          reusable = !delivery.relayClosing();
          return settled(item, messageId, delivery);
        }
        SmtpFailure failure = SmtpFailure.of(e, relay);
        reusable = failure.connectionUsable();
        if (failure.type() == ErrorType.SmtpRejected) {
          return refused(item, ErrorType.SmtpRejected, failure.message(), messageId);
        }
        // a 4xx for this message with the connection still usable defers it alone
        return failure.connectionUsable() ? deferred(item, failure) : holdRest(item, failure);
      } finally {
        pool.release(transport, reusable);
      }
    }

    /** Some recipient was refused or deferred at RCPT TO. */
    private GroupChunkResult.Outcome settled(
        GroupChunk.Item item, String messageId, Delivery delivery) {
      if (!delivery.deferred().isEmpty()) {
        RecipientFailure first = delivery.deferred().getFirst();
        String text = first.message() + " (RCPT TO " + first.address() + ")";
        return GroupChunkResult.Outcome.deferred(
            item.index(),
            messageId,
            delivery.accepted(),
            delivery.rejected(),
            ErrorType.SmtpTransient,
            text,
            RetryHint.in(first.message()).toMillis());
      }
      if (delivery.accepted().isEmpty() && item.settled().isEmpty()) {
        RecipientFailure first = delivery.rejected().getFirst();
        return GroupChunkResult.Outcome.refused(
            item.index(),
            messageId,
            delivery.rejected(),
            ErrorType.SmtpRejected,
            first.message() + " (RCPT TO " + first.address() + ")");
      }
      return GroupChunkResult.Outcome.sent(
          item.index(), messageId, delivery.accepted(), delivery.rejected());
    }

    /** Nothing more goes now (the relay cannot take it, or time is short): the rest wait. */
    private GroupChunkResult.Outcome holdRest(GroupChunk.Item item, SmtpFailure failure) {
      holdRest = failure;
      return deferred(item, failure);
    }

    private SmtpFailure tooLittleTime(String what) {
      return new SmtpFailure(
          ErrorType.TooLittleTimeLeft, time.shortBy(what), Duration.ZERO, true, 0, false);
    }
  }

  private static GroupChunkResult.Outcome deferred(GroupChunk.Item item, SmtpFailure failure) {
    return GroupChunkResult.Outcome.deferred(
        item.index(),
        null,
        List.of(),
        List.of(),
        failure.type(),
        failure.message(),
        failure.retryAfter().toMillis());
  }

  private static GroupChunkResult.Outcome refused(
      GroupChunk.Item item, ErrorType type, String message, String messageId) {
    return GroupChunkResult.Outcome.refused(item.index(), messageId, List.of(), type, message);
  }

  /** The message's recipients that no earlier attempt settled. */
  private static Address[] pending(MimeMessage message, List<String> settled) {
    try {
      Set<String> done = new HashSet<>(settled);
      var out = new ArrayList<Address>();
      for (Address a : message.getAllRecipients()) {
        if (!done.contains(((InternetAddress) a).getAddress())) {
          out.add(a);
        }
      }
      return out.toArray(Address[]::new);
    } catch (MessagingException e) {
      throw new IllegalStateException("recipients of a message we just built", e);
    }
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException("Message-ID of a message we just built", e);
    }
  }
}
