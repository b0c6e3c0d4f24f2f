package dev.jobqueue.system;

/**
 * {@link ApiEndToEndTest}'s bodies on a Temporal cluster: Temporal Server on PostgreSQL with SQL
 * visibility, and the Temporal UI server, as {@code ./jobqueue cluster} runs them. Email, report,
 * listing by search attributes, the Web UI's workflow page.
 */
@OnTemporalCluster
class ClusterApiEndToEndTest extends ApiEndToEndTest {}
