package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import dev.jobqueue.runtime.TemporalClientSettings;
import dev.jobqueue.runtime.TemporalConfig;
import dev.jobqueue.runtime.TemporalConnection;
import dev.jobqueue.runtime.TemporalHealthCheck;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection settings against a real TLS handshake: a gRPC server that requires a client
 * certificate signed by the test's CA, and answers only {@code GetSystemInfo} (what the health
 * check asks).
 */
class MutualTlsConnectionTest {
  @TempDir Path dir;

  private TestCertificates certs;
  private Server server;
  private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void startServer() throws Exception {
    certs = TestCertificates.create(dir.resolve("certs")).client("worker");
    var ssl =
        GrpcSslContexts.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
            .trustManager(certs.caCert().toFile())
            .clientAuth(ClientAuth.REQUIRE)
            .build();
    var service =
        new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void getSystemInfo(
              GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
            response.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("test").build());
            response.onCompleted();
          }
        };
    ServerInterceptor recordAuthorization =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String value =
                headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
            authorizations.add(value == null ? "none" : value);
            return next.startCall(call, headers);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(ssl)
            .addService(ServerInterceptors.intercept(service, recordAuthorization))
            .build()
            .start();
  }

  @AfterEach
  void stopServer() {
    server.shutdownNow();
  }

  private Map<String, String> env(String... pairs) throws Exception {
    var env = new HashMap<String, String>();
    env.put("TEMPORAL_CONFIG_FILE", Files.writeString(dir.resolve("t.toml"), "").toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + server.getPort());
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.caCert().toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private HealthCheck.Result health(Map<String, String> env) {
    var config = new TemporalConfig(env.get("TEMPORAL_ADDRESS"), null, null);
    var settings = TemporalClientSettings.load(config, env);
    var connection = new TemporalConnection(config, settings, new SimpleMeterRegistry());
    try {
      return new TemporalHealthCheck(connection).execute();
    } finally {
      connection.client().getWorkflowServiceStubs().shutdownNow();
    }
  }

  @Test
  void connectsWithTheClientCertificateAndSendsTheApiKey() throws Exception {
    var result =
        health(
            env(
                "TEMPORAL_TLS_CLIENT_CERT_PATH", certs.cert("worker").toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH", certs.key("worker").toString(),
                "TEMPORAL_API_KEY", "cloud-key"));

    assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
    assertThat(result.getMessage()).contains("mutual TLS with an API key");
    assertThat(authorizations).isNotEmpty().allMatch("Bearer cloud-key"::equals);
  }

  @Test
  void withoutAClientCertificateTheHealthCheckSaysTheServerRefused() throws Exception {
    var result = health(env());

    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage())
        .contains("(TLS) does not answer")
        .contains("UNAVAILABLE")
        .contains("TLS settings and credentials");
    assertThat(authorizations).isEmpty();
  }

  @Test
  void plaintextToATlsServerIsUnhealthy() throws Exception {
    var env = env();
    env.remove("TEMPORAL_TLS_SERVER_CA_CERT_PATH");
    var result = health(env);

    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage()).contains("(plaintext) does not answer");
  }

  @Test
  void serverNameOverridesTheHostChecked() throws Exception {
    var env =
        env(
            "TEMPORAL_ADDRESS",
            "localhost:" + server.getPort(),
            "TEMPORAL_TLS_CLIENT_CERT_PATH",
            certs.cert("worker").toString(),
            "TEMPORAL_TLS_CLIENT_KEY_PATH",
            certs.key("worker").toString(),
            "TEMPORAL_TLS_SERVER_NAME",
            "not-in-the-certificate.example");

    var result = health(env);

    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage()).contains("mutual TLS");
  }
}
