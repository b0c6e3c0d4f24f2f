package dev.jobqueue.email;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.runtime.AttemptReporter;
import dev.jobqueue.store.BatchStore;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Not a test: sends one {@code email-batch} job through a real Temporal dev server ({@code
 * temporal} on the PATH), this fleet's workflow and chunk activity, into a discarding SMTP sink,
 * all on this machine, and prints emails per second.
 *
 * <pre>
 * java ... dev.jobqueue.email.BulkThroughput [recipients=100000] [chunkSize=1000] [poolSize=32]
 * </pre>
 */
public final class BulkThroughput {
  private BulkThroughput() {}

  public static void main(String[] args) throws Exception {
    int recipients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int chunkSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("bulk-throughput");
    int temporalPort = freePort();
    Process temporal =
        new ProcessBuilder(
                "temporal",
                "server",
                "start-dev",
                "--headless",
                "--port",
                Integer.toString(temporalPort),
                "--ui-port",
                Integer.toString(freePort()),
                "--http-port",
                Integer.toString(freePort()),
                "--metrics-port",
                Integer.toString(freePort()),
                "--log-level",
                "error",
                "--search-attribute",
                "JobType=Keyword",
                "--search-attribute",
                "Tenant=Keyword",
                "--search-attribute",
                "JobStatus=Keyword",
                "--search-attribute",
                "ErrorType=Keyword")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("temporal.log").toFile())
            .start();
    try (var sink = new Sink()) {
      var service =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + temporalPort)
                  .build(),
              Duration.ofSeconds(30));
      var client = WorkflowClient.newInstance(service);
      var factory =
          WorkerFactory.newInstance(
              client,
              WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(new AttemptReporter(Clock.systemUTC()))
                  .build());
      // as worker-email/config.yml sets the fleet
      var worker =
          factory.newWorker(
              TaskQueues.EMAIL,
              WorkerOptions.newBuilder()
                  .setMaxConcurrentActivityExecutionSize(200)
                  .setUsingVirtualThreadsOnActivityWorker(true)
                  .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
                  .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(5))
                  .build());
      worker.registerWorkflowImplementationTypes(
          WorkflowImplementationOptions.newBuilder()
              .setActivityOptions(Map.of("SendEmailChunk", JobActivityOptions.SEND_EMAIL_CHUNK))
              .build(),
          EmailBatchWorkflowImpl.class);
      var smtp =
          SmtpConfig.openRelay("127.0.0.1", sink.port(), "Bench <bench@example.com>")
              .withPoolSize(poolSize);
      var store = new BatchStore(dir.resolve("batches"));
      try (var pool = new SmtpTransportPool(smtp)) {
        worker.registerActivitiesImplementations(
            new EmailBatchActivitiesImpl(store, smtp, pool, 12));
        factory.start();

        var template =
            new MessageTemplate(
                null,
                null,
                "Statement for {{name}}",
                "Dear {{name}}, your balance is {{amount}}.",
                null,
                null);
        // a first, smaller batch warms the JIT up, so the number below is the steady state
        run(client, store, template, "warmup", Math.min(recipients, 20_000), chunkSize);
        sink.reset();
        long stagingStarted = System.nanoTime();
        var job = new JobRef("bench-" + System.currentTimeMillis(), "bench");
        var manifest = store.stage(job, template, items(recipients), chunkSize);
        long started = System.nanoTime();
        EmailBatchResult result = send(client, manifest);
        double seconds = (System.nanoTime() - started) / 1e9;

        long duplicates = sink.perRecipient.values().stream().filter(n -> n.get() > 1).count();
        System.out.printf(
            "staged %d recipients in %.2f s; sent %d in %.2f s: %.0f emails/s (%d cores, pool %d,"
                + " chunk %d); sink saw %d messages, %d distinct recipients, %d duplicated%n",
            recipients,
            (started - stagingStarted) / 1e9,
            result.accepted(),
            seconds,
            result.accepted() / seconds,
            Runtime.getRuntime().availableProcessors(),
            poolSize,
            chunkSize,
            sink.messages.get(),
            sink.perRecipient.size(),
            duplicates);
        factory.shutdownNow();
      }
    } finally {
      temporal.destroy();
    }
  }

  private static void run(
      WorkflowClient client,
      BatchStore store,
      MessageTemplate template,
      String name,
      int recipients,
      int chunkSize)
      throws IOException {
    send(
        client,
        store.stage(
            new JobRef(name + "-" + System.currentTimeMillis(), "bench"),
            template,
            items(recipients),
            chunkSize));
  }

  private static EmailBatchResult send(
      WorkflowClient client, dev.jobqueue.batch.BatchManifest manifest) {
    var workflow =
        client.newWorkflowStub(
            EmailBatchWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(manifest.job().workflowId())
                .setTaskQueue(TaskQueues.EMAIL)
                .build());
    return workflow.send(new EmailBatchJob(manifest.job(), manifest));
  }

  private static java.util.Iterator<BatchItem> items(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                BatchItem.templated(
                    i,
                    "user" + i + "@example.org",
                    Map.of("name", "User " + i, "amount", i + ".00")))
        .iterator();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** An SMTP server that takes every message and keeps only counts. */
  private static final class Sink implements AutoCloseable {
    final AtomicInteger messages = new AtomicInteger();
    final Map<String, AtomicInteger> perRecipient = new ConcurrentHashMap<>();
    private final ServerSocket server;

    Sink() throws IOException {
      server = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    void reset() {
      messages.set(0);
      perRecipient.clear();
    }

    private void accept() {
      try {
        while (true) {
          Socket socket = server.accept();
          Thread.ofVirtual().start(() -> serve(socket));
        }
      } catch (IOException closed) {
        // close() ends the loop
      }
    }

    private void serve(Socket socket) {
      try (socket) {
        socket.setTcpNoDelay(true);
        var in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1),
                1 << 16);
        OutputStream out = socket.getOutputStream();
        reply(out, "220 sink ESMTP");
        String recipient = null;
        for (String line; (line = in.readLine()) != null; ) {
          String verb =
              line.length() < 4 ? line : line.substring(0, 4).toUpperCase(java.util.Locale.ROOT);
          switch (verb) {
            case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
            case "RCPT" -> {
              recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
              reply(out, "250 2.1.5 OK");
            }
            case "DATA" -> {
              reply(out, "354 go ahead");
              while ((line = in.readLine()) != null && !line.equals(".")) {
                // discarded
              }
              messages.incrementAndGet();
              perRecipient.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
              reply(out, "250 2.0.0 queued");
            }
            case "QUIT" -> {
              reply(out, "221 bye");
              return;
            }
            default -> reply(out, "250 OK");
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static void reply(OutputStream out, String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
