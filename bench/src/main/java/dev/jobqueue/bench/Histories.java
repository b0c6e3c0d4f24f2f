package dev.jobqueue.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the jobs cost Temporal, read from their histories: every event, and the events that are
 * billable actions in Temporal's own accounting (a start, each activity scheduled or retried, a
 * timer, a signal, a search-attribute or memo update, a marker, a child). Heartbeats are actions
 * too but leave no event; the server's {@code action} counter sees them.
 */
final class Histories {
  private static final Set<EventType> ACTIONS =
      EnumSet.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          EventType.EVENT_TYPE_TIMER_STARTED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
          EventType.EVENT_TYPE_MARKER_RECORDED,
          EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
          EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  private static final int PARALLEL = 16;

  /**
   * @param actions history events that are actions, plus an activity's retries (its attempts after
   *     the first, read from the start event)
   */
  record Count(long workflows, long events, long actions, Map<String, Long> byType) {}

  private Histories() {}

  static Count of(WorkflowClient client, Collection<String> workflowIds)
      throws InterruptedException {
    var events = new AtomicLong();
    var actions = new AtomicLong();
    var byType = new ConcurrentHashMap<String, Long>();
    var permits = new Semaphore(PARALLEL);
    var threads = new ArrayList<Thread>();
    var failure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
    for (String id : workflowIds) {
      permits.acquire();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
                        events.incrementAndGet();
                        byType.merge(
                            e.getEventType().name().replace("EVENT_TYPE_", ""), 1L, Long::sum);
                        if (ACTIONS.contains(e.getEventType())) {
                          actions.incrementAndGet();
                        } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
                          actions.addAndGet(
                              Math.max(
                                  0, e.getActivityTaskStartedEventAttributes().getAttempt() - 1));
                        }
                      }
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                    } finally {
                      permits.release();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Count(workflowIds.size(), events.get(), actions.get(), new TreeMap<>(byType));
  }
}
