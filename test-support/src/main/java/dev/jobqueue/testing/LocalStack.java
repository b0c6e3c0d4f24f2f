package dev.jobqueue.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole product on this machine as {@code ./jobqueue dev} runs it, each part its own process on
 * free ports: a Temporal server, an SMTP server (the dev-smtp jar, or one the caller runs), both
 * fleets and the API, configured through their environment variables only, with an API key for one
 * tenant. Built with {@link #in}; stopped by {@link #close}.
 */
public final class LocalStack implements AutoCloseable {
  private final Checkout checkout;
  private final Path dir;
  private final Path logDir;
  private final Integer smtpPort;
  private final String tenant;
  private final Map<App, String> heaps;
  private final Map<String, String> overrides;
  private final TemporalServer temporal;
  private final String apiKey;
  private final Map<String, String> moreKeys = new LinkedHashMap<>();
  private final int apiPort = FreePorts.next();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<JarProcess> processes = new ArrayList<>();
  private final boolean disksApart;

  private LocalStack(Builder options, TemporalServer temporal) {
    this.checkout = options.checkout;
    this.dir = options.dir;
    this.logDir = options.logDir;
    this.smtpPort = options.smtpPort;
    this.tenant = options.tenant;
    this.heaps = Map.copyOf(options.heaps);
    this.overrides = Map.copyOf(options.env);
    this.disksApart = options.disksApart;
    this.temporal = temporal;
    this.apiKey = key(tenant);
    options.moreTenants.forEach(t -> moreKeys.put(t, key(t)));
  }

  private static String key(String tenant) {
    return "jq_" + tenant + "_" + UUID.randomUUID();
  }

  /** A stack keeping its state (Temporal's database, stores, mail) under {@code dir}. */
  public static Builder in(Checkout checkout, Path dir) {
    return new Builder(checkout, dir);
  }

  /** What the stack is made of; every setting has the default {@code ./jobqueue dev} would use. */
  public static final class Builder {
    private final Checkout checkout;
    private final Path dir;
    private Path logDir;
    private TemporalServer.Factory temporal = DevServer::start;
    private Integer smtpPort;
    private String tenant = "acme";
    private final List<String> moreTenants = new ArrayList<>();
    private final Map<App, String> heaps = new EnumMap<>(App.class);
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean disksApart;

    private Builder(Checkout checkout, Path dir) {
      this.checkout = checkout;
      this.dir = dir.toAbsolutePath();
      this.logDir = this.dir.resolve("logs");
      for (App app : App.values()) {
        heaps.put(app, app.defaultHeap());
      }
    }

    /** Where every process's log goes ({@code <dir>/logs} by default). */
    public Builder logDir(Path logDir) {
      this.logDir = logDir.toAbsolutePath();
      return this;
    }

    /** The Temporal server to run against: the dev server by default. */
    public Builder temporal(TemporalServer.Factory temporal) {
      this.temporal = temporal;
      return this;
    }

    /** Send mail to the SMTP server the caller runs on this port, instead of starting dev-smtp. */
    public Builder smtpPort(int port) {
      this.smtpPort = port;
      return this;
    }

    /** The tenant the stack's API key belongs to ({@code acme} by default). */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** More tenants with a key each, beside {@link #tenant}'s: {@link LocalStack#api(String)}. */
    public Builder moreTenants(String... tenants) {
      moreTenants.addAll(List.of(tenants));
      return this;
    }

    /** One heap cap for every one of our processes, instead of {@link App#defaultHeap}. */
    public Builder heap(String maxHeap) {
      heaps.replaceAll((app, heap) -> maxHeap);
      return this;
    }

    /** Environment variables for every process, over the stack's own (a limit, a timeout). */
    public Builder env(Map<String, String> overrides) {
      env.putAll(overrides);
      return this;
    }

    /**
     * Reports and staged batches in an object store ({@code OBJECT_STORE_*} variables in {@code
     * env}), and no directory shared between processes: each process gets its own report and batch
     * directories (for scratch), as on separate hosts.
     */
    public Builder objectStore(Map<String, String> objectStoreEnv) {
      env.putAll(objectStoreEnv);
      disksApart = true;
      return this;
    }

    /** Clears what an earlier stack left under the directory, then starts everything. */
    public LocalStack start() throws Exception {
      for (String sub : List.of("temporal", "reports", "batches", "mail", "hosts")) {
        Directories.deleteTree(dir.resolve(sub));
      }
      var stack = new LocalStack(this, temporal.start(dir.resolve("temporal"), logDir));
      try {
        stack.startProcesses();
        return stack;
      } catch (Exception | Error e) {
        stack.close();
        throw e;
      }
    }
  }

  private void startProcesses() throws Exception {
    int smtp = smtpPort != null ? smtpPort : FreePorts.next();
    if (smtpPort == null) {
      processes.add(
          JarProcess.startPlain(
              checkout,
              "dev-smtp",
              List.of(Integer.toString(smtp), mailDir().toString()),
              smtp,
              logDir));
    }
    env.putAll(temporal.clientEnvironment());
    temporal.uiUrl().ifPresent(url -> env.put("TEMPORAL_UI_URL", url));
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(smtp));
    env.put("REPORT_STORE_DIR", reportDir().toString());
    env.put("BATCH_STORE_DIR", batchDir().toString());
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("DEV_TENANT", tenant);
    env.put("DEV_API_KEY_SHA256", sha256(apiKey));
    if (!moreKeys.isEmpty()) {
      var keys = new ArrayList<String>();
      for (var key : moreKeys.entrySet()) {
        keys.add(key.getKey() + "=" + sha256(key.getValue()));
      }
      env.put("API_KEYS", String.join(",", keys));
    }
    env.putAll(overrides);
    // side by side: each JVM's start-up is mostly its own, so the stack is up sooner
    var starting = new ArrayList<JarProcess>();
    for (App app : List.of(App.WORKER_EMAIL, App.WORKER_PDF, App.API_SERVER)) {
      var process = launch(app);
      processes.add(process);
      starting.add(process);
    }
    for (JarProcess process : starting) {
      process.awaitHealthy();
    }
  }

  private JarProcess launch(App app) throws Exception {
    return launch(app, env);
  }

  private JarProcess launch(App app, Map<String, String> processEnv) throws Exception {
    if (disksApart) {
      // a directory of the process's own, as on its own host: scratch space, never shared
      var own = new LinkedHashMap<>(processEnv);
      Path disk = dir.resolve("hosts").resolve(app.module() + "-" + processes.size());
      own.put("REPORT_STORE_DIR", disk.resolve("reports").toString());
      own.put("BATCH_STORE_DIR", disk.resolve("batches").toString());
      processEnv = own;
    }
    return JarProcess.launch(checkout, app, processEnv, heaps.get(app), logDir);
  }

  /** Starts (another) {@code app} process with the stack's configuration, once it is healthy. */
  public JarProcess start(App app) throws Exception {
    var process = launch(app);
    processes.add(process);
    process.awaitHealthy();
    return process;
  }

  /**
   * Starts another {@code app} process with {@code extra} over the stack's environment (another
   * port, another limit), once it is healthy. It is closed with the stack, or earlier by the
   * caller.
   */
  public JarProcess start(App app, Map<String, String> extra) throws Exception {
    var withExtra = new LinkedHashMap<>(env);
    withExtra.putAll(extra);
    var process = launch(app, withExtra);
    processes.add(process);
    process.awaitHealthy();
    return process;
  }

  /** Every {@code app} process the stack started, oldest first (stopped ones included). */
  public List<JarProcess> processes(App app) {
    return processes.stream().filter(p -> p.name().equals(app.module())).toList();
  }

  /** The {@code app} process started last. */
  public JarProcess process(App app) {
    return processes.reversed().stream()
        .filter(p -> p.name().equals(app.module()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Every process of the stack by name, Temporal's included; a name started again is its latest
   * process.
   */
  public Map<String, ProcessHandle> processes() {
    var all = new LinkedHashMap<>(temporal.processes());
    processes.forEach(p -> all.put(p.name(), p.handle()));
    return all;
  }

  public TemporalServer temporal() {
    return temporal;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public String apiKey() {
    return apiKey;
  }

  /** The API key of {@code tenant}, one of {@link Builder#moreTenants} or the stack's. */
  public String apiKey(String tenant) {
    String key = tenant.equals(this.tenant) ? apiKey : moreKeys.get(tenant);
    if (key == null) {
      throw new IllegalArgumentException("the stack has no key for tenant " + tenant);
    }
    return key;
  }

  public String tenant() {
    return tenant;
  }

  /** A client with the stack's key. */
  public ApiClient api() {
    return new ApiClient(apiUrl(), apiKey, tenant);
  }

  /** A client with the key of {@code tenant}, one of {@link Builder#moreTenants} or the stack's. */
  public ApiClient api(String tenant) {
    if (tenant.equals(this.tenant)) {
      return api();
    }
    String key = moreKeys.get(tenant);
    if (key == null) {
      throw new IllegalArgumentException("the stack has no key for tenant " + tenant);
    }
    return new ApiClient(apiUrl(), key, tenant);
  }

  /** Where dev-smtp writes what it accepts, one {@code .eml} file a message. */
  public Path mailDir() {
    return dir.resolve("mail");
  }

  public Path reportDir() {
    return dir.resolve("reports");
  }

  public Path batchDir() {
    return dir.resolve("batches");
  }

  public Path logDir() {
    return logDir;
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Our processes last started first, then Temporal. */
  @Override
  public void close() {
    for (JarProcess process : processes.reversed()) {
      process.close();
    }
    temporal.close();
  }
}
