package dev.jobqueue.store.objects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of immutable objects under string keys ({@code reports/<stem>.pdf}): what the API
 * and the worker fleets share when they share no disk. Keys use {@code /} as a separator; {@link
 * #list} returns them in key order. A stored object is whole: a reader never sees part of one.
 */
public interface ObjectStore {
  /** A stored object's key, size and when it was written. */
  record ObjectInfo(String key, long size, Instant lastModified) {}

  /** Stores {@code file}'s bytes under {@code key}, replacing any object there. */
  void put(String key, Path file) throws IOException;

  /** Stores {@code bytes} under {@code key}, replacing any object there. */
  void put(String key, byte[] bytes) throws IOException;

  /**
   * Stores {@code bytes} under {@code key} unless an object is there already: of two writers at
   * once, exactly one gets true.
   */
  boolean putIfAbsent(String key, byte[] bytes) throws IOException;

  /** The object's bytes, or empty if there is none; the caller closes the stream. */
  Optional<InputStream> open(String key) throws IOException;

  /** Copies the object to {@code target} (replaced); false, and nothing written, if it is not. */
  boolean download(String key, Path target) throws IOException;

  /** The object's size and time, or empty if there is none. */
  Optional<ObjectInfo> stat(String key) throws IOException;

  /** Every object whose key starts with {@code prefix}, in key order. */
  List<ObjectInfo> list(String prefix) throws IOException;

  /** Removes the object; none there is not an error. */
  void delete(String key) throws IOException;

  /**
   * A URL that reads the object without credentials until {@code expiry} has passed, or empty if
   * this store cannot make one (then the caller serves the bytes itself).
   */
  default Optional<URI> presign(String key, Duration expiry) {
    return presign(key, expiry, null, null);
  }

  /**
   * As {@link #presign(String, Duration)}, the response to the URL carrying {@code contentType} and
   * {@code contentDisposition} (either null for the stored one): a download named as the API names
   * it, whatever the object's key.
   */
  Optional<URI> presign(String key, Duration expiry, String contentType, String contentDisposition);

  /** Where the objects are, for logs and error messages: {@code s3://bucket/prefix}. */
  String describe();

  /** Removes every object under {@code prefix}. */
  default void deleteAll(String prefix) throws IOException {
    for (ObjectInfo object : list(prefix)) {
      delete(object.key());
    }
  }
}
