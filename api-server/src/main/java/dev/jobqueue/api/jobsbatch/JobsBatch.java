package dev.jobqueue.api.jobsbatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.ProblemMapper;
import dev.jobqueue.api.http.BodyLimitFilter;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the jobs of one {@code POST /v1/jobs:batch}, each exactly as {@code POST /v1/jobs} starts
 * one: the same checks, ids and starter, so that emails among them are coalesced like any others.
 * Up to {@link #IN_FLIGHT} at once, each on a virtual thread with its own Temporal deadline. Each
 * job is answered on its own; one refused does not stop the others.
 */
public final class JobsBatch {
  /** Jobs under way at once: a batch is a burst, but one request does not take all of Temporal. */
  static final int IN_FLIGHT = 64;

  private static final String IDEMPOTENCY_KEY = "idempotencyKey";

  private final Submissions submissions;
  private final JobIds ids;
  private final JobStarter starter;

  public JobsBatch(Submissions submissions, JobIds ids, JobStarter starter) {
    this.submissions = submissions;
    this.ids = ids;
    this.starter = starter;
  }

  /** Each job's answer, in the order of {@code items}. */
  public JobsBatchResults submit(String tenant, List<JobsBatchReader.Item> items) {
    var results = new JobsBatchResults.Result[items.size()];
    var next = new AtomicInteger();
    var pushback = new AtomicReference<ApiProblem>();
    var workers = new ArrayList<Future<?>>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < Math.min(IN_FLIGHT, items.size()); w++) {
        workers.add(
            threads.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < items.size()) {
                    results[i] = one(tenant, i, items.get(i), pushback);
                  }
                }));
      }
    }
    for (Future<?> worker : workers) {
      await(worker);
    }
    return new JobsBatchResults(List.of(results));
  }

  private JobsBatchResults.Result one(
      String tenant, int index, JobsBatchReader.Item item, AtomicReference<ApiProblem> pushback) {
    String path = "jobs[" + index + "]";
    try {
      if (item.bytes() > BodyLimitFilter.MAX_BODY_BYTES) {
        return JobsBatchResults.Result.of(BodyLimitFilter.jobTooLarge());
      }
      JsonNode request = item.request();
      String key = takeKey(request);
      var ref = new JobRef(key == null ? ids.random() : JobIds.forKey(tenant, key), tenant);
      var submission = submissions.check(ref, request);
      ApiProblem earlier = pushback.get();
      if (earlier != null) {
        // Temporal is down or shedding load: the rest would only wait out the same deadline
        return JobsBatchResults.Result.of(
            earlier.withDetail(
                "not tried: Temporal did not answer or shed load for an earlier job of this"
                    + " request, so nothing was started for this one. Retry it later (with its"
                    + " idempotencyKey)."));
      }
      return JobsBatchResults.Result.of(starter.submit(ref, submission, key != null));
    } catch (RuntimeException e) {
      // the one mapping every answer of the API goes through, for this job alone
      ApiProblem problem = ProblemMapper.problem(e);
      if (problem.isTemporalPushback()) {
        pushback.compareAndSet(null, problem);
      }
      return JobsBatchResults.Result.of(problem.under(path));
    }
  }

  /**
   * The job's {@code idempotencyKey}, taken out of its request (which is otherwise exactly what
   * {@code POST /v1/jobs} takes); null if it has none. 400 for a key the header's rules refuse.
   */
  private static String takeKey(JsonNode request) {
    if (!(request instanceof ObjectNode object) || !object.has(IDEMPOTENCY_KEY)) {
      return null;
    }
    JsonNode key = object.remove(IDEMPOTENCY_KEY);
    if (key.isNull()) {
      throw ApiProblem.invalid(IDEMPOTENCY_KEY, "must not be null; leave the field out instead");
    }
    if (!key.isTextual()) {
      throw ApiProblem.invalid(IDEMPOTENCY_KEY, "must be a string");
    }
    if (!JobIds.validKey(key.asText())) {
      throw ApiProblem.invalid(IDEMPOTENCY_KEY, JobIds.KEY_RULE);
    }
    return key.asText();
  }

  private static void await(Future<?> worker) {
    try {
      worker.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting a batch of jobs", e);
    } catch (ExecutionException e) {
      // not a job's failure (each is answered): a bug, or an Error
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
