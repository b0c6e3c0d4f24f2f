package dev.jobqueue.system;

/**
 * {@link ApiEndToEndTest}'s bodies on a Temporal cluster: Temporal Server on PostgreSQL with SQL
 * visibility, and the Temporal UI server, as {@code ./jobqueue cluster} runs them. Email, report,
 * listing by search attributes, the Web UI's workflow page.
 */
@OnTemporalCluster
class ClusterApiEndToEndTest extends ApiEndToEndTest {
  /**
   * Not run here: the fuzzer checks the API's own answers to what it generates, the same whichever
   * Temporal server is behind it, and takes minutes; it runs against the dev server. (Overridden
   * without {@code @Test}, the method is no test of this class.)
   */
  @Override
  void fuzzingFromTheOpenApiDocumentFindsNo5xxAndNothingOffTheDocument() {}
}
