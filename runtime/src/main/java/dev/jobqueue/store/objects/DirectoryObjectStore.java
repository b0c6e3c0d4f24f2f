package dev.jobqueue.store.objects;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local (or network-mounted) directory: a key is a path below it. Each
 * object is written to a synced temporary file and renamed (or linked, for {@link #putIfAbsent})
 * into place, then its directory is synced: a file under a key's name is always whole. It cannot
 * presign. Temporary files start with {@code .} and are never listed.
 */
public final class DirectoryObjectStore implements ObjectStore {
  private final Path root;

  public DirectoryObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path file(String key) {
    Path file = root.resolve(key).normalize();
    if (key.isEmpty() || !file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("not a key of this store: " + key);
    }
    return file;
  }

  @FunctionalInterface
  private interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A synced temporary file beside {@code target}, holding what {@code writer} wrote. */
  private static Path temporary(Path target, Writer writer) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID());
    try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      writer.writeTo(out);
      out.flush();
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  private static void syncDir(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    }
  }

  private void replace(String key, Writer writer) throws IOException {
    Path target = file(key);
    Path temp = temporary(target, writer);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      syncDir(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    replace(key, out -> Files.copy(file, out));
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    replace(key, out -> out.write(bytes));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    Path target = file(key);
    Path temp = temporary(target, out -> out.write(bytes));
    try {
      Files.createLink(target, temp); // fails, atomically, if the name is taken
      syncDir(target.getParent());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    try {
      return Optional.of(Files.newInputStream(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean download(String key, Path target) throws IOException {
    Path source = file(key);
    if (!Files.isRegularFile(source)) {
      return false;
    }
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    Path file = file(key);
    try {
      var attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? Optional.of(info(key, attributes)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static ObjectInfo info(String key, BasicFileAttributes attributes) {
    return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant());
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    // walk from the deepest directory the prefix names whole, then filter on the rest
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
    if (!start.startsWith(root) || !Files.isDirectory(start)) {
      return List.of();
    }
    var objects = new ArrayList<ObjectInfo>();
    try (Stream<Path> files = Files.walk(start)) {
      files
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .forEach(
              f -> {
                String key = root.relativize(f).toString().replace('\\', '/');
                if (!key.startsWith(prefix) || isHidden(key)) {
                  return;
                }
                try {
                  var attributes = Files.readAttributes(f, BasicFileAttributes.class);
                  if (attributes.isRegularFile()) {
                    objects.add(info(key, attributes));
                  }
                } catch (NoSuchFileException e) {
                  // removed while listed
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    objects.sort(Comparator.comparing(ObjectInfo::key));
    return objects;
  }

  private static boolean isHidden(String key) {
    for (String segment : key.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void delete(String key) throws IOException {
    Path file = file(key);
    Files.deleteIfExists(file);
    // directories left empty go too, up to the root: a key's folders exist only for its objects
    for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      try {
        Files.delete(dir);
      } catch (IOException e) {
        break; // not empty any more (a writer is adding to it), or gone: either way, leave it
      }
    }
  }

  @Override
  public Optional<URI> presign(
      String key, Duration expiry, String contentType, String contentDisposition) {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
