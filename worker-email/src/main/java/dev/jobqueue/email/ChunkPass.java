package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.template.InvalidItemException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One attempt's sending of a chunk's items to send: a few virtual threads (at most the pool's size)
 * each take the next item, borrow a connection for that one message and give it back, so a chunk
 * never holds connections that another chunk of the bulk lane is waiting for (transactional email
 * has a pool of its own: EmailLanes).
 *
 * <p>Items the relay took, refused for good or deferred queue up in {@link #drain()} for the
 * activity to write to the outcome file. A deferral concerns its message only: the pass goes on
 * with the others ({@link ItemRetry} says what the item records). Only a relay that cannot take any
 * message (unreachable, a broken connection, 421) stops the pass; items it left untried are simply
 * not in the file and are sent by the next attempt.
 */
final class ChunkPass {
  /** Called before each send; tests use it to hold a chunk mid-way. */
  interface Gate {
    Gate OPEN = item -> {};

    void beforeSend(BatchItem item) throws InterruptedException;
  }

  /** An item left unsent, which fails the attempt: the relay could not take it, or any other. */
  record Deferral(BatchItem item, ErrorType type, String message, Duration retryAfter) {}

  private static final int IDLE = 0;
  private static final int WAITING = 1;
  private static final int SENDING = 2;
  private static final int STOPPED = 3;

  private final List<BatchItem> todo;
  private final int pass;
  private final BatchMessages messages;
  private final SmtpTransportPool pool;
  private final String relay;
  private final Clock clock;
  private final Gate gate;
  private final ItemRetry retry;
  private final TimeLeft time;

  private final AtomicInteger next = new AtomicInteger();
  private final ConcurrentLinkedQueue<ItemOutcome> finished = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Deferral> unsent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private final List<AtomicInteger> states = new ArrayList<>();
  private CountDownLatch done = new CountDownLatch(0);
  private volatile boolean stopping;
  private volatile RuntimeException bug;

  /**
   * @param retry what a message the relay defers does to its item
   */
  ChunkPass(
      List<BatchItem> todo,
      int pass,
      BatchMessages messages,
      SmtpTransportPool pool,
      String relay,
      Clock clock,
      Gate gate,
      ItemRetry retry,
      TimeLeft time) {
    this.todo = todo;
    this.pass = pass;
    this.messages = messages;
    this.pool = pool;
    this.relay = relay;
    this.clock = clock;
    this.gate = gate;
    this.retry = retry;
    this.time = time;
  }

  void start(int concurrency) {
    int workers = Math.min(concurrency, todo.size());
    done = new CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      var state = new AtomicInteger(IDLE);
      states.add(state);
      threads.add(Thread.ofVirtual().name("chunk-sender-" + i).start(() -> work(state)));
    }
  }

  /** True once every worker is done, waiting at most {@code timeout}. */
  boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops taking items. A message already on the wire is finished and recorded (cutting it off
   * could deliver it without our knowing); a worker still waiting for a connection is woken.
   */
  void stop() {
    stopping = true;
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i).compareAndSet(WAITING, STOPPED)) {
        threads.get(i).interrupt();
      }
    }
  }

  /** Waits for the workers after {@link #stop()}; bounded by the relay's read timeout. */
  void awaitStopped() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Outcomes finished since the last call. */
  List<ItemOutcome> drain() {
    var out = new ArrayList<ItemOutcome>();
    for (ItemOutcome o; (o = finished.poll()) != null; ) {
      out.add(o);
    }
    return out;
  }

  int finishedCount() {
    return finishedCount.get();
  }

  /** Items left unsent for a reason that fails the attempt; empty if it succeeds. */
  List<Deferral> unsent() {
    return List.copyOf(unsent);
  }

  /** A bug in a worker fails the attempt as it would have on the activity's own thread. */
  void rethrowBug() {
    if (bug != null) {
      throw bug;
    }
  }

  private void work(AtomicInteger state) {
    try {
      for (int i; !stopping && (i = next.getAndIncrement()) < todo.size(); ) {
        BatchItem item = todo.get(i);
        state.set(WAITING);
        if (stopping) {
          break; // stop() may have looked at this worker before it was waiting
        }
        Transport transport;
        try {
          gate.beforeSend(item);
          if (!time.enough()) {
            tooLittleTime(item, "starting on the wire");
            break;
          }
          // no longer than the attempt can spare: a message must not start in its last seconds
          transport = pool.borrow(time.spare());
          if (transport == null) {
            tooLittleTime(item, "starting on the wire (no SMTP connection came free)");
            break;
          }
        } catch (InterruptedException e) {
          break;
        } catch (MessagingException e) {
          defer(item, SmtpFailure.unavailable(relay, e));
          break;
        }
        if (!state.compareAndSet(WAITING, SENDING) || stopping) {
          Thread.interrupted(); // stop() chose this worker as it got its connection
          pool.release(transport, true);
          break;
        }
        try {
          // built once a connection is in hand, not before: with many chunks in flight, senders
          // waiting for a connection would otherwise each hold a built message, thousands of
          // them, which the garbage collector then copies around
          MimeMessage message;
          try {
            message = messages.build(item);
          } catch (InvalidMessageException | InvalidItemException e) {
            pool.release(transport, true);
            deadLetter(item, ErrorType.InvalidMessage, null, e.getMessage());
            continue;
          } catch (RuntimeException e) {
            pool.release(transport, true);
            throw e;
          }
          send(item, message, transport);
        } finally {
          state.set(IDLE);
        }
      }
    } catch (RuntimeException e) {
      bug = e;
      stopping = true;
    } finally {
      done.countDown();
    }
  }

  private void send(BatchItem item, MimeMessage message, Transport transport) {
    boolean reusable = false;
    Address[] recipients = null;
    try {
      recipients = message.getAllRecipients();
      transport.sendMessage(message, recipients);
      reusable = true;
      // "confirmed" means exactly this: the relay answered 250 to the end of DATA
      accept(item, reply(transport));
    } catch (MessagingException e) {
      if (recipients != null && Delivery.isRecipientLevel(e)) {
        Delivery delivery = Delivery.of((SendFailedException) e, recipients);
        reusable = !delivery.relayClosing();
        settle(item, delivery);
      } else {
        SmtpFailure failure = SmtpFailure.of(e, relay);
        reusable = failure.connectionUsable();
        if (failure.type() == ErrorType.SmtpRejected) {
          deadLetter(item, ErrorType.SmtpRejected, code(e), failure.message());
        } else if (failure.oneMessage()) {
          deferMessage(item, failure.code(), failure.message(), failure.retryAfter());
        } else {
          defer(item, failure);
        }
      }
    } finally {
      pool.release(transport, reusable);
    }
  }

  /** Some recipient of the message was refused or deferred at RCPT TO. */
  private void settle(BatchItem item, Delivery delivery) {
    if (!delivery.deferred().isEmpty()) {
      RecipientFailure first = delivery.deferred().getFirst();
      String text = first.message() + " (RCPT TO " + first.address() + ")";
      if (delivery.relayClosing()) {
        defer(
            item,
            new SmtpFailure(
                ErrorType.SmtpTransient,
                text,
                RetryHint.in(first.message()),
                false,
                first.code(),
                false));
      } else {
        // a distinct message with several recipients goes again to all of them: at least once
        deferMessage(item, first.code(), text, RetryHint.in(first.message()));
      }
    } else if (delivery.accepted().isEmpty()) {
      RecipientFailure first = delivery.rejected().getFirst();
      deadLetter(
          item,
          ErrorType.SmtpRejected,
          first.code(),
          first.message() + " (RCPT TO " + first.address() + ")");
    } else {
      accept(
          item,
          "250 accepted for "
              + delivery.accepted().size()
              + ", refused: "
              + delivery.rejected().stream().map(RecipientFailure::address).toList());
    }
  }

  /** The attempt is about to time out: this item and the rest wait for the next one. */
  private void tooLittleTime(BatchItem item, String what) {
    unsent.add(new Deferral(item, ErrorType.TooLittleTimeLeft, time.shortBy(what), Duration.ZERO));
    stopping = true;
  }

  /** The relay could not take any message: leave the item pending and stop the pass. */
  private void defer(BatchItem item, SmtpFailure failure) {
    unsent.add(new Deferral(item, failure.type(), failure.message(), failure.retryAfter()));
    stopping = true;
  }

  /** The relay deferred this message only: the others go on. */
  private void deferMessage(BatchItem item, int code, String reply, Duration retryAfter) {
    ItemOutcome outcome = retry.deferral(item, code > 0 ? code : null, reply, retryAfter);
    if (outcome == null) {
      unsent.add(new Deferral(item, ErrorType.SmtpTransient, reply, retryAfter));
    } else {
      record(outcome);
    }
  }

  private void accept(BatchItem item, String reply) {
    record(
        new ItemOutcome(
            item.index(),
            item.recipient(),
            ItemOutcome.ACCEPTED,
            250,
            reply,
            clock.instant().toString(),
            null,
            pass,
            retry.attemptOf(item)));
  }

  private void deadLetter(BatchItem item, ErrorType type, Integer code, String message) {
    record(
        new ItemOutcome(
            item.index(),
            item.recipient(),
            ItemOutcome.DEAD_LETTERED,
            code,
            message,
            clock.instant().toString(),
            type.name(),
            pass,
            retry.attemptOf(item)));
  }

  private void record(ItemOutcome outcome) {
    finished.add(outcome);
    finishedCount.incrementAndGet();
  }

  private static String reply(Transport transport) {
    return transport instanceof SMTPTransport smtp
        ? SmtpText.oneLine(smtp.getLastServerResponse())
        : "250";
  }

  private static Integer code(MessagingException e) {
    return e instanceof SMTPSendFailedException s ? s.getReturnCode() : null;
  }
}
