package dev.jobqueue.devsmtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/** Accepted mail as one {@code .eml} file per message, each appearing whole or not at all. */
final class MailDirectory {
  private final Path dir;
  private final AtomicLong sequence = new AtomicLong();

  MailDirectory(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Path dir() {
    return dir;
  }

  Path write(InputStream message) throws IOException {
    String name = "%d-%06d".formatted(System.currentTimeMillis(), sequence.incrementAndGet());
    Path partial = dir.resolve("." + name + ".tmp");
    Files.copy(message, partial, StandardCopyOption.REPLACE_EXISTING);
    return Files.move(partial, dir.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
  }
}
