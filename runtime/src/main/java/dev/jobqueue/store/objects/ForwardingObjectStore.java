package dev.jobqueue.store.objects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} that passes every call on to another: the base of a store that changes one
 * thing (a fault to inject, a call to count) and leaves the rest alone.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
  protected final ObjectStore delegate;

  protected ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void put(String key, Path file) throws IOException {
    delegate.put(key, file);
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    delegate.put(key, bytes);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    return delegate.putIfAbsent(key, bytes);
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    return delegate.open(key);
  }

  @Override
  public boolean download(String key, Path target) throws IOException {
    return delegate.download(key, target);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public Optional<URI> presign(
      String key, Duration expiry, String contentType, String contentDisposition) {
    return delegate.presign(key, expiry, contentType, contentDisposition);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
