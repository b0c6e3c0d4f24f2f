package dev.jobqueue.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a directory's entries durable: a rename or a new file is only on disk once its directory is
 * synced, whatever the file's own sync said. A seam, so that tests can see when it happens.
 */
@FunctionalInterface
interface DirSync {
  DirSync FSYNC = BatchFiles::syncDir;

  void sync(Path dir) throws IOException;
}
