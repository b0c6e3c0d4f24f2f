package dev.jobqueue.email;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A relay that answers 451 to a share of the messages at the end of DATA, like one under load.
 * Whether the n-th try of a message is deferred depends on its Message-ID, n and the seed only, not
 * on the order in which concurrent senders arrive: each try has a fresh chance, and a run is
 * repeatable.
 */
final class TempfailShare implements ScriptedSmtpServer.EndOfData {
  static final String REPLY = "451 4.3.0 temporarily unable to accept, try later";

  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: (<[^>]+>)\r?$");

  private final double share;
  private final long seed;
  private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
  private final AtomicInteger deferred = new AtomicInteger();

  TempfailShare(double share, long seed) {
    this.share = share;
    this.seed = seed;
  }

  static String messageId(String content) {
    var m = MESSAGE_ID.matcher(content);
    if (!m.find()) {
      throw new AssertionError("no Message-ID in " + content);
    }
    return m.group(1);
  }

  @Override
  public String reply(String content) {
    String id = messageId(content);
    int attempt = tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    long key = seed * 31 + id.hashCode() * 1_000_003L + attempt;
    if (new SplittableRandom(key).nextDouble() < share) {
      deferred.incrementAndGet();
      return REPLY;
    }
    return "250 2.0.0 queued";
  }

  /** How many tries the relay deferred. */
  int deferred() {
    return deferred.get();
  }

  /** The most tries any one message took. */
  int mostTries() {
    return tries.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }
}
