package dev.jobqueue.api.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.api.jobs.JobTypes;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reads dead letters from visibility records: the search attributes say whose job of which type,
 * the memo holds the dead letter and the original request. A record that is not one of the tenant's
 * jobs of a served type is skipped, whatever its attributes claim.
 */
final class DeadLetterRecords {
  private final DataConverter converter;
  private final TemporalConfig temporal;

  DeadLetterRecords(DataConverter converter, TemporalConfig temporal) {
    this.converter = converter;
    this.temporal = temporal;
  }

  /** The job behind {@code info} if it is one of {@code tenant}'s. */
  Optional<ParkedJob> job(String tenant, WorkflowExecutionInfo info) {
    String prefix = tenant + "/";
    String workflowId = info.getExecution().getWorkflowId();
    var attributes = new WorkflowExecutionMetadata(info, converter).getTypedSearchAttributes();
    var type = JobTypes.byWireName(attributes.get(JobSearchAttributes.JOB_TYPE));
    if (!workflowId.startsWith(prefix) || type.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ParkedJob(new JobRef(workflowId.substring(prefix.length()), tenant), type.get()));
  }

  /** The dead letter {@code info} records, if it is one of {@code tenant}'s jobs. */
  Optional<DeadLetterItem> item(String tenant, WorkflowExecutionInfo info) {
    return job(tenant, info).map(job -> item(job, new WorkflowExecutionMetadata(info, converter)));
  }

  private DeadLetterItem item(ParkedJob job, WorkflowExecutionMetadata metadata) {
    var attributes = metadata.getTypedSearchAttributes();
    var letter = memo(metadata, DeadLetter.MEMO_KEY, DeadLetter.class);
    JsonNode request = memo(metadata, JobMemo.REQUEST, JsonNode.class);
    OffsetDateTime parkedAt = attributes.get(JobSearchAttributes.DEAD_LETTERED_AT);
    // the memo and the attributes are written by the same workflow task; the memo is fuller
    Instant deadLetteredAt =
        letter != null && instant(letter.deadLetteredAt()) != null
            ? instant(letter.deadLetteredAt())
            : parkedAt == null ? null : parkedAt.toInstant();
    String errorType =
        letter != null && letter.errorType() != null
            ? letter.errorType()
            : attributes.get(JobSearchAttributes.ERROR_TYPE);
    return new DeadLetterItem(
        job.ref().jobId(),
        job.type().wireName(),
        errorType,
        letter == null ? null : letter.message(),
        letter == null ? List.of() : letter.attempts(),
        deadLetteredAt,
        letter == null ? null : instant(letter.expiresAt()),
        letter == null ? 0 : letter.redrives(),
        request == null || !request.isObject() ? null : withoutNulls(request),
        DeadLetterLinks.of(job.ref(), temporal));
  }

  /** When {@code info}'s job was parked, from its search attribute; null if it has none. */
  Instant deadLetteredAt(WorkflowExecutionInfo info) {
    OffsetDateTime at =
        new WorkflowExecutionMetadata(info, converter)
            .getTypedSearchAttributes()
            .get(JobSearchAttributes.DEAD_LETTERED_AT);
    return at == null ? null : at.toInstant();
  }

  /**
   * The canonical request spells every absent field as null; without them it reads as the client
   * wrote it, and can be sent to POST /v1/jobs again (which refuses explicit nulls).
   */
  static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var out = object.objectNode();
      object
          .properties()
          .forEach(
              field -> {
                if (!field.getValue().isNull()) {
                  out.set(field.getKey(), withoutNulls(field.getValue()));
                }
              });
      return out;
    }
    if (node instanceof ArrayNode array) {
      var out = array.arrayNode();
      array.forEach(element -> out.add(withoutNulls(element)));
      return out;
    }
    return node;
  }

  private static <T> T memo(WorkflowExecutionMetadata metadata, String key, Class<T> type) {
    try {
      return metadata.getMemo(key, type, type);
    } catch (DataConverterException e) {
      return null; // written by something else than our workflows: shown without it
    }
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
