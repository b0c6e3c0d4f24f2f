package dev.jobqueue.api.http;

import dev.jobqueue.api.errors.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses bodies over the limit with 413 before they are read into memory: at once when the {@code
 * Content-Length} says so, otherwise (chunked) as soon as the stream passes the limit.
 *
 * <p>Every body is held to 1 MiB, except a job submission, which may be an {@code email-batch} of
 * up to 100,000 recipients: it is let in under {@code maxBatchBodyBytes}, and its reader narrows
 * that to 1 MiB ({@link BodyLimit#limitToDefault()}) as soon as the job's {@code type} says it is
 * not a batch. The type can only be known by reading, hence the two steps. A request to start many
 * jobs ({@code POST /v1/jobs:batch}) is held to {@code maxJobsBatchBodyBytes}, each of its jobs to
 * 1 MiB by its reader.
 */
@PreMatching
@Priority(Priorities.ENTITY_CODER)
public final class BodyLimitFilter implements ContainerRequestFilter {
  /** The spec's limit for any request body. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** A 100,000-recipient batch is 5 to 8 MB of JSON. */
  public static final long DEFAULT_MAX_BATCH_BODY_BYTES = 16L * 1024 * 1024;

  /** 1,000 emails of 16 KiB each: far more than a transactional email takes. */
  public static final long DEFAULT_MAX_JOBS_BATCH_BODY_BYTES = 16L * 1024 * 1024;

  private static final String PROPERTY = BodyLimit.class.getName();
  private static final String SUBMISSIONS = "v1/jobs";
  private static final String MANY_SUBMISSIONS = "v1/jobs:batch";

  private final long maxBatchBodyBytes;
  private final long maxJobsBatchBodyBytes;

  public BodyLimitFilter(long maxBatchBodyBytes, long maxJobsBatchBodyBytes) {
    this.maxBatchBodyBytes = Math.max(MAX_BODY_BYTES, maxBatchBodyBytes);
    this.maxJobsBatchBodyBytes = Math.max(MAX_BODY_BYTES, maxJobsBatchBodyBytes);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = postedPath(request);
    long limit =
        switch (path) {
          case SUBMISSIONS -> maxBatchBodyBytes;
          case MANY_SUBMISSIONS -> maxJobsBatchBodyBytes;
          case null, default -> MAX_BODY_BYTES;
        };
    if (request.getLength() > limit) {
      throw tooLarge(limit, path);
    }
    var limited = new Limited(request.getEntityStream(), limit, request.getLength(), path);
    request.setEntityStream(limited);
    request.setProperty(PROPERTY, limited);
  }

  /**
   * The limit of the body of {@code request}; {@link BodyLimit#NONE} if this filter did not see it.
   */
  public static BodyLimit of(ContainerRequestContext request) {
    return request.getProperty(PROPERTY) instanceof BodyLimit limit ? limit : BodyLimit.NONE;
  }

  /** The path of a POST without its surrounding slashes; null for any other method. */
  private static String postedPath(ContainerRequestContext request) {
    if (!HttpMethod.POST.equals(request.getMethod())) {
      return null;
    }
    String path = request.getUriInfo().getPath();
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  static ApiProblem tooLarge(long limit, String path) {
    String detail =
        limit == MAX_BODY_BYTES
            ? "the request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)"
            : "the request body is larger than "
                + limit
                + (MANY_SUBMISSIONS.equals(path)
                    ? " bytes, the limit of a request to start many jobs"
                    : " bytes, the limit of an email-batch job");
    return ApiProblem.of(413, "body-too-large", "Content too large", detail);
  }

  /**
   * One job of a request to start many that is larger than a job sent alone may be: the 413 it
   * would have been answered alone.
   */
  public static ApiProblem jobTooLarge() {
    return ApiProblem.of(
        413,
        "body-too-large",
        "Content too large",
        "this job's request is larger than "
            + MAX_BODY_BYTES
            + " bytes (1 MiB), the limit of every job but an email-batch sent alone to"
            + " POST /v1/jobs");
  }

  private static final class Limited extends FilterInputStream implements BodyLimit {
    private final int announced;
    private final String path;
    private long limit;
    private long read;

    Limited(InputStream in, long limit, int announced, String path) {
      super(in);
      this.limit = limit;
      this.announced = announced;
      this.path = path;
    }

    @Override
    public void limitToDefault() {
      limit = Math.min(limit, MAX_BODY_BYTES);
      if (read > limit || announced > limit) {
        throw tooLarge(limit, path);
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw tooLarge(limit, path);
      }
    }
  }
}
