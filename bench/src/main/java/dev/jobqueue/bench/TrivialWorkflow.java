package dev.jobqueue.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The least a job can be: a workflow that runs one activity that does nothing. */
@WorkflowInterface
public interface TrivialWorkflow {
  @WorkflowMethod(name = "BenchTrivial")
  String run(String input);
}
