package dev.jobqueue.system;

import dev.jobqueue.testing.ClusterServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test class runs its stack on a Temporal cluster ({@code ClusterServer}: Temporal Server on
 * PostgreSQL, as {@code ./jobqueue cluster} runs it) instead of the dev server. A subclass of an
 * end-to-end test with this annotation runs that test's bodies against the cluster; {@link
 * Harness#stack(org.junit.jupiter.api.TestInfo, java.nio.file.Path)} reads it. Where the cluster's
 * programs are missing, the class is skipped and says which.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(OnTemporalCluster.Available.class)
@interface OnTemporalCluster {
  /** Skips the class, with the reason, when a cluster cannot run here. */
  final class Available implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      try {
        return ClusterServer.missing()
            .map(ConditionEvaluationResult::disabled)
            .orElseGet(() -> ConditionEvaluationResult.enabled("the cluster's programs are here"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ConditionEvaluationResult.disabled("interrupted waiting for the cluster's build");
      }
    }
  }
}
