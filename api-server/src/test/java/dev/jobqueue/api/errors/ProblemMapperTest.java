package dev.jobqueue.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProblemMapperTest {
  private static final ProblemMapper MAPPER = new ProblemMapper();

  private static Throwable fromTemporal(Status status) {
    return new WorkflowServiceException(
        WorkflowExecution.newBuilder().setWorkflowId("acme/job").build(),
        "EmailJob",
        new StatusRuntimeException(status));
  }

  static Stream<Arguments> pushBack() {
    return Stream.of(
        Arguments.of(fromTemporal(Status.RESOURCE_EXHAUSTED), 429),
        Arguments.of(new StatusRuntimeException(Status.RESOURCE_EXHAUSTED), 429),
        Arguments.of(fromTemporal(Status.UNAVAILABLE), 503),
        Arguments.of(fromTemporal(Status.DEADLINE_EXCEEDED), 503));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushBack")
  void answersTemporalPushingBackWithRetryAfter(Throwable e, int status) {
    Response response = MAPPER.toResponse(e);

    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(response.getHeaderString("Retry-After"))).isPositive();
  }

  @Test
  void answersAnythingUnexpectedWith500WithoutItsDetails() {
    Response response = MAPPER.toResponse(new IllegalStateException("secret internals"));

    assertThat(response.getStatus()).isEqualTo(500);
    var problem = (Problem) response.getEntity();
    assertThat(problem.detail()).doesNotContain("secret").contains("incident");
    assertThat(MAPPER.toResponse(fromTemporal(Status.PERMISSION_DENIED)).getStatus())
        .isEqualTo(500);
  }

  @Test
  void keepsOurOwnProblemEvenWhenWrapped() {
    var problem = ApiProblem.invalid("payload.to", "required");

    Response response = MAPPER.toResponse(new RuntimeException(new RuntimeException(problem)));

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(((Problem) response.getEntity()).errors())
        .containsExactly(new FieldError("payload.to", "required"));
  }
}
