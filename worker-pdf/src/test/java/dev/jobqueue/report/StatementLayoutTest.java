package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementLayoutTest {
  private final StatementLayout layout = new StatementLayout(1_001, 40, 10); // 26 + 1 pages

  @Test
  void countsItemPagesThenOneSummaryPage() {
    assertThat(layout.itemPages()).isEqualTo(26);
    assertThat(layout.totalPages()).isEqualTo(27);
    assertThat(layout.isSummary(26)).isTrue();
    assertThat(layout.isSummary(25)).isFalse();
    assertThat(new StatementLayout(40, 40, 10).totalPages()).isEqualTo(2);
    assertThat(new StatementLayout(1_000_000, 40, 250).totalPages()).isEqualTo(25_001);
  }

  @Test
  void cutsPagesIntoPartsWithTheLastOneShort() {
    assertThat(layout.parts()).isEqualTo(3);
    assertThat(layout.firstPage(2)).isEqualTo(20);
    assertThat(layout.pagesAfter(2)).isEqualTo(20);
    assertThat(layout.pagesAfter(3)).isEqualTo(27);
    assertThat(layout.firstRow(25)).isEqualTo(1_000);
    assertThat(layout.firstRow(26)).isEqualTo(1_001);
  }

  @Test
  void acceptsOnlyCheckpointsItCouldHaveTaken() {
    assertThat(layout.fits(RenderCheckpoint.START)).isTrue();
    assertThat(layout.fits(new RenderCheckpoint(2, 800, 20, 123))).isTrue();
    assertThat(layout.fits(new RenderCheckpoint(3, 1_001, 27, 123))).isTrue();
    // parts of 5 pages, from a worker configured differently
    assertThat(layout.fits(new RenderCheckpoint(2, 400, 10, 123))).isFalse();
    assertThat(layout.fits(new RenderCheckpoint(4, 1_001, 27, 123))).isFalse();
    assertThat(layout.fits(new RenderCheckpoint(-1, 0, 0, 0))).isFalse();
  }
}
