package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import dev.jobqueue.schedule.ScheduledFire;
import dev.jobqueue.schedule.ScheduledFireWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each tenant's schedules as Temporal Schedules: the id {@code schedule/<tenant>/<id>}, so that one
 * tenant's id can never name another's schedule, and the {@code Tenant} search attribute, by which
 * the list is the tenant's own. The schedule's memo keeps its definition as the client gave it
 * (Temporal rewrites a cron into calendars) and its request's hash.
 */
public final class TenantSchedules {
  static final String DEFINITION_MEMO = "definition";
  static final String REQUEST_HASH_MEMO = "requestHash";
  private static final String PREFIX = "schedule/";
  private static final int COUNT_PAGE = 1000;

  /** A created schedule (201), or the one the same request created before (200). */
  public record Created(boolean created, ScheduleDocument schedule) {}

  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final ScheduleClient schedules;
  private final ObjectMapper mapper;
  private final ScheduleConfig config;
  private final DataConverter converter;

  public TenantSchedules(
      WorkflowClient client, TemporalConfig temporal, ObjectMapper mapper, ScheduleConfig config) {
    this.client = client;
    this.temporal = temporal;
    this.schedules =
        ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder().setNamespace(temporal.namespace()).build());
    this.mapper = mapper;
    this.config = config;
    this.converter = client.getOptions().getDataConverter();
  }

  static String temporalId(String tenant, String id) {
    return PREFIX + tenant + "/" + id;
  }

  /**
   * Creates the schedule; 200 with it when the same request made it before, 409 when another
   * request did (422 when its id came from an Idempotency-Key), 422 when the tenant has its most.
   */
  public Created create(String tenant, NewSchedule request, boolean keyed) {
    String id = temporalId(tenant, request.id());
    if (count(tenant) >= config.maxPerTenant()) {
      // a retry of a create that succeeded is still answered with what it made
      ScheduleDescription existing = find(tenant, request.id());
      if (existing == null) {
        throw ApiProblem.of(
            422,
            "schedule-limit-reached",
            "Too many schedules",
            "a tenant may have at most "
                + config.maxPerTenant()
                + " schedules; delete one before creating another");
      }
      return replay(tenant, request, existing, keyed);
    }
    try {
      schedules.createSchedule(id, schedule(tenant, request), options(tenant, request));
    } catch (ScheduleAlreadyRunningException e) {
      return replay(tenant, request, describe(tenant, request.id()), keyed);
    } catch (RuntimeException e) {
      // our rules are meant to be Temporal's; should one differ (a time zone its tzdata lacks),
      // the request is still the client's to fix
      String refusal = refusal(e);
      if (refusal != null) {
        throw ApiProblem.invalid("body", "Temporal refused the schedule: " + refusal);
      }
      throw e;
    }
    return new Created(true, document(tenant, request.id(), describe(tenant, request.id())));
  }

  private Created replay(
      String tenant, NewSchedule request, ScheduleDescription existing, boolean keyed) {
    Object hash = existing.getMemo(REQUEST_HASH_MEMO, String.class);
    if (request.requestHash().equals(hash)) {
      return new Created(false, document(tenant, request.id(), existing));
    }
    if (keyed) {
      throw ApiProblem.of(
          422,
          "idempotency-key-reused",
          "Idempotency-Key reused with a different request",
          "this Idempotency-Key already created a different schedule, "
              + request.id()
              + "; use a new key for a new schedule");
    }
    throw ApiProblem.of(
        409,
        "schedule-exists",
        "The schedule exists",
        "there is already a different schedule " + request.id() + "; delete it or pick another id");
  }

  public ScheduleDocument read(String tenant, String id) {
    return document(tenant, id, describe(tenant, id));
  }

  /** Pauses or resumes it; answers it as it is then. */
  public ScheduleDocument change(String tenant, String id, ScheduleChange change) {
    // never empty: Temporal reads an empty note as no change, and the SDK's default names the SDK
    String note =
        change.note() != null && !change.note().isEmpty()
            ? change.note()
            : change.paused() ? "paused" : "resumed";
    on(
        tenant,
        id,
        handle -> {
          if (change.paused()) {
            handle.pause(note);
          } else {
            handle.unpause(note);
          }
          return null;
        });
    return read(tenant, id);
  }

  /** Fires it now, whatever its overlap policy: the caller asked for this firing. */
  public void trigger(String tenant, String id) {
    on(
        tenant,
        id,
        handle -> {
          handle.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
          return null;
        });
  }

  /** Deletes it; the jobs it started are not touched. */
  public void delete(String tenant, String id) {
    on(
        tenant,
        id,
        handle -> {
          handle.delete();
          return null;
        });
  }

  /** A page of the tenant's schedules, as visibility has them (a moment behind). */
  public SchedulePage list(ScheduleListQuery query) {
    ListSchedulesResponse response;
    try {
      response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .listSchedules(
                  ListSchedulesRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setMaximumPageSize(query.pageSize())
                      .setNextPageToken(query.pageToken())
                      .setQuery(tenantIs(query.tenant()))
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && !query.pageToken().isEmpty()) {
        throw ApiProblem.invalid("pageToken", "is no longer valid; list again from the first page");
      }
      throw e;
    }
    var items = new ArrayList<ScheduleDocument>();
    String prefix = temporalId(query.tenant(), "");
    for (var entry : response.getSchedulesList()) {
      if (!entry.getScheduleId().startsWith(prefix)) {
        continue; // a schedule of ours with the tenant's attribute is always its own; be sure
      }
      String id = entry.getScheduleId().substring(prefix.length());
      var memo = entry.getMemo().getFieldsMap().get(DEFINITION_MEMO);
      var definition =
          definition(memo == null ? null : converter.fromPayload(memo, String.class, String.class));
      var info = entry.getInfo();
      var recent = new ArrayList<ScheduleDocument.Action>();
      for (var action : info.getRecentActionsList()) {
        if (action.hasStartWorkflowResult()) {
          recent.add(
              ScheduleDocument.action(
                  instant(action.getScheduleTime()),
                  instant(action.getActualTime()),
                  JobIds.forScheduledFire(
                      query.tenant(), action.getStartWorkflowResult().getWorkflowId())));
        }
      }
      items.add(
          document(
              id,
              definition,
              info.getPaused(),
              info.getNotes(),
              null,
              info.getFutureActionTimesList().stream().map(TenantSchedules::instant).toList(),
              recent,
              null));
    }
    String next =
        response.getNextPageToken().isEmpty()
            ? null
            : query.clientToken(response.getNextPageToken());
    return new SchedulePage(items, next);
  }

  /** How many schedules the tenant has, counted up to one past the most it may have. */
  private int count(String tenant) {
    int count = 0;
    ByteString token = ByteString.EMPTY;
    do {
      var response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .listSchedules(
                  ListSchedulesRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setMaximumPageSize(COUNT_PAGE)
                      .setNextPageToken(token)
                      .setQuery(tenantIs(tenant))
                      .build());
      count += response.getSchedulesCount();
      token = response.getNextPageToken();
    } while (!token.isEmpty() && count <= config.maxPerTenant());
    return count;
  }

  private static String tenantIs(String tenant) {
    // a tenant is letters, digits, '.', '_' and '-': nothing to escape
    return JobSearchAttributes.TENANT.getName() + " = '" + tenant + "'";
  }

  private ScheduleDescription describe(String tenant, String id) {
    return on(tenant, id, ScheduleHandle::describe);
  }

  /** The schedule's description; null if there is none. */
  private ScheduleDescription find(String tenant, String id) {
    try {
      return describe(tenant, id);
    } catch (ApiProblem notFound) {
      if (notFound.status() == 404) {
        return null;
      }
      throw notFound;
    }
  }

  /** {@code call} on the tenant's schedule {@code id}; 404 if it has none of that id. */
  private <T> T on(String tenant, String id, Function<ScheduleHandle, T> call) {
    if (!ScheduleRules.validId(id)) {
      throw notFound(id);
    }
    try {
      return call.apply(schedules.getHandle(temporalId(tenant, id)));
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRuntimeException grpc
            && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw notFound(id);
        }
      }
      throw e;
    }
  }

  /** Temporal's message when it refused the request as invalid; null for any other failure. */
  private static String refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        return grpc.getStatus().getDescription();
      }
    }
    return null;
  }

  private static ApiProblem notFound(String id) {
    return ApiProblem.of(
        404, "schedule-not-found", "No such schedule", "there is no schedule " + id);
  }

  private Schedule schedule(String tenant, NewSchedule request) {
    var definition = request.definition();
    var spec = ScheduleSpec.newBuilder().setTimeZoneName(definition.timeZone());
    if (definition.cron() != null) {
      spec.setCronExpressions(List.of(CronRules.forTemporal(definition.cron())));
    } else {
      spec.setIntervals(
          List.of(
              new ScheduleIntervalSpec(
                  Duration.parse(definition.interval()), Duration.parse(definition.offset()))));
    }
    var fire = new ScheduledFire(tenant, request.id(), json(request.job()));
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ScheduledFireWorkflow.class)
                .setArguments(fire)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // Temporal appends each firing's time: the firing's id, and its job's
                        .setWorkflowId(temporalId(tenant, request.id()))
                        .setTaskQueue(TaskQueues.CONTROL)
                        .build())
                .build())
        .setSpec(spec.build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(definition.overlap().temporal())
                .setCatchupWindow(Duration.parse(definition.catchupWindow()))
                .build())
        .setState(
            ScheduleState.newBuilder()
                .setPaused(request.paused())
                .setNote(request.paused() ? "created paused" : "")
                .build())
        .build();
  }

  private ScheduleOptions options(String tenant, NewSchedule request) {
    return ScheduleOptions.newBuilder()
        .setMemo(
            Map.of(
                DEFINITION_MEMO, json(request.definition()),
                REQUEST_HASH_MEMO, request.requestHash()))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder().set(JobSearchAttributes.TENANT, tenant).build())
        .build();
  }

  private ScheduleDocument document(String tenant, String id, ScheduleDescription d) {
    var definition = definition((String) d.getMemo(DEFINITION_MEMO, String.class));
    var state = d.getSchedule().getState();
    JsonNode job = null;
    if (d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow start) {
      job = tree(start.getArguments().get(0, ScheduledFire.class).job());
    }
    var recent = new ArrayList<ScheduleDocument.Action>();
    for (var action : d.getInfo().getRecentActions()) {
      if (action.getAction() instanceof ScheduleActionExecutionStartWorkflow started) {
        recent.add(
            ScheduleDocument.action(
                action.getScheduledAt(),
                action.getStartedAt(),
                JobIds.forScheduledFire(tenant, started.getWorkflowId())));
      }
    }
    return document(
        id,
        definition,
        state.isPaused(),
        state.getNote(),
        job,
        d.getInfo().getNextActionTimes(),
        recent,
        d.getInfo().getCreatedAt());
  }

  private static ScheduleDocument document(
      String id,
      ScheduleDefinition definition,
      boolean paused,
      String note,
      JsonNode job,
      List<Instant> next,
      List<ScheduleDocument.Action> recent,
      Instant createdAt) {
    return new ScheduleDocument(
        id,
        definition.cron(),
        definition.interval(),
        definition.offset(),
        definition.timeZone(),
        definition.overlap(),
        definition.catchupWindow(),
        paused,
        note == null || note.isEmpty() ? null : note,
        job,
        List.copyOf(next),
        List.copyOf(recent),
        createdAt,
        ScheduleDocument.links(id));
  }

  private ScheduleDefinition definition(String json) {
    if (json == null) {
      return new ScheduleDefinition(null, null, null, null, null, null);
    }
    try {
      return mapper.readValue(json, ScheduleDefinition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a schedule's memo is ours and always reads", e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record or tree always serialises", e);
    }
  }

  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a schedule's job is ours and always reads", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
