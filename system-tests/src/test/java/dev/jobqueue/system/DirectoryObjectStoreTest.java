package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.store.objects.DirectoryObjectStore;
import dev.jobqueue.store.objects.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The object-store contract in a directory, and what only a directory does. */
class DirectoryObjectStoreTest extends ObjectStoreContract {
  @Override
  ObjectStore store() {
    return new DirectoryObjectStore(scratch.resolve("store-" + UUID.randomUUID()));
  }

  @Test
  void leavesNoTemporaryFilesAndNoEmptyFoldersBehind() throws Exception {
    Path root = scratch.resolve("tidy");
    var store = new DirectoryObjectStore(root);
    store.put("x/y/z.bin", new byte[] {1, 2, 3});
    store.putIfAbsent("x/y/z.bin", new byte[] {4});
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString))
          .containsExactly("x/y/z.bin");
    }
    store.delete("x/y/z.bin");
    try (var entries = Files.list(root)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void aKeyCannotLeaveTheDirectoryAndNothingIsPresigned() {
    var store = new DirectoryObjectStore(scratch.resolve("bounded"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("../outside", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.presign("a", Duration.ofMinutes(1))).isEmpty();
  }
}
