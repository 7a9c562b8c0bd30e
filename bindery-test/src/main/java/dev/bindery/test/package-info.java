/**
 * Test support for Bindery and its users: a real PostgreSQL primary with streaming replicas
 * ({@link dev.bindery.test.PostgresReplication}, {@link dev.bindery.test.PostgresCluster}), per-test rollback
 * ({@link dev.bindery.test.TestTransaction}), a MariaDB database per test class on the local server
 * ({@link dev.bindery.test.LocalMariaDb}), and a private MariaDB primary with GTID replicas started from the
 * machine's {@code mariadbd} ({@link dev.bindery.test.MariaDbReplication}, {@link dev.bindery.test.MariaDbCluster}),
 * and a Patroni cluster over etcd from the machine's packages ({@link dev.bindery.test.PatroniReplication},
 * {@link dev.bindery.test.PatroniCluster}).
 */
package dev.bindery.test;
