package dev.jobqueue.testing;

import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalClientSettings;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Temporal cluster as {@code ./jobqueue cluster} runs it, on free loopback ports: PostgreSQL (its
 * own fresh data directory), the Temporal schemas set up by the server's SQL tool, Temporal Server
 * (frontend, history, matching and worker in one process, {@code deploy/temporal/cluster.yaml} and
 * the dynamic config beside it) and the Temporal Web UI server, with the namespace and the search
 * attributes the dev server gets. The server can be killed and restarted, and PostgreSQL stopped
 * and started, under a running stack.
 *
 * <p>The programs come from {@code JOBQUEUE_TEMPORAL_SERVER_DIR} ({@code server}, {@code sql}),
 * {@code JOBQUEUE_TEMPORAL_UI_DIR} ({@code server}), {@code JOBQUEUE_TEMPORAL_SCHEMA_DIR} (the
 * server module's {@code schema} directory) and {@code JOBQUEUE_POSTGRES_BIN}; {@code ./jobqueue
 * test} sets them all. {@link #missing} says what is not there, for a skipped test's reason.
 *
 * <p>{@link #startWithMutualTls} runs the frontend with mutual TLS: certificates made for the run
 * ({@link TestCertificates}), a client certificate required of every caller (the cluster's own
 * system worker and UI included); {@link #clientEnvironment} is what a process needs to connect.
 */
public final class ClusterServer implements TemporalServer {
  public static final String NAMESPACE = "default";
  static final String SERVER_VERSION = "1.32.1";
  static final String UI_VERSION = "2.54.1";

  /** Ports the services use among themselves, from the base; the last is the metrics port. */
  private static final int INTERNAL_PORTS = 9;

  private static final Duration START = Duration.ofMinutes(2);

  private final Tools tools;
  private final Checkout checkout;
  private final Path logDir;
  private final Path postgresDir;
  private final int postgresPort;
  private final int port;
  private final int httpPort;
  private final int internalBase;
  private final int uiPort;
  private final TestCertificates certs;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private volatile ChildProcess postgres;
  private volatile ChildProcess server;
  private volatile ChildProcess ui;

  /** Where the cluster's programs are; {@link #problem} says which one is not. */
  record Tools(Path serverDir, Path uiDir, Path schemaDir, Path postgresBin) {
    static Tools find(Checkout checkout) {
      return new Tools(
          dir(
              "JOBQUEUE_TEMPORAL_SERVER_DIR",
              checkout.root().resolve(".tools/temporal-server-" + SERVER_VERSION)),
          dir(
              "JOBQUEUE_TEMPORAL_UI_DIR",
              checkout.root().resolve(".tools/temporal-ui-" + UI_VERSION)),
          dir(
              "JOBQUEUE_TEMPORAL_SCHEMA_DIR",
              moduleCache().resolve("go.temporal.io/server@v" + SERVER_VERSION + "/schema")),
          dir("JOBQUEUE_POSTGRES_BIN", debianPostgres()));
    }

    private static Path dir(String variable, Path otherwise) {
      String value = System.getenv(variable);
      return value == null || value.isBlank() ? otherwise : Path.of(value);
    }

    private static Path moduleCache() {
      String cache = System.getenv("GOMODCACHE");
      if (cache != null && !cache.isBlank()) {
        return Path.of(cache);
      }
      String gopath = System.getenv("GOPATH");
      return (gopath != null && !gopath.isBlank()
              ? Path.of(gopath)
              : Path.of(System.getProperty("user.home"), "go"))
          .resolve("pkg/mod");
    }

    /** Debian's newest PostgreSQL: {@code /usr/lib/postgresql/<version>/bin}. */
    private static Path debianPostgres() {
      Path root = Path.of("/usr/lib/postgresql");
      if (!Files.isDirectory(root)) {
        return root.resolve("none/bin");
      }
      try (Stream<Path> versions = Files.list(root)) {
        return versions
            .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(v -> number(v.getFileName().toString())))
            .orElse(root.resolve("none"))
            .resolve("bin");
      } catch (IOException e) {
        return root.resolve("none/bin");
      }
    }

    private static int number(String version) {
      try {
        return Integer.parseInt(version.replaceAll("\\..*", ""));
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    Optional<String> problem() {
      var missing = new ArrayList<String>();
      check(missing, serverDir.resolve("server"), "Temporal Server (JOBQUEUE_TEMPORAL_SERVER_DIR)");
      check(
          missing, serverDir.resolve("sql"), "Temporal's SQL tool (JOBQUEUE_TEMPORAL_SERVER_DIR)");
      check(missing, uiDir.resolve("server"), "the Temporal UI server (JOBQUEUE_TEMPORAL_UI_DIR)");
      if (!Files.isDirectory(schemaDir.resolve("postgresql/v12/temporal/versioned"))) {
        missing.add("Temporal's schema files (JOBQUEUE_TEMPORAL_SCHEMA_DIR): not in " + schemaDir);
      }
      check(missing, postgresBin.resolve("initdb"), "PostgreSQL (apt-get install postgresql)");
      if (missing.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "the Temporal cluster needs "
              + String.join("; ", missing)
              + "; ./jobqueue test builds and names them");
    }

    private static void check(List<String> missing, Path program, String what) {
      if (!Files.isExecutable(program)) {
        missing.add(what + ": no " + program);
      }
    }
  }

  /**
   * Why a cluster cannot start here, if it cannot: for {@code assumeTrue}. While {@code ./jobqueue
   * test} is still building the programs (it names the file the build's exit code goes to in {@code
   * JOBQUEUE_CLUSTER_TOOLS_STATUS}), waits for that build first.
   */
  public static Optional<String> missing() throws InterruptedException {
    String status = System.getenv("JOBQUEUE_CLUSTER_TOOLS_STATUS");
    if (status != null && !status.isBlank()) {
      long deadline = System.nanoTime() + BUILD.toNanos();
      while (!Files.exists(Path.of(status)) && System.nanoTime() < deadline) {
        Thread.sleep(1000); // the poll interval of a file another process writes
      }
    }
    return Tools.find(Checkout.find()).problem();
  }

  /** How long {@link #missing} waits for the launcher's build of the cluster's programs. */
  private static final Duration BUILD = Duration.ofMinutes(30);

  private ClusterServer(
      Tools tools, Checkout checkout, Path dataDir, Path logDir, boolean mutualTls)
      throws IOException, java.security.GeneralSecurityException {
    this.tools = tools;
    this.checkout = checkout;
    this.logDir = logDir;
    this.postgresDir = postgresDir(dataDir);
    this.postgresPort = FreePorts.below(FreePorts.TEMPORAL_LIMIT, 1);
    this.port = FreePorts.below(FreePorts.TEMPORAL_LIMIT, 1);
    this.httpPort = FreePorts.below(FreePorts.TEMPORAL_LIMIT, 1);
    this.internalBase = FreePorts.below(FreePorts.TEMPORAL_LIMIT, INTERNAL_PORTS);
    this.uiPort = FreePorts.below(FreePorts.TEMPORAL_LIMIT, 1);
    this.certs =
        mutualTls
            ? TestCertificates.create(dataDir.resolve("tls")).client("jobqueue").client("system")
            : null;
    // the connection our processes make, from the same variables, without the user's config file
    var env = new LinkedHashMap<>(clientEnvironment());
    env.put(
        "TEMPORAL_CONFIG_FILE",
        Files.writeString(dataDir.resolve("no-profiles.toml"), "").toString());
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            TemporalClientSettings.load(new TemporalConfig(null, null, null), env)
                .stubsOptions()
                .build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  /** A fresh cluster, its state under {@code dataDir}; a {@link TemporalServer.Factory}. */
  public static ClusterServer start(Path dataDir, Path logDir) throws Exception {
    return start(dataDir, logDir, false);
  }

  /**
   * A fresh cluster whose frontend requires mutual TLS; a {@link TemporalServer.Factory}. The
   * certificates are under {@code dataDir/tls}.
   */
  public static ClusterServer startWithMutualTls(Path dataDir, Path logDir) throws Exception {
    return start(dataDir, logDir, true);
  }

  private static ClusterServer start(Path dataDir, Path logDir, boolean mutualTls)
      throws Exception {
    var checkout = Checkout.find();
    var tools = Tools.find(checkout);
    tools
        .problem()
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
    Files.createDirectories(dataDir);
    var cluster = new ClusterServer(tools, checkout, dataDir.toAbsolutePath(), logDir, mutualTls);
    try {
      cluster.initPostgres();
      cluster.startPostgres();
      cluster.setupSchemas();
      cluster.startServer();
      cluster.registerNamespace();
      cluster.startUi();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user, in a
   * directory of its own in the temporary directory (the test's may be closed to other users).
   */
  private static Path postgresDir(Path dataDir) throws IOException {
    if (!root()) {
      return Files.createDirectories(dataDir.resolve("postgres"));
    }
    Path dir =
        Files.createTempDirectory(
            "jobqueue-postgres-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    var users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    return dir;
  }

  /** {@code command}, as the postgres user when we are root. */
  private static List<String> asPostgres(String... command) {
    var out = new ArrayList<String>();
    if (root()) {
      out.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    out.addAll(List.of(command));
    return out;
  }

  private String pg(String program) {
    return tools.postgresBin().resolve(program).toString();
  }

  private Path dataDirectory() {
    return postgresDir.resolve("data");
  }

  private void run(String what, List<String> command) throws IOException, InterruptedException {
    Path log = logDir.resolve("cluster-" + what + ".log");
    var run = Tool.run(command, Map.of(), 300, log);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          what + " failed (exit " + run.exitCode() + "):\n" + run.output());
    }
  }

  private void initPostgres() throws IOException, InterruptedException {
    // the temporal user owns everything; TCP by password, as the server connects
    Path pwfile = postgresDir.resolve("pwfile");
    Files.writeString(pwfile, "temporal\n");
    if (root()) {
      Files.setOwner(
          pwfile,
          pwfile.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
    }
    run(
        "initdb",
        asPostgres(
            pg("initdb"),
            "-D",
            dataDirectory().toString(),
            "-U",
            "temporal",
            "--pwfile=" + pwfile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"));
    Files.delete(pwfile);
  }

  /**
   * Starts PostgreSQL on its data directory and waits until it accepts connections: at the start,
   * and again after {@link #stopPostgres}.
   */
  public void startPostgres() throws IOException, InterruptedException {
    if (postgres != null && postgres.isAlive()) {
      throw new IllegalStateException("PostgreSQL is running; stop it first");
    }
    var command =
        asPostgres(
            pg("postgres"),
            "-D",
            dataDirectory().toString(),
            "-p",
            Integer.toString(postgresPort),
            "-k",
            postgresDir.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=200");
    postgres = ChildProcess.start("cluster-postgres", command, Map.of(), logDir);
    var ready =
        asPostgres(
            pg("pg_isready"),
            "-q",
            "-h",
            postgresDir.toString(),
            "-p",
            Integer.toString(postgresPort));
    postgres.awaitReady(() -> new ProcessBuilder(ready).start().waitFor() == 0, START);
  }

  /**
   * Stops PostgreSQL (a fast shutdown: open sessions are ended, as a database host's restart does)
   * and waits for it to exit; {@link #startPostgres} starts it again on the same data.
   */
  public void stopPostgres() throws IOException, InterruptedException {
    run(
        "pg_ctl",
        asPostgres(pg("pg_ctl"), "stop", "-D", dataDirectory().toString(), "-m", "fast", "-w"));
    if (!postgres.process().waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("PostgreSQL did not exit after pg_ctl stop");
    }
  }

  private void setupSchemas() throws IOException, InterruptedException {
    Path schemas = tools.schemaDir().resolve("postgresql/v12");
    for (var db : Map.of("temporal", "temporal", "temporal_visibility", "visibility").entrySet()) {
      List<String> sql =
          List.of(
              tools.serverDir().resolve("sql").toString(),
              "--plugin",
              "postgres12",
              "--endpoint",
              "127.0.0.1",
              "--port",
              Integer.toString(postgresPort),
              "--user",
              "temporal",
              "--password",
              "temporal",
              "--database",
              db.getKey());
      run("schema", concat(sql, "create-database"));
      run("schema", concat(sql, "setup-schema", "-v", "0.0"));
      run(
          "schema",
          concat(
              sql,
              "update-schema",
              "-d",
              schemas.resolve(db.getValue()).resolve("versioned").toString()));
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    var out = new ArrayList<>(head);
    out.addAll(List.of(tail));
    return out;
  }

  private Map<String, String> env() {
    var env = new LinkedHashMap<String, String>();
    env.put("TEMPORAL_PORT", Integer.toString(port));
    env.put("TEMPORAL_HTTP_PORT", Integer.toString(httpPort));
    env.put("TEMPORAL_INTERNAL_PORT_BASE", Integer.toString(internalBase));
    env.put("POSTGRES_PORT", Integer.toString(postgresPort));
    env.put(
        "TEMPORAL_DYNAMIC_CONFIG",
        checkout.root().resolve("deploy/temporal/dynamic-config.yaml").toString());
    env.put("TEMPORAL_UI_PORT", Integer.toString(uiPort));
    env.put("TEMPORAL_NAMESPACE", NAMESPACE);
    if (certs != null) {
      env.put("TEMPORAL_FRONTEND_TLS_CERT", certs.serverCert().toString());
      env.put("TEMPORAL_FRONTEND_TLS_KEY", certs.serverKey().toString());
      env.put("TEMPORAL_FRONTEND_TLS_CA", certs.caCert().toString());
      env.put("TEMPORAL_SYSTEM_WORKER_TLS_CERT", certs.cert("system").toString());
      env.put("TEMPORAL_SYSTEM_WORKER_TLS_KEY", certs.key("system").toString());
      env.put("TEMPORAL_UI_TLS_CA", certs.caCert().toString());
      env.put("TEMPORAL_UI_TLS_CERT", certs.cert("system").toString());
      env.put("TEMPORAL_UI_TLS_KEY", certs.key("system").toString());
    }
    return env;
  }

  private void startServer() throws IOException, InterruptedException {
    server =
        ChildProcess.start(
            "cluster-temporal",
            List.of(
                tools.serverDir().resolve("server").toString(),
                "--config-file",
                checkout.root().resolve("deploy/temporal/cluster.yaml").toString(),
                "--allow-no-auth",
                "start"),
            env(),
            logDir);
    server.awaitReady(
        () -> {
          stubs
              .blockingStub()
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return true;
        },
        START);
  }

  /** The namespace and the search attributes, as the dev server has them from the start. */
  private void registerNamespace() throws InterruptedException {
    server.awaitReady(
        () -> {
          stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .registerNamespace(
                  RegisterNamespaceRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setWorkflowExecutionRetentionPeriod(
                          com.google.protobuf.Duration.newBuilder()
                              .setSeconds(Duration.ofDays(3).toSeconds()))
                      .build());
          return true;
        },
        START);
    // the operator service on the same connection
    var operator = OperatorServiceGrpc.newBlockingStub(stubs.getRawChannel());
    Map<String, IndexedValueType> attributes = JobSearchAttributes.registrations();
    // the frontend learns of a new namespace from its cache, within seconds
    server.awaitReady(
        () -> {
          operator
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .putAllSearchAttributes(attributes)
                      .build());
          return true;
        },
        START);
    // ready once a query naming every attribute is accepted: the caches know them all
    var query = new ArrayList<String>();
    JobSearchAttributes.registrations()
        .forEach(
            (name, type) ->
                query.add(
                    type == IndexedValueType.INDEXED_VALUE_TYPE_DATETIME
                        ? name + " > '2000-01-01T00:00:00Z'"
                        : name + " = 'ready'"));
    server.awaitReady(
        () -> {
          stubs
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setPageSize(1)
                      .setQuery(String.join(" AND ", query))
                      .build());
          return true;
        },
        START);
  }

  private void startUi() throws IOException, InterruptedException {
    ui =
        ChildProcess.start(
            "cluster-temporal-ui",
            List.of(
                tools.uiDir().resolve("server").toString(),
                "--root",
                checkout.root().resolve("deploy/temporal").toString(),
                "--config",
                "ui",
                "--env",
                "cluster",
                "start"),
            env(),
            logDir);
    var http = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(URI.create(uiUrl().orElseThrow() + "/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    ui.awaitReady(
        () ->
            http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()
                == 200,
        START);
  }

  /**
   * SIGKILL to Temporal Server: a crash, nothing flushed, no goodbye to anyone. PostgreSQL keeps
   * what it had committed, for {@link #restart}.
   */
  public void kill() throws InterruptedException {
    server.kill();
  }

  /**
   * Starts the server again after {@link #kill}, on the same ports and database, and waits until it
   * answers: what a host's restart does. Clients reconnect on their own.
   */
  public void restart() throws IOException, InterruptedException {
    if (server.isAlive()) {
      throw new IllegalStateException("the server is still running; kill it first");
    }
    startServer();
  }

  /**
   * The client's side of the connection, as our processes read it: address and namespace, and with
   * mutual TLS the CA and the {@code jobqueue} client certificate and key.
   */
  @Override
  public Map<String, String> clientEnvironment() {
    var env = new LinkedHashMap<>(TemporalServer.super.clientEnvironment());
    if (certs != null) {
      env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.caCert().toString());
      env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", certs.cert("jobqueue").toString());
      env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", certs.key("jobqueue").toString());
    }
    return env;
  }

  /** The run's certificates, with mutual TLS. */
  public Optional<TestCertificates> certificates() {
    return Optional.ofNullable(certs);
  }

  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public Optional<String> uiUrl() {
    return Optional.of("http://127.0.0.1:" + uiPort);
  }

  @Override
  public URI metricsUrl() {
    return URI.create("http://127.0.0.1:" + (internalBase + INTERNAL_PORTS - 1) + "/metrics");
  }

  @Override
  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  @Override
  public WorkflowClient client() {
    return client;
  }

  @Override
  public Map<String, ProcessHandle> processes() {
    var all = new LinkedHashMap<String, ProcessHandle>();
    all.put("temporal", server.handle());
    all.put("postgres", postgres.handle());
    if (ui != null) {
      all.put("temporal-ui", ui.handle());
    }
    return all;
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    for (ChildProcess process : new ChildProcess[] {ui, server}) {
      if (process != null) {
        process.close();
      }
    }
    try {
      if (postgres != null && postgres.isAlive()) {
        stopPostgres();
      }
    } catch (IOException | RuntimeException e) {
      postgres.close();
    } catch (InterruptedException e) {
      postgres.close();
      Thread.currentThread().interrupt();
    }
    try {
      Directories.deleteTree(postgresDir);
    } catch (IOException e) {
      // a leftover data directory in the temporary directory; nothing to fail a test for
    }
  }
}
