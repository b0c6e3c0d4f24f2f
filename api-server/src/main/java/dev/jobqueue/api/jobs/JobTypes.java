package dev.jobqueue.api.jobs;

import dev.jobqueue.email.EmailBatchResult;
import dev.jobqueue.email.EmailBatchWorkflow;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.ReportWorkflow;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The job types this API serves, by the names clients use. A type the contracts know but the API
 * does not serve is refused like an unknown one, and its jobs are not shown, rather than
 * half-served.
 */
public final class JobTypes {
  static final Set<JobType> SERVED = EnumSet.of(JobType.EMAIL, JobType.EMAIL_BATCH, JobType.PDF);

  private JobTypes() {}

  public static Optional<JobType> byWireName(String name) {
    return SERVED.stream().filter(t -> t.wireName().equals(name)).findFirst();
  }

  /** "email, email-batch, pdf": for messages that list the choices. */
  public static String wireNames() {
    return SERVED.stream().map(JobType::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The type of a job whose workflow has no {@code JobType} search attribute yet (started by a
   * client other than this API, and not yet picked up), from the workflow type.
   */
  public static Optional<JobType> byWorkflowType(String workflowType) {
    return SERVED.stream()
        .filter(
            t ->
                POJOWorkflowInterfaceMetadata.newInstance(workflowInterface(t))
                    .getWorkflowType()
                    .filter(workflowType::equals)
                    .isPresent())
        .findFirst();
  }

  static Class<?> workflowInterface(JobType type) {
    return switch (type) {
      case EMAIL -> EmailWorkflow.class;
      case EMAIL_BATCH -> EmailBatchWorkflow.class;
      case PDF -> ReportWorkflow.class;
      default -> throw notServed(type);
    };
  }

  /** What the type's workflow returns. */
  public static Class<?> resultClass(JobType type) {
    return switch (type) {
      case EMAIL -> SendEmailResult.class;
      case EMAIL_BATCH -> EmailBatchResult.class;
      case PDF -> ReportResult.class;
      default -> throw notServed(type);
    };
  }

  static IllegalArgumentException notServed(JobType type) {
    return new IllegalArgumentException(type + " is not served by this API");
  }
}
