package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.batch.ItemOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeBufferTest {
  private static ItemOutcome accepted(int index) {
    return new ItemOutcome(
        index, "user" + index + "@example.com", ItemOutcome.ACCEPTED, 250, "ok", "t", null, 1);
  }

  @Test
  void keepsOutcomesWhoseWriteFailedForTheNextFlush() throws IOException {
    var buffer = new OutcomeBuffer();
    var disk = new ArrayList<ItemOutcome>();

    assertThatThrownBy(
            () ->
                buffer.flush(
                    List.of(accepted(0), accepted(1)),
                    outcomes -> {
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(buffer.pending()).isEqualTo(2);

    var written = buffer.flush(List.of(accepted(2)), disk::addAll);

    assertThat(written).containsExactly(accepted(0), accepted(1), accepted(2));
    assertThat(disk).containsExactly(accepted(0), accepted(1), accepted(2));
    assertThat(buffer.pending()).isZero();
  }

  @Test
  void writesNothingTwice() throws IOException {
    var buffer = new OutcomeBuffer();
    var disk = new ArrayList<ItemOutcome>();

    buffer.flush(List.of(accepted(0)), disk::addAll);
    buffer.flush(List.of(), disk::addAll);
    buffer.flush(List.of(accepted(1)), disk::addAll);

    assertThat(disk).containsExactly(accepted(0), accepted(1));
  }
}
