package dev.jobqueue.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.api.admission.AdmissionConfig;
import dev.jobqueue.api.auth.ApiKeyConfig;
import dev.jobqueue.api.auth.FairnessWeights;
import dev.jobqueue.api.auth.RateLimitConfig;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.callbacks.CallbackConfig;
import dev.jobqueue.api.coalesce.CoalescingConfig;
import dev.jobqueue.api.control.RetentionConfig;
import dev.jobqueue.api.http.BodyLimitFilter;
import dev.jobqueue.api.jobs.ReportFiles;
import dev.jobqueue.api.jobs.RetryConfig;
import dev.jobqueue.api.schedules.ScheduleConfig;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.runtime.ProcessConfiguration;
import dev.jobqueue.store.BatchStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** api-server's YAML: Temporal, who may call, how often, and where finished reports are. */
public class ApiServerConfiguration extends ProcessConfiguration {
  @Valid @NotNull private List<ApiKeyConfig> apiKeys = List.of();

  /** More keys as {@code tenant=sha256,...}, beside {@link #apiKeys}: one environment variable. */
  private String moreApiKeys = "";

  @Valid @NotNull private RateLimitConfig rateLimit = RateLimitConfig.DEFAULT;
  @Valid @NotNull private AdmissionConfig admission = AdmissionConfig.DEFAULT;
  @NotBlank private String reportStoreDir = "var/reports";

  /** What {@link #reportFiles()} opened: one store, so one client, for the API and its sweep. */
  @JsonIgnore private ReportFiles reportFiles;

  /** What {@link #batchStore()} opened, for the same reason. */
  @JsonIgnore private BatchStore batchStore;

  /**
   * Where email batches are staged for the email fleet: the same directory as its batchStoreDir.
   */
  @NotBlank private String batchStoreDir = "var/batches";

  /** Items per chunk of a staged batch, one activity each. */
  @Min(1)
  @Max(BatchLimits.MAX_CHUNK_SIZE)
  private int batchChunkSize = BatchLimits.DEFAULT_CHUNK_SIZE;

  /** The body limit of an email-batch submission; every other body has 1 MiB. */
  @Min(BodyLimitFilter.MAX_BODY_BYTES)
  @Max(1L << 30)
  private long maxBatchBodyBytes = BodyLimitFilter.DEFAULT_MAX_BATCH_BODY_BYTES;

  /** The body limit of a request to start many jobs ({@code POST /v1/jobs:batch}). */
  @Min(BodyLimitFilter.MAX_BODY_BYTES)
  @Max(1L << 30)
  private long maxJobsBatchBodyBytes = BodyLimitFilter.DEFAULT_MAX_JOBS_BATCH_BODY_BYTES;

  /** When single emails are coalesced into groups. */
  @Valid @NotNull private CoalescingConfig coalescing = CoalescingConfig.DEFAULT;

  /** Each tenant's fairness weight, as {@code tenant=weight,...}; empty: all at the default. */
  private String fairnessWeights = "";

  /**
   * The sender of messages that name none: the email workers' {@code smtp.defaultFrom}, which every
   * tenant may send as.
   */
  private String defaultFrom = "jobqueue <noreply@jobqueue.test>";

  /** The domains each tenant may send from, as {@code tenant=domain|domain,...}; empty: none. */
  private String senderDomains = "";

  /** Each job type's retry budget, given to every job when it is submitted. */
  @Valid @NotNull private RetryConfig retry = RetryConfig.DEFAULT;

  /** How long one request may wait for Temporal before it answers 503. */
  @NotNull private Duration temporalTimeout = Duration.ofSeconds(5);

  /** How long a job that failed for good stays a dead letter before it is discarded. */
  @NotNull private Duration deadLetterRetention = JobLifecycle.DEFAULT_RETENTION;

  /** How often the dead-letter depth and oldest-age gauges are read from visibility. */
  @NotNull private Duration deadLetterGaugeInterval = Duration.ofSeconds(30);

  /**
   * How often every task queue's backlog is read from Temporal's task-queue statistics; zero turns
   * the backlog gauges off.
   */
  @NotNull private Duration backlogPollInterval = Duration.ofSeconds(15);

  /**
   * The most dead letters one bulk redrive selects; a filter selecting more is refused (422). The
   * selection travels in the operation's workflow input, so it stays far below Temporal's 2 MB
   * payload limit.
   */
  @Min(1)
  @Max(20_000)
  private int bulkRedriveMaxSelection = 10_000;

  /** What the retention sweep removes, and how often it runs. */
  @Valid @NotNull private RetentionConfig retention = RetentionConfig.DEFAULT;

  /** Recurring jobs: how many schedules a tenant may have, and how often one may fire. */
  @Valid @NotNull private ScheduleConfig schedules = ScheduleConfig.DEFAULT;

  /** Completion callbacks: where they may go, and each tenant's signing secret. */
  @NotNull private CallbackConfig callbacks = CallbackConfig.DEFAULT;

  @JsonProperty
  public CallbackConfig getCallbacks() {
    return callbacks;
  }

  @JsonProperty
  public void setCallbacks(CallbackConfig callbacks) {
    this.callbacks = callbacks;
  }

  @JsonProperty
  public ScheduleConfig getSchedules() {
    return schedules;
  }

  @JsonProperty
  public void setSchedules(ScheduleConfig schedules) {
    this.schedules = schedules;
  }

  @JsonProperty
  public RetentionConfig getRetention() {
    return retention;
  }

  @JsonProperty
  public void setRetention(RetentionConfig retention) {
    this.retention = retention;
  }

  /** Run the control worker (bulk redrives, the retention sweep) in this process. */
  private boolean controlWorker = true;

  @JsonProperty
  public int getBulkRedriveMaxSelection() {
    return bulkRedriveMaxSelection;
  }

  @JsonProperty
  public void setBulkRedriveMaxSelection(int bulkRedriveMaxSelection) {
    this.bulkRedriveMaxSelection = bulkRedriveMaxSelection;
  }

  @JsonProperty
  public boolean isControlWorker() {
    return controlWorker;
  }

  @JsonProperty
  public void setControlWorker(boolean controlWorker) {
    this.controlWorker = controlWorker;
  }

  @JsonProperty
  public List<ApiKeyConfig> getApiKeys() {
    return apiKeys;
  }

  @JsonProperty
  public void setApiKeys(List<ApiKeyConfig> apiKeys) {
    this.apiKeys = apiKeys == null ? List.of() : apiKeys;
  }

  @JsonProperty
  public AdmissionConfig getAdmission() {
    return admission;
  }

  public void setAdmission(AdmissionConfig admission) {
    this.admission = admission;
  }

  public String getMoreApiKeys() {
    return moreApiKeys;
  }

  @JsonProperty
  public void setMoreApiKeys(String moreApiKeys) {
    this.moreApiKeys = moreApiKeys == null ? "" : moreApiKeys;
  }

  /** Every configured key: the YAML's list, then {@code moreApiKeys}. */
  @JsonIgnore
  public List<ApiKeyConfig> allApiKeys() {
    var all = new java.util.ArrayList<>(apiKeys);
    all.addAll(ApiKeyConfig.parseAll(moreApiKeys));
    return List.copyOf(all);
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "moreApiKeys must be tenant=sha256 pairs separated by commas, each hash 64 hex digits")
  public boolean isMoreApiKeysReadable() {
    try {
      ApiKeyConfig.parseAll(moreApiKeys);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @JsonProperty
  public RateLimitConfig getRateLimit() {
    return rateLimit;
  }

  @JsonProperty
  public void setRateLimit(RateLimitConfig rateLimit) {
    this.rateLimit = rateLimit;
  }

  @JsonProperty
  public String getReportStoreDir() {
    return reportStoreDir;
  }

  @JsonProperty
  public void setReportStoreDir(String reportStoreDir) {
    this.reportStoreDir = reportStoreDir;
  }

  /**
   * The report store the API serves and sweeps: the object store's {@code reports/} when a bucket
   * is configured, the {@link #getReportStoreDir() directory} otherwise.
   */
  @JsonIgnore
  public synchronized ReportFiles reportFiles() {
    if (reportFiles == null) {
      var objects = getObjectStore();
      reportFiles =
          objects
              .open("reports/")
              .map(store -> new ReportFiles(store, objects.getPresignExpiry().toJavaDuration()))
              .orElseGet(() -> new ReportFiles(Path.of(reportStoreDir)));
    }
    return reportFiles;
  }

  /**
   * The batch store the API stages into, reads and sweeps: the object store's {@code batches/} when
   * a bucket is configured, the {@link #getBatchStoreDir() directory} otherwise.
   */
  @JsonIgnore
  public synchronized BatchStore batchStore() {
    if (batchStore == null) {
      batchStore = BatchStore.open(getObjectStore(), Path.of(batchStoreDir));
    }
    return batchStore;
  }

  /** Serves and sweeps {@code reportFiles} whatever the configuration names: for tests. */
  @JsonIgnore
  synchronized void reportFiles(ReportFiles reportFiles) {
    this.reportFiles = reportFiles;
  }

  @JsonProperty
  public String getBatchStoreDir() {
    return batchStoreDir;
  }

  @JsonProperty
  public void setBatchStoreDir(String batchStoreDir) {
    this.batchStoreDir = batchStoreDir;
  }

  @JsonProperty
  public int getBatchChunkSize() {
    return batchChunkSize;
  }

  @JsonProperty
  public void setBatchChunkSize(int batchChunkSize) {
    this.batchChunkSize = batchChunkSize;
  }

  @JsonProperty
  public long getMaxBatchBodyBytes() {
    return maxBatchBodyBytes;
  }

  @JsonProperty
  public void setMaxBatchBodyBytes(long maxBatchBodyBytes) {
    this.maxBatchBodyBytes = maxBatchBodyBytes;
  }

  @JsonProperty
  public long getMaxJobsBatchBodyBytes() {
    return maxJobsBatchBodyBytes;
  }

  @JsonProperty
  public void setMaxJobsBatchBodyBytes(long maxJobsBatchBodyBytes) {
    this.maxJobsBatchBodyBytes = maxJobsBatchBodyBytes;
  }

  @JsonProperty
  public Duration getTemporalTimeout() {
    return temporalTimeout;
  }

  @JsonProperty
  public void setTemporalTimeout(Duration temporalTimeout) {
    this.temporalTimeout = temporalTimeout;
  }

  @JsonProperty
  public Duration getDeadLetterRetention() {
    return deadLetterRetention;
  }

  @JsonProperty
  public void setDeadLetterRetention(Duration deadLetterRetention) {
    this.deadLetterRetention = deadLetterRetention;
  }

  @JsonProperty
  public Duration getDeadLetterGaugeInterval() {
    return deadLetterGaugeInterval;
  }

  @JsonProperty
  public void setDeadLetterGaugeInterval(Duration deadLetterGaugeInterval) {
    this.deadLetterGaugeInterval = deadLetterGaugeInterval;
  }

  @JsonProperty
  public Duration getBacklogPollInterval() {
    return backlogPollInterval;
  }

  @JsonProperty
  public void setBacklogPollInterval(Duration backlogPollInterval) {
    this.backlogPollInterval = backlogPollInterval;
  }

  @JsonIgnore
  @AssertTrue(message = "backlogPollInterval must not be negative (PT0S turns it off)")
  public boolean isBacklogPollIntervalValid() {
    return backlogPollInterval == null || !backlogPollInterval.isNegative();
  }

  @JsonProperty
  public CoalescingConfig getCoalescing() {
    return coalescing;
  }

  @JsonProperty
  public void setCoalescing(CoalescingConfig coalescing) {
    this.coalescing = coalescing;
  }

  @JsonProperty
  public RetryConfig getRetry() {
    return retry;
  }

  @JsonProperty
  public void setRetry(RetryConfig retry) {
    this.retry = retry;
  }

  @JsonProperty
  public String getFairnessWeights() {
    return fairnessWeights;
  }

  @JsonProperty
  public void setFairnessWeights(String fairnessWeights) {
    this.fairnessWeights = fairnessWeights;
  }

  /** The weights, read. */
  @JsonIgnore
  public FairnessWeights fairness() {
    return FairnessWeights.parse(fairnessWeights);
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "fairnessWeights must be tenant=weight pairs separated by commas, each weight above 0"
              + " and at most 1000 (example: acme=2,globex=0.5)")
  public boolean isFairnessWeightsReadable() {
    try {
      FairnessWeights.parse(fairnessWeights);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @JsonProperty
  public String getDefaultFrom() {
    return defaultFrom;
  }

  @JsonProperty
  public void setDefaultFrom(String defaultFrom) {
    this.defaultFrom = defaultFrom;
  }

  @JsonProperty
  public String getSenderDomains() {
    return senderDomains;
  }

  @JsonProperty
  public void setSenderDomains(String senderDomains) {
    this.senderDomains = senderDomains;
  }

  /** The sender domains, read. */
  @JsonIgnore
  public SenderDomains senders() {
    return SenderDomains.parse(senderDomains, defaultFrom);
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "senderDomains must be tenant=domain|domain entries separated by commas (a domain with a"
              + " leading dot: its subdomains; *: any), and defaultFrom an address such as"
              + " 'jobqueue <noreply@jobqueue.test>' (example: acme=acme.com|.mail.acme.com)")
  public boolean isSenderDomainsReadable() {
    try {
      SenderDomains.parse(senderDomains, defaultFrom);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
