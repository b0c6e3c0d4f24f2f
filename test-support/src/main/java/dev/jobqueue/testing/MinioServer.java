package dev.jobqueue.testing;

import dev.jobqueue.store.objects.ObjectStoreConfig;
import dev.jobqueue.store.objects.S3ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real S3-compatible server for the tests: MinIO, built from its Go module by {@code ./jobqueue
 * test} (it names the binary in {@code JOBQUEUE_MINIO}), or on the PATH. One process with its data
 * under a directory of the test's; the credentials are the test's own.
 */
public final class MinioServer implements AutoCloseable {
  /** The MinIO release {@code ./jobqueue} builds: a Go module pseudo-version. */
  public static final String VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c";

  private static final String USER = "jobqueue-test";
  private static final String PASSWORD = "jobqueue-test-secret";
  private static final Duration START = Duration.ofMinutes(2);

  private final List<String> command;
  private final Map<String, String> env;
  private final Path logDir;
  private final int port;
  private volatile ChildProcess process;

  private MinioServer(List<String> command, Map<String, String> env, Path logDir, int port) {
    this.command = command;
    this.env = env;
    this.logDir = logDir;
    this.port = port;
  }

  private static Tool tool() {
    Path built = Checkout.find().root().resolve(".tools/minio-" + VERSION);
    return Tool.find("JOBQUEUE_MINIO", "minio", built);
  }

  /**
   * Why MinIO cannot start here, if it cannot: for {@code assumeTrue}. While {@code ./jobqueue
   * test} is still building it (after the cluster's programs, in the same background build), waits
   * for that build first.
   */
  public static Optional<String> missing() throws InterruptedException {
    String status = System.getenv("JOBQUEUE_MINIO_STATUS");
    if (status != null && !status.isBlank()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
      while (!Files.exists(Path.of(status)) && System.nanoTime() < deadline) {
        Thread.sleep(1000); // the poll interval of a file another process writes
      }
    }
    Tool minio = tool();
    return minio.present()
        ? Optional.empty()
        : Optional.of(minio.missing() + " (MinIO; ./jobqueue test builds it with Go)");
  }

  /** Starts MinIO on a free port with its data in {@code dataDir}, once it answers as live. */
  public static MinioServer start(Path dataDir, Path logDir) throws Exception {
    Tool minio = tool();
    if (!minio.present()) {
      throw new IllegalStateException(minio.missing());
    }
    Files.createDirectories(dataDir);
    int port = FreePorts.next();
    int console = FreePorts.next();
    var env = new LinkedHashMap<String, String>();
    env.put("MINIO_ROOT_USER", USER);
    env.put("MINIO_ROOT_PASSWORD", PASSWORD);
    env.put("MINIO_BROWSER", "off");
    env.put("MINIO_UPDATE", "off");
    var command =
        List.of(
            minio.path(),
            "server",
            dataDir.toString(),
            "--address",
            "127.0.0.1:" + port,
            "--console-address",
            "127.0.0.1:" + console,
            "--quiet");
    var server = new MinioServer(command, Map.copyOf(env), logDir, port);
    try {
      server.run();
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void run() throws Exception {
    process = ChildProcess.start("minio", command, env, logDir);
    var http = HttpClient.newHttpClient();
    var live = HttpRequest.newBuilder(endpoint().resolve("/minio/health/live")).build();
    process.awaitReady(
        () -> http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200, START);
  }

  /** Stops the server (SIGTERM): the store is down until {@link #restart}. */
  public void stop() throws InterruptedException {
    process.terminate(Duration.ofSeconds(30));
  }

  /** Starts it again on the same port and data, once it answers as live. */
  public void restart() throws Exception {
    run();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Creates {@code bucket} (an existing one is fine). */
  public void createBucket(String bucket) {
    try (var store = store(bucket, "")) {
      var s3 = store.client();
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
        s3.createBucket(b -> b.bucket(bucket));
      }
    }
  }

  /** A client of {@code bucket}, every key under {@code prefix}. */
  public S3ObjectStore store(String bucket, String prefix) {
    return new S3ObjectStore(endpoint(), null, "us-east-1", true, USER, PASSWORD, bucket, prefix);
  }

  /** The {@code objectStore} configuration of our processes for {@code bucket}. */
  public ObjectStoreConfig config(String bucket) {
    return new ObjectStoreConfig()
        .bucket(bucket)
        .endpoint(endpoint().toString())
        .credentials(USER, PASSWORD);
  }

  /** The environment that configures our processes' object store on {@code bucket}. */
  public Map<String, String> environment(String bucket) {
    return Map.of(
        "OBJECT_STORE_BUCKET", bucket,
        "OBJECT_STORE_ENDPOINT", endpoint().toString(),
        "OBJECT_STORE_ACCESS_KEY_ID", USER,
        "OBJECT_STORE_SECRET_ACCESS_KEY", PASSWORD);
  }

  public ChildProcess process() {
    return process;
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
