package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a batch's workflow had done when it continued as new (a dead letter whose history outgrew
 * its budget): how many passes it ran and each chunk's latest result, so that the next run goes on
 * from there instead of sending every chunk again as pass 1.
 *
 * @param chunks the latest result of each chunk that has run, in no particular order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchRuns(int passes, List<ChunkResult> chunks) {
  public BatchRuns {
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
  }
}
