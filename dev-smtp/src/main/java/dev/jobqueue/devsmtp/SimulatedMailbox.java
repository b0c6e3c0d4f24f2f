package dev.jobqueue.devsmtp;

import java.util.Locale;

/**
 * What the simulator does for a recipient, like a mail provider's mailbox simulator: fixed
 * addresses that always bounce, always defer, or answer slowly, so every delivery path can be
 * exercised locally.
 */
enum SimulatedMailbox {
  /** 550 at RCPT: a permanent failure. */
  BOUNCE(550, "5.1.1 simulated bounce: mailbox does not exist"),
  /** 451 at RCPT: a transient failure, to be retried. */
  TEMPFAIL(451, "4.3.0 simulated deferral: try again later"),
  /** Accepted, but only after a delay at the end of DATA. */
  SLOW(250, "ok"),
  /** Accepted and written to the mail directory. */
  ACCEPT(250, "ok");

  static final String DOMAIN = "simulator.jobqueue.test";

  final int code;
  final String reply;

  SimulatedMailbox(int code, String reply) {
    this.code = code;
    this.reply = reply;
  }

  static SimulatedMailbox of(String address) {
    return switch (address.strip().toLowerCase(Locale.ROOT)) {
      case "bounce@" + DOMAIN -> BOUNCE;
      case "tempfail@" + DOMAIN -> TEMPFAIL;
      case "slow@" + DOMAIN -> SLOW;
      default -> ACCEPT;
    };
  }
}
