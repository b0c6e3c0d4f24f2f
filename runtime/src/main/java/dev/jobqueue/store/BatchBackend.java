package dev.jobqueue.store;

import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where {@link BatchStore} keeps its batches: how a batch is published whole, how outcomes are
 * added, how batches are found. The layout of a batch (its manifest, its numbered chunks, what they
 * hold) and every rule about its content are the store's.
 */
interface BatchBackend {
  String MANIFEST = "manifest.json";

  /** True if {@code name}'s manifest is there: the batch is published. */
  boolean published(BatchName name) throws IOException;

  /** Begins staging {@code name}; closing what it returns removes whatever was not published. */
  Staging stage(BatchName name) throws IOException;

  /** A batch being written: its chunks first, then its manifest, which publishes it. */
  interface Staging extends Closeable {
    /** Where the lines of chunk file {@code fileName} go; closing the stream writes it whole. */
    OutputStream chunk(String fileName) throws IOException;

    /**
     * Publishes the batch with {@code manifest}: true if this call did, false if the name was
     * published meanwhile by another (the same content, staged under the same name).
     */
    boolean publish(BatchManifest manifest) throws IOException;

    /**
     * The batch breaks a limit or does not fit its mode: no stager of this name can publish it, so
     * what this one wrote may go when it is closed. After any other failure it stays, since another
     * stager of the same request may be publishing the same keys.
     */
    default void refused() {}
  }

  /** The content of {@code fileName} of a published batch; NoSuchFileException if it is not. */
  InputStream read(BatchName name, String fileName) throws IOException;

  /** Adds {@code outcomes} (not empty) to the log of {@code outcomeFile}, durably. */
  void appendOutcomes(BatchName name, String outcomeFile, List<ItemOutcome> outcomes)
      throws IOException;

  /** Every line added to {@code outcomeFile}'s log, oldest first; empty if none. */
  List<ItemOutcome> outcomeLog(BatchName name, String outcomeFile) throws IOException;

  /** Every published batch, its name checked against where it is; see BatchStore. */
  List<StagedBatch> stagedBatches() throws IOException;

  /** Removes the batch, outcomes included. */
  void delete(BatchName name) throws IOException;

  /** Where the batches are, for logs. */
  String describe();
}
