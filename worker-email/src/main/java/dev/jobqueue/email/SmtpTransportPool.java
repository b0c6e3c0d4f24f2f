package dev.jobqueue.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Connected SMTP transports over one {@link Session}, at most {@code poolSize} of them open at a
 * time; a borrower beyond that waits. Connections open lazily and are kept for the next message,
 * which saves a TCP, TLS and AUTH handshake per email.
 *
 * <p>A connection that sat idle may have been dropped by the relay, so it is checked with a NOOP
 * before reuse; one that was used moments ago is trusted, as a connection pool for databases does,
 * since a NOOP per message would cost a round trip on the hot path. A connection whose borrower saw
 * it fail is closed and replaced on the next borrow.
 *
 * <p>Safe for concurrent use, also from virtual threads: waiting happens on a {@link Semaphore},
 * never in a {@code synchronized} block.
 */
public final class SmtpTransportPool implements AutoCloseable {
  /** How long a connection may sit idle and still be reused without a NOOP. */
  static final Duration TRUST_RECENTLY_USED = Duration.ofMillis(500);

  private record Idle(Transport transport, Instant since) {}

  private final SmtpConfig config;
  private final SocketWatchdog sockets;
  private final Session session;
  private final Semaphore permits;
  // last in, first out: the most recently used connection is the likeliest to be alive
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private final Clock clock;
  private final Duration trustRecentlyUsed;
  private volatile boolean closed;

  public SmtpTransportPool(SmtpConfig config) {
    this(config, Clock.systemUTC(), TRUST_RECENTLY_USED);
  }

  SmtpTransportPool(SmtpConfig config, Clock clock, Duration trustRecentlyUsed) {
    this.config = config;
    this.sockets = new SocketWatchdog(config.readTimeout());
    this.session = Session.getInstance(sessionProperties(config, sockets));
    this.permits = new Semaphore(config.poolSize(), true);
    this.clock = clock;
    this.trustRecentlyUsed = trustRecentlyUsed;
  }

  /** The session messages for this pool's relay are built in. */
  public Session session() {
    return session;
  }

  /**
   * A connected transport, waiting while {@code poolSize} are out. Give it back with {@link
   * #release}, whatever happens.
   *
   * @throws MessagingException if a new connection cannot be opened
   * @throws InterruptedException if interrupted while waiting for a free connection
   */
  public Transport borrow() throws MessagingException, InterruptedException {
    if (closed) {
      throw new IllegalStateException("the SMTP pool is closed");
    }
    permits.acquire();
    return take();
  }

  /**
   * As {@link #borrow()}, but waits at most {@code maxWait} for a free connection: a sender whose
   * attempt is about to time out gives up rather than start on the wire in its last seconds.
   *
   * @return a connected transport, or null if none came free within {@code maxWait}
   */
  public Transport borrow(Duration maxWait) throws MessagingException, InterruptedException {
    if (closed) {
      throw new IllegalStateException("the SMTP pool is closed");
    }
    // tryAcquire with a timeout honours fairness, as acquire() does: no barging past the waiters
    if (!permits.tryAcquire(nanos(maxWait), TimeUnit.NANOSECONDS)) {
      return null;
    }
    return take();
  }

  /** How many connections are out with borrowers now; for the lane's metrics. */
  public int inUse() {
    return config.poolSize() - permits.availablePermits();
  }

  /** At most this many connections open at a time. */
  public int size() {
    return config.poolSize();
  }

  private Transport take() throws MessagingException {
    try {
      for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
        if (isUsable(candidate)) {
          return candidate.transport();
        }
        closeQuietly(candidate.transport());
      }
      return connect();
    } catch (MessagingException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /**
   * Returns a borrowed transport. Pass {@code reusable = false} when it failed in a way that may
   * have left the connection broken or out of step with the relay: it is closed, not reused.
   */
  public void release(Transport transport, boolean reusable) {
    try {
      if (reusable && !closed) {
        idle.addFirst(new Idle(transport, clock.instant()));
      } else {
        closeQuietly(transport);
      }
    } finally {
      permits.release();
    }
    if (closed) {
      drain(); // close() may have run while this transport was out
    }
  }

  /** Closes the idle connections now and every borrowed one as it comes back. */
  @Override
  public void close() {
    closed = true;
    drain();
    sockets.close();
  }

  /** How many borrowers are waiting for a connection; for tests. */
  int waiting() {
    return permits.getQueueLength();
  }

  private boolean isUsable(Idle candidate) {
    Duration idleFor = Duration.between(candidate.since(), clock.instant());
    // SMTPTransport.isConnected() sends a NOOP and closes the transport if it gets no answer
    return idleFor.compareTo(trustRecentlyUsed) < 0 || candidate.transport().isConnected();
  }

  private Transport connect() throws MessagingException {
    Transport transport = session.getTransport("smtp");
    if (config.auth()) {
      transport.connect(config.host(), config.port(), config.username(), config.password());
    } else {
      transport.connect(config.host(), config.port(), null, null);
    }
    return transport;
  }

  private void drain() {
    for (Idle i; (i = idle.pollFirst()) != null; ) {
      closeQuietly(i.transport());
    }
  }

  private static void closeQuietly(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException | RuntimeException e) {
      // the connection is being thrown away; a failed QUIT changes nothing
    }
  }

  static Properties sessionProperties(SmtpConfig config, SocketWatchdog sockets) {
    var props = new Properties();
    props.setProperty("mail.smtp.host", config.host());
    props.setProperty("mail.smtp.port", Integer.toString(config.port()));
    props.setProperty("mail.smtp.auth", Boolean.toString(config.auth()));
    props.setProperty("mail.smtp.starttls.enable", Boolean.toString(config.startTls()));
    // asked for TLS means no silent fallback to plain text when the relay does not offer it
    props.setProperty("mail.smtp.starttls.required", Boolean.toString(config.startTls()));
    props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    props.setProperty("mail.smtp.connectiontimeout", millis(config.connectTimeout()));
    // readTimeout bounds every read and write through the watchdog's sockets, not through
    // mail.smtp.timeout and mail.smtp.writetimeout, which cost a timer per call (SocketWatchdog)
    props.put("mail.smtp.socketFactory", sockets);
    // a socket the factory cannot connect is an error, not a reason to try again without it
    props.setProperty("mail.smtp.socketFactory.fallback", "false");
    // deliver to the recipients the relay took even when it refused others; we report those
    props.setProperty("mail.smtp.sendpartial", "true");
    return props;
  }

  /** {@code d} in nanoseconds, from 0 to {@link Long#MAX_VALUE} (about 292 years). */
  private static long nanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : d.toNanos();
  }

  private static String millis(Duration d) {
    return Long.toString(d.toMillis());
  }
}
