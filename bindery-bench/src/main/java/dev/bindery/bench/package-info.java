/**
 * JMH benchmarks for Bindery: the cost of routing over the raw HikariCP pool, side by side in one run with the
 * JVM tools that do the same job (Spring's {@code LazyConnectionDataSourceProxy}, ShardingSphere-JDBC read/write
 * splitting). Not API: run them with {@code bindery-bench/run.sh}, results go to {@code docs/benchmarks.md}.
 */
package dev.bindery.bench;
