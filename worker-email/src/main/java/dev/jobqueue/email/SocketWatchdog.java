package dev.jobqueue.email;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * The sockets of an SMTP pool, handed to Angus as its {@code mail.smtp.socketFactory}: every
 * blocking read and write on them has a deadline, and one watchdog thread closes a socket whose
 * read or write has made no progress for longer than that, which fails the blocked call with a
 * {@link SocketTimeoutException}. A relay that stops answering, or stops reading, costs a
 * connection and never a sender thread.
 *
 * <p>Why not Angus's own timeouts: {@code mail.smtp.writetimeout} schedules and cancels a task on
 * an executor for every write, and {@code mail.smtp.timeout} (SO_TIMEOUT) turns every read of a
 * virtual thread into a timed park, which schedules and cancels a timer too. With four writes and
 * four reads per message, the two took about half of a sender's CPU (measured in
 * docs/benchmarks.md). Stamping a start time around each call and scanning a few dozen sockets a
 * few times a second costs next to nothing.
 */
final class SocketWatchdog extends SocketFactory implements AutoCloseable {
  private final Duration timeout;
  private final long timeoutNanos;
  private final Set<GuardedSocket> open = ConcurrentHashMap.newKeySet();
  private final Thread watchdog;
  private volatile boolean closed;

  SocketWatchdog(Duration timeout) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    // a stalled call is cut off between timeout and timeout + period
    long periodMillis = Math.clamp(timeout.toMillis() / 8, 5, 1000);
    this.watchdog =
        Thread.ofPlatform()
            .daemon()
            .name("smtp-socket-watchdog")
            .unstarted(() -> watch(periodMillis));
    watchdog.start();
  }

  /** Unconnected, as Angus asks for it; Angus connects it with its own connect timeout. */
  @Override
  public Socket createSocket() throws IOException {
    if (closed) {
      throw new IOException("the SMTP pool is closed");
    }
    return new GuardedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket s = createSocket();
    if (local != null) {
      s.bind(local);
    }
    s.connect(remote);
    return s;
  }

  /** Sockets open now; for tests. */
  int openSockets() {
    return open.size();
  }

  /** Stops the watchdog; sockets still open are left to their owners to close. */
  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
  }

  private void watch(long periodMillis) {
    while (!closed) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (GuardedSocket socket : open) {
        socket.cutOffIfStalled(now);
      }
    }
  }

  /** 0 means idle; a start time is made odd so that it never reads as idle. */
  private static long stamp() {
    return System.nanoTime() | 1L;
  }

  private final class GuardedSocket extends Socket {
    private volatile long readingSince;
    private volatile long writingSince;
    private volatile String cutOff;
    private InputStream guardedIn;
    private OutputStream guardedOut;

    /** Watched from the moment it is connected; a failed connect leaves nothing behind. */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      super.connect(endpoint, timeout);
      open.add(this);
      if (isClosed()) {
        open.remove(this); // closed by another thread while connecting
      }
    }

    void cutOffIfStalled(long now) {
      String stalled =
          stalled(readingSince, now) ? "read" : stalled(writingSince, now) ? "write" : null;
      if (stalled != null) {
        cutOff = "no progress on a " + stalled + " from the SMTP relay for " + timeout;
        try {
          close();
        } catch (IOException e) {
          // closing is all that can be done; the blocked call fails either way
        }
      }
    }

    private boolean stalled(long since, long now) {
      return since != 0 && now - since > timeoutNanos;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (guardedIn == null) {
        guardedIn = new GuardedInput(super.getInputStream());
      }
      return guardedIn;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (guardedOut == null) {
        guardedOut = new GuardedOutput(super.getOutputStream());
      }
      return guardedOut;
    }

    @Override
    public void close() throws IOException {
      open.remove(this);
      super.close();
    }

    /** The exception a call failed with, turned into a timeout when the watchdog cut it off. */
    IOException failure(IOException e) {
      String reason = cutOff;
      if (reason == null) {
        return e;
      }
      var timedOut = new SocketTimeoutException(reason);
      timedOut.initCause(e);
      return timedOut;
    }

    private final class GuardedInput extends FilterInputStream {
      GuardedInput(InputStream in) {
        super(in);
      }

      @Override
      public int read() throws IOException {
        readingSince = stamp();
        try {
          return super.read();
        } catch (IOException e) {
          throw failure(e);
        } finally {
          readingSince = 0;
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        readingSince = stamp();
        try {
          return in.read(b, off, len);
        } catch (IOException e) {
          throw failure(e);
        } finally {
          readingSince = 0;
        }
      }
    }

    private final class GuardedOutput extends FilterOutputStream {
      GuardedOutput(OutputStream out) {
        super(out);
      }

      @Override
      public void write(int b) throws IOException {
        writingSince = stamp();
        try {
          out.write(b);
        } catch (IOException e) {
          throw failure(e);
        } finally {
          writingSince = 0;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writingSince = stamp();
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw failure(e);
        } finally {
          writingSince = 0;
        }
      }

      @Override
      public void flush() throws IOException {
        writingSince = stamp();
        try {
          out.flush();
        } catch (IOException e) {
          throw failure(e);
        } finally {
          writingSince = 0;
        }
      }
    }
  }
}
