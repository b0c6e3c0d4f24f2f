package dev.jobqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a field of {@code /proc/<pid>/status} (Linux), such as {@code VmHWM}: peak RSS. */
final class ProcStatus {
  private ProcStatus() {}

  /** The field's value in KiB, or -1 if the process or the field is not there. */
  static long kib(long pid, String field) {
    String value = field(pid, field);
    if (value == null) {
      return -1;
    }
    return Long.parseLong(value.replace("kB", "").strip());
  }

  /** The field's text, or null if the process or the field is not there. */
  static String field(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return line.substring(field.length() + 1).strip();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
