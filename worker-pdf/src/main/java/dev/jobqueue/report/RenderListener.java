package dev.jobqueue.report;

/**
 * Told how a render is going. The activity heartbeats from it; whatever it throws (a cancellation,
 * a test's simulated crash) stops the render where it is, leaving the finished parts behind.
 */
@FunctionalInterface
interface RenderListener {
  RenderListener NONE = progress -> {};

  void progress(RenderProgress progress);
}
