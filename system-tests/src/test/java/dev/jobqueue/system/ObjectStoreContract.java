package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.store.objects.ObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ObjectStore} must do, whatever holds the objects: the reports and batches on
 * top of it rely on each of these.
 */
abstract class ObjectStoreContract {
  @TempDir Path scratch;

  /** A store no other test writes to. */
  abstract ObjectStore store() throws Exception;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(ObjectStore store, String key) throws Exception {
    try (InputStream in = store.open(key).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void whatIsPutIsReadBackAndReplaced() throws Exception {
    ObjectStore store = store();
    store.put("a/b/one.txt", utf8("first"));
    assertThat(read(store, "a/b/one.txt")).isEqualTo("first");
    Path file = Files.writeString(scratch.resolve("source"), "second, longer");
    store.put("a/b/one.txt", file);
    assertThat(read(store, "a/b/one.txt")).isEqualTo("second, longer");
    assertThat(store.stat("a/b/one.txt").orElseThrow().size()).isEqualTo(14);

    Path copy = scratch.resolve("copy");
    assertThat(store.download("a/b/one.txt", copy)).isTrue();
    assertThat(Files.readString(copy)).isEqualTo("second, longer");
  }

  @Test
  void aMissingObjectIsEmptyNotAnError() throws Exception {
    ObjectStore store = store();
    assertThat(store.open("nothing/here")).isEmpty();
    assertThat(store.stat("nothing/here")).isEmpty();
    Path target = scratch.resolve("never");
    assertThat(store.download("nothing/here", target)).isFalse();
    assertThat(target).doesNotExist();
    store.delete("nothing/here");
  }

  @Test
  void listingIsByPrefixInKeyOrder() throws Exception {
    ObjectStore store = store();
    for (String key : List.of("b/2", "a/9", "b/10", "b/1", "bb/1", "c")) {
      store.put(key, utf8(key));
    }
    assertThat(store.list("b/"))
        .extracting(ObjectStore.ObjectInfo::key)
        .containsExactly("b/1", "b/10", "b/2");
    assertThat(store.list("b"))
        .extracting(ObjectStore.ObjectInfo::key)
        .containsExactly("b/1", "b/10", "b/2", "bb/1");
    assertThat(store.list("")).hasSize(6);
    assertThat(store.list("b/1").getFirst().lastModified()).isNotNull();

    store.deleteAll("b/");
    assertThat(store.list(""))
        .extracting(ObjectStore.ObjectInfo::key)
        .containsExactly("a/9", "bb/1", "c");
  }

  @Test
  void ofWritersRacingForOneKeyExactlyOneWins() throws Exception {
    ObjectStore store = store();
    var pool = Executors.newFixedThreadPool(8);
    try {
      var attempts = new ArrayList<Future<Boolean>>();
      for (int i = 0; i < 8; i++) {
        byte[] content = utf8("writer " + i);
        Callable<Boolean> put = () -> store.putIfAbsent("race/manifest.json", content);
        attempts.add(pool.submit(put));
      }
      int won = 0;
      for (var attempt : attempts) {
        won += attempt.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(read(store, "race/manifest.json")).startsWith("writer ");
      assertThat(store.putIfAbsent("race/manifest.json", utf8("late"))).isFalse();
      assertThat(read(store, "race/manifest.json")).isNotEqualTo("late");
    } finally {
      pool.shutdownNow();
    }
  }
}
