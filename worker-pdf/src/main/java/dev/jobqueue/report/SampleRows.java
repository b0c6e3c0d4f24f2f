package dev.jobqueue.report;

import java.time.LocalDate;

/**
 * Plausible billing line items, generated. Row {@code i} is a pure function of {@code (seed, i)}:
 * its fields come from outputs {@code 2i} and {@code 2i+1} of a SplitMix64 stream, which can be
 * computed directly, so a resumed render jumps to any row in constant time.
 */
record SampleRows(long rows, long seed) implements RowSource {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long FIRST_DAY = LocalDate.of(2026, 1, 1).toEpochDay();

  private static final String[] SERVICES = {
    "Compute instance", "Object storage", "Managed PostgreSQL", "Load balancer",
    "Egress bandwidth", "Priority support", "Transactional email", "PDF rendering",
    "Backup snapshots", "DNS queries", "CDN requests", "Message queue"
  };
  private static final long[] BASE_PRICE_CENTS = {
    4_200, 1_150, 8_900, 1_800, 900, 29_900, 350, 1_200, 600, 120, 480, 750
  };
  private static final String[] PLANS = {"Starter", "Team", "Business", "Enterprise"};
  private static final String[] REGIONS = {
    "eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-1", "sa-east-1"
  };

  SampleRows(SampleData sample) {
    this(sample.rows(), sample.seed());
  }

  @Override
  public long size() {
    return rows;
  }

  @Override
  public ReportRow row(long index) {
    long a = splitMix(2 * index);
    long b = splitMix(2 * index + 1);
    int service = service(a);
    String description =
        SERVICES[service] + " - " + PLANS[plan(a)] + " plan, " + REGIONS[pick(a >>> 24, 6)];
    if ((b >>> 40 & 15) == 0) {
      // One row in sixteen is too long for its column, so truncation is always exercised.
      description += " (overage, project " + Long.toHexString(b >>> 8 | 1L << 55) + ")";
    }
    String date = LocalDate.ofEpochDay(FIRST_DAY + pick(b, 365)).toString();
    return new ReportRow(date, description, quantity(a), unitPriceCents(service, a, b));
  }

  @Override
  public long amountCents(long index) {
    long a = splitMix(2 * index);
    long b = splitMix(2 * index + 1);
    return quantity(a) * unitPriceCents(service(a), a, b);
  }

  private long splitMix(long n) {
    long z = seed + (n + 1) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int service(long a) {
    return pick(a, SERVICES.length);
  }

  private static int plan(long a) {
    return pick(a >>> 16, PLANS.length);
  }

  private static long quantity(long a) {
    return 1 + pick(a >>> 32, 50);
  }

  private static long unitPriceCents(int service, long a, long b) {
    return (BASE_PRICE_CENTS[service] << plan(a)) + pick(b >>> 16, 100);
  }

  /** A value in {@code [0, bound)} from the low 16 bits of {@code bits}. */
  private static int pick(long bits, int bound) {
    return (int) ((bits & 0xFFFF) % bound);
  }
}
