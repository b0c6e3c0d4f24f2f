package dev.jobqueue.testing;

/**
 * Our Dropwizard processes: each module's jar, the variable that moves its admin port (health
 * check, metrics), and the heap the tests give it.
 */
public enum App {
  WORKER_EMAIL("worker-email", "EMAIL_WORKER_ADMIN_PORT", "256m"),
  /** 512 MiB: the heap a 1,000,000-row report must render in. */
  WORKER_PDF("worker-pdf", "PDF_WORKER_ADMIN_PORT", "512m"),
  API_SERVER("api-server", "API_ADMIN_PORT", "256m");

  private final String module;
  private final String adminPortVariable;
  private final String defaultHeap;

  App(String module, String adminPortVariable, String defaultHeap) {
    this.module = module;
    this.adminPortVariable = adminPortVariable;
    this.defaultHeap = defaultHeap;
  }

  public String module() {
    return module;
  }

  public String adminPortVariable() {
    return adminPortVariable;
  }

  public String defaultHeap() {
    return defaultHeap;
  }
}
