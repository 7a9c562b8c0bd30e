/**
 * JMH benchmarks for Bindery: the cost of routing over the raw HikariCP pool, side by side in one run with the
 * JVM tools that do the same job (Spring's {@code LazyConnectionDataSourceProxy}, ShardingSphere-JDBC read/write
 * splitting); {@code RoutingSession} against plain Hibernate; reads over a real PostgreSQL primary and replicas; the
 * routing decision with health, lag and causal-token checks; the build time of a {@code Database}. The
 * {@code Paired*} mains run variants interleaved, for ratios on a noisy machine. Not API: run them with
 * {@code bindery-bench/run.sh}, results go to {@code docs/benchmarks.md}.
 */
package dev.bindery.bench;
