package dev.jobqueue.email;

import dev.jobqueue.batch.BatchItem;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Lets {@code allowed} sends through, then holds every worker until it is interrupted. */
final class HoldAfter implements ChunkPass.Gate {
  private final int allowed;
  private final AtomicInteger arrived = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);

  /** Counts down as workers are held: at zero none has a message on the wire. */
  final CountDownLatch allHeld;

  HoldAfter(int allowed, int workers) {
    this.allowed = allowed;
    this.allHeld = new CountDownLatch(workers);
  }

  @Override
  public void beforeSend(BatchItem item) throws InterruptedException {
    if (arrived.getAndIncrement() < allowed) {
      return;
    }
    allHeld.countDown();
    never.await();
  }
}
