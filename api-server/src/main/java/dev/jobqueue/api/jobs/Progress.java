package dev.jobqueue.api.jobs;

/** How far a running job has got, as its last heartbeat said: pages or rows done of the total. */
public record Progress(long done, long total) {}
