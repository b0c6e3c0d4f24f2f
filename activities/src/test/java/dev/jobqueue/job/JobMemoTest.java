package dev.jobqueue.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobMemoTest {
  /**
   * A job's workflow carries exactly {@link JobMemo#KEYS} into the run it continues as: a key
   * declared here but left out there would vanish from a long-parked job (a batch's {@code
   * batchContent}, and the sweep would take its batch for no job's).
   */
  @Test
  void everyDeclaredMemoKeyIsCarriedIntoAContinuedRun() throws Exception {
    var declared = new ArrayList<String>();
    for (Field field : JobMemo.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers) && field.getType() == String.class) {
        declared.add((String) field.get(null));
      }
    }
    assertThat(declared).hasSizeGreaterThan(5);
    assertThat(JobMemo.KEYS).containsAll(declared).contains(DeadLetter.MEMO_KEY);
    assertThat(JobMemo.KEYS).doesNotHaveDuplicates();
    assertThat(List.copyOf(JobMemo.KEYS)).hasSize(declared.size() + 1);
  }
}
