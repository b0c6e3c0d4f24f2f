package dev.jobqueue.client;

/**
 * Which jobs {@link JobqueueClient#jobs} lists: null for any.
 *
 * @param pageSize jobs per request, or null for the server's default
 */
public record JobFilter(String type, Status status, Integer pageSize) {
  public static JobFilter all() {
    return new JobFilter(null, null, null);
  }

  public JobFilter withType(String type) {
    return new JobFilter(type, status, pageSize);
  }

  public JobFilter withStatus(Status status) {
    return new JobFilter(type, status, pageSize);
  }

  public JobFilter withPageSize(int pageSize) {
    return new JobFilter(type, status, pageSize);
  }

  Query query() {
    return new Query()
        .add("type", type)
        .add("status", status == null ? null : status.name())
        .add("pageSize", pageSize);
  }
}
