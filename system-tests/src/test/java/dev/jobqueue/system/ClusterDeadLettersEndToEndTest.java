package dev.jobqueue.system;

/**
 * {@link DeadLettersEndToEndTest}'s bodies on a Temporal cluster (Temporal Server on PostgreSQL):
 * dead letters parked, listed by their search attributes, and redriven.
 */
@OnTemporalCluster
class ClusterDeadLettersEndToEndTest extends DeadLettersEndToEndTest {}
