package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.GroupedJobs;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.ReportFiles;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.report.ReportResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** A finished job's artifact: the PDF of a report, the delivery result of an email. */
@Path("/v1/jobs/{jobId}/result")
@Authenticated
public final class JobResultResource {
  public static final String PDF = "application/pdf";

  private final JobStatusReader reader;
  private final ReportFiles reports;
  private final TemporalDeadline deadline;

  public JobResultResource(JobStatusReader reader, ReportFiles reports, TemporalDeadline deadline) {
    this.reader = reader;
    this.reports = reports;
    this.deadline = deadline;
  }

  @GET
  @Produces({PDF, MediaType.APPLICATION_JSON})
  public Response result(@Context SecurityContext security, @PathParam("jobId") String jobId) {
    var ref = new JobRef(jobId, Tenant.of(security));
    return deadline.within(() -> artifact(ref));
  }

  private Response artifact(JobRef ref) {
    String jobId = ref.jobId();
    if (reader.resolve(ref) instanceof GroupedJobs.GroupedJob grouped) {
      var document = reader.read(grouped.ref());
      if (document.status() != JobStatus.SUCCEEDED) {
        throw notSucceeded(jobId, document.status());
      }
      return Response.ok(document.result(), MediaType.APPLICATION_JSON).build();
    }
    var job = reader.describe(ref);
    JobStatus status = job.status(reader.now());
    if (job.isOpen() || status != JobStatus.SUCCEEDED) {
      throw notSucceeded(jobId, status);
    }
    Object result = reader.result(job);
    if (result instanceof ReportResult report) {
      var response =
          switch (reports.download(report, jobId + ".pdf")) {
            // the URL carries its own credentials and expiry: no cache may keep it
            case ReportFiles.Redirect redirect ->
                Response.status(Response.Status.FOUND)
                    .location(redirect.location())
                    .header("Cache-Control", "no-store");
            case ReportFiles.LocalFile file ->
                pdf(Response.ok(file.file().toFile(), PDF), jobId, report);
            case ReportFiles.Bytes bytes -> pdf(Response.ok(bytes.in(), PDF), jobId, report);
          };
      return response.build();
    }
    return Response.ok(result, MediaType.APPLICATION_JSON).build();
  }

  private static Response.ResponseBuilder pdf(
      Response.ResponseBuilder response, String jobId, ReportResult report) {
    response.header("Content-Disposition", "attachment; filename=\"" + jobId + ".pdf\"");
    if (report.sha256() != null) {
      response.tag(new EntityTag(report.sha256()));
    }
    return response;
  }

  private static ApiProblem notSucceeded(String jobId, JobStatus status) {
    return ApiProblem.of(
        409,
        "job-not-succeeded",
        "The job has no result",
        "job " + jobId + " is " + status + "; its result exists once it has SUCCEEDED");
  }
}
