package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SampleRowsTest {
  @Test
  void rowIsTheSameWhetherGeneratedFromTheStartOrDirectly() {
    var inOrder = new SampleRows(1_000, 42);
    List<ReportRow> fromStart = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      fromStart.add(inOrder.row(i));
    }

    var fresh = new SampleRows(1_000, 42);
    assertThat(fresh.row(777)).isEqualTo(fromStart.get(777));
    assertThat(new SampleRows(5_000_000, 42).row(999)).isEqualTo(fromStart.get(999));
  }

  @Test
  void theSeedDecidesTheRows() {
    var a = new SampleRows(100, 1);
    var b = new SampleRows(100, 2);

    assertThat(LongStream.range(0, 100).mapToObj(a::row))
        .isNotEqualTo(LongStream.range(0, 100).mapToObj(b::row).toList());
  }

  @Test
  void rowsArePlausibleBillingLineItems() {
    var rows = new SampleRows(10_000, 99);

    for (long i = 0; i < rows.size(); i++) {
      ReportRow row = rows.row(i);
      assertThat(LocalDate.parse(row.date()).getYear()).isEqualTo(2026);
      assertThat(row.description())
          .matches(
              "[A-Za-z ]+ - (Starter|Team|Business|Enterprise)"
                  + " plan, [a-z0-9-]+( \\(overage, project [0-9a-f]+\\))?");
      assertThat(row.quantity()).isBetween(1L, 50L);
      assertThat(row.unitPriceCents()).isPositive();
      assertThat(rows.amountCents(i)).isEqualTo(row.quantity() * row.unitPriceCents());
    }
  }

  @Test
  void everyServiceAndSomeLongDescriptionsTurnUp() {
    var rows = new SampleRows(2_000, 5);

    var services =
        LongStream.range(0, 2_000)
            .mapToObj(i -> rows.row(i).description().split(" - ")[0])
            .distinct()
            .count();
    var overages =
        LongStream.range(0, 2_000)
            .filter(i -> rows.row(i).description().contains("overage"))
            .count();

    assertThat(services).isEqualTo(12);
    assertThat(overages).isBetween(60L, 200L);
  }
}
