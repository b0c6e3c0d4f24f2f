package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;

/**
 * Send one chunk of a staged batch.
 *
 * @param chunk 0-based
 * @param pass the job's run: 1, then one more per redrive. Items dead-lettered in an earlier pass
 *     are tried again; those dead-lettered in this one (by an earlier attempt) are not.
 * @param maxAttempts the chunk's retry budget: on its last attempt a recipient the relay still
 *     defers is dead-lettered, so that one full mailbox cannot fail its whole batch; 0 in older
 *     inputs, where the activity's own retry policy says
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkRequest(JobRef job, int chunk, int pass, int maxAttempts) {}
