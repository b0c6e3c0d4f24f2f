package dev.jobqueue.runtime;

import dev.jobqueue.job.JobRef;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.lang.reflect.InvocationTargetException;
import org.slf4j.MDC;

/**
 * Puts the job an activity works for into the logging context ({@code jobId} and {@code tenant} in
 * the MDC) while the activity runs, so that every line it logs names its job; installed on every
 * fleet. The job is the activity input's {@link JobRef} (every job input carries one), or else the
 * workflow id, {@code <tenant>/<jobId>}; an email group's activities name their tenant only.
 */
public final class JobLogContext extends WorkerInterceptorBase {
  public static final String JOB_ID = "jobId";
  public static final String TENANT = "tenant";

  /** Names {@code job} in this thread's logging context. */
  public static void put(JobRef job) {
    MDC.put(JOB_ID, job.jobId());
    MDC.put(TENANT, job.tenant());
  }

  /** Removes what {@link #put} set. */
  public static void clear() {
    MDC.remove(JOB_ID);
    MDC.remove(TENANT);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        name(input.getArguments(), context.getInfo().getWorkflowId());
        try {
          return super.execute(input);
        } finally {
          clear();
        }
      }
    };
  }

  private static void name(Object[] arguments, String workflowId) {
    for (Object argument : arguments) {
      JobRef job = jobOf(argument);
      if (job != null) {
        put(job);
        return;
      }
    }
    if (workflowId == null) {
      return;
    }
    int slash = workflowId.indexOf('/');
    if (slash <= 0) {
      return;
    }
    String rest = workflowId.substring(slash + 1);
    if (rest.isEmpty() || rest.contains("/")) {
      // not a job's workflow (an email group: <tenant>/groups/<id>): the tenant is still known
      MDC.put(TENANT, workflowId.substring(0, slash));
    } else {
      put(new JobRef(rest, workflowId.substring(0, slash)));
    }
  }

  /** The argument itself, or the record component of an input record that is a {@link JobRef}. */
  private static JobRef jobOf(Object argument) {
    if (argument instanceof JobRef job) {
      return job;
    }
    if (argument == null || !argument.getClass().isRecord()) {
      return null;
    }
    for (var component : argument.getClass().getRecordComponents()) {
      if (component.getType() == JobRef.class) {
        try {
          return (JobRef) component.getAccessor().invoke(argument);
        } catch (IllegalAccessException | InvocationTargetException e) {
          return null;
        }
      }
    }
    return null;
  }
}
