package dev.jobqueue.email;

import dev.jobqueue.runtime.WorkerConfig;
import dev.jobqueue.runtime.WorkerDeployment;
import dev.jobqueue.store.BatchStore;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workers of a worker-email process, one per lane it serves, each with slots (its worker's
 * {@code maxConcurrentActivities}) and SMTP connections (its own {@link SmtpTransportPool}) that
 * the other lane cannot take. That is what keeps a transactional send from waiting behind bulk: not
 * a priority in a shared queue, but capacity reserved for it.
 *
 * <p>The transactional lane runs every email workflow (the batch workflow too: it only schedules,
 * its chunks go to the bulk lane) and the single and group sends. The bulk lane runs chunks only. A
 * process that serves both lanes also takes chunks on the {@code email} queue, with the bulk lane's
 * connections: chunks scheduled there before the lanes existed keep that queue for their retries
 * (JobActivityOptions.SEND_EMAIL_CHUNK), and no chunk scheduled since goes there.
 */
final class EmailLanes implements AutoCloseable {
  /** One lane's worker and connection pool. */
  record Lane(EmailLane lane, Worker worker, SmtpTransportPool pool, WorkerConfig limits) {}

  private final Map<EmailLane, Lane> lanes;

  private EmailLanes(Map<EmailLane, Lane> lanes) {
    this.lanes = lanes;
  }

  /**
   * Creates a worker on {@code factory} per lane in {@code serve} and registers its workflows and
   * activities.
   *
   * @param transactional the transactional lane's limits, and the bulk lane's besides its own
   * @param smtp the relay, and the transactional lane's pool size
   * @param deployment the Worker Versioning both lanes' workers poll with
   */
  static EmailLanes register(
      WorkerFactory factory,
      Set<EmailLane> serve,
      WorkerConfig transactional,
      WorkerDeployment deployment,
      SmtpConfig smtp,
      LanesConfig config,
      BatchStore store,
      Clock clock) {
    StreamProviders.preferAngus();
    var lanes = new EnumMap<EmailLane, Lane>(EmailLane.class);
    EmailBatchActivitiesImpl chunks = null;
    if (serve.contains(EmailLane.BULK)) {
      var limits = config.bulk().worker(transactional);
      var bulkSmtp = smtp.withPoolSize(config.bulk().smtpPoolSize());
      var pool = new SmtpTransportPool(bulkSmtp);
      var worker =
          factory.newWorker(EmailLane.BULK.taskQueue(), deployment.apply(limits.workerOptions()));
      chunks = new EmailBatchActivitiesImpl(store, bulkSmtp, pool, config.minTimeLeft());
      worker.registerActivitiesImplementations(chunks);
      lanes.put(EmailLane.BULK, new Lane(EmailLane.BULK, worker, pool, limits));
    }
    if (serve.contains(EmailLane.TRANSACTIONAL)) {
      var pool = new SmtpTransportPool(smtp);
      var worker =
          factory.newWorker(
              EmailLane.TRANSACTIONAL.taskQueue(), deployment.apply(transactional.workerOptions()));
      // each job brings its own retry budget in its input
      worker.registerWorkflowImplementationTypes(
          EmailWorkflowImpl.class,
          EmailBatchWorkflowImpl.class,
          EmailGroupWorkflowImpl.class,
          KeyReservationWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new EmailActivitiesImpl(smtp, pool, config.minTimeLeft(), clock),
          new EmailGroupActivitiesImpl(smtp, pool, config.minTimeLeft(), clock));
      if (chunks != null) {
        worker.registerActivitiesImplementations(chunks); // chunks from before the lanes, above
      }
      lanes.put(
          EmailLane.TRANSACTIONAL, new Lane(EmailLane.TRANSACTIONAL, worker, pool, transactional));
    }
    return new EmailLanes(lanes);
  }

  /** The lanes served, in their order. */
  List<Lane> lanes() {
    return new ArrayList<>(lanes.values());
  }

  /** Closes every lane's connection pool; after the workers have drained. */
  @Override
  public void close() {
    lanes.values().forEach(lane -> lane.pool().close());
  }
}
