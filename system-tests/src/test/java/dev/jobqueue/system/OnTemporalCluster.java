package dev.jobqueue.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class runs its stack on a Temporal cluster ({@code ClusterServer}: Temporal Server on
 * PostgreSQL, as {@code ./jobqueue cluster} runs it) instead of the dev server. A subclass of an
 * end-to-end test with this annotation runs that test's bodies against the cluster; {@link
 * Harness#stack(org.junit.jupiter.api.TestInfo, java.nio.file.Path)} reads it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@interface OnTemporalCluster {}
