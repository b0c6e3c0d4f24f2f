package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.schedule.FireRequest;
import dev.jobqueue.schedule.FiredJob;
import dev.jobqueue.schedule.ScheduleActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * A firing's job, submitted exactly as {@code POST /v1/jobs} submits one (the same rules, the same
 * starter: the tenant's work budget, coalescing, dead letters and status documents), under an id
 * derived from the firing, as if it came with an Idempotency-Key: a retried activity finds the job
 * its first try started.
 */
public final class ScheduleActivitiesImpl implements ScheduleActivities {
  private final ObjectMapper mapper;
  private final Submissions submissions;
  private final JobStarter starter;
  private final JobStatusReader reader;

  public ScheduleActivitiesImpl(
      ObjectMapper mapper, Submissions submissions, JobStarter starter, JobStatusReader reader) {
    this.mapper = mapper;
    this.submissions = submissions;
    this.starter = starter;
    this.reader = reader;
  }

  @Override
  public FiredJob submit(FireRequest request) {
    var fire = request.fire();
    var ref = new JobRef(JobIds.forScheduledFire(fire.tenant(), request.fireId()), fire.tenant());
    try {
      var submission = submissions.check(ref, mapper.readTree(fire.job()));
      var outcome = starter.submit(ref, submission, true);
      return new FiredJob(ref.jobId(), outcome.created());
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "schedule " + fire.scheduleId() + ": its job is not JSON: " + e.getOriginalMessage(),
          INVALID_JOB);
    } catch (ApiProblem problem) {
      if (problem.status() == 429 || problem.status() >= 500) {
        throw problem; // pushback: the activity's retry comes back later
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "schedule " + fire.scheduleId() + ": the job was refused: " + problem.getMessage(),
          INVALID_JOB);
    }
  }

  @Override
  public boolean ended(JobRef job) {
    try {
      JobStatus status = reader.read(job).status();
      return status.isTerminal() || status == JobStatus.DEAD_LETTERED;
    } catch (ApiProblem problem) {
      if (problem.status() == 404) {
        return true; // gone past the namespace's retention: it ended long ago
      }
      throw problem;
    }
  }
}
