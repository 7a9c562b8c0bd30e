/**
 * Test support for Bindery and its users: a real PostgreSQL primary with streaming replicas
 * ({@link dev.bindery.test.PostgresCluster}, {@link dev.bindery.test.PgCluster}), per-test rollback
 * ({@link dev.bindery.test.TestTransaction}) and a MariaDB database per test class ({@link dev.bindery.test.MariaDbDatabase}).
 */
package dev.bindery.test;
