package dev.bindery.hibernate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** RetryPolicy classifies lost connections as core's FailureKind does: one classifier for every module. */
class RetryPolicyTest {

    @Test
    void aServerShutdownAndAnIoErrorAreLostConnectionsAndTransient() {
        SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
        assertThat(RetryPolicy.isConnectionLoss(shutdown)).isTrue();
        assertThat(RetryPolicy.isTransient(shutdown)).isTrue();
        SQLException io = new SQLException("An I/O error occurred while sending to the backend", null, new IOException("reset"));
        assertThat(RetryPolicy.isConnectionLoss(io)).isTrue();
        assertThat(RetryPolicy.isConnectionLoss(new SQLException("broken", "08006"))).isTrue();
    }

    @Test
    void serializationFailuresAndDeadlocksAreTransientButNotLostConnections() {
        assertThat(RetryPolicy.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(RetryPolicy.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(RetryPolicy.isConnectionLoss(new SQLException("could not serialize", "40001"))).isFalse();
    }

    @Test
    void aSaturatedPoolIsNotALostConnectionAndSqlErrorsAreNotTransient() {
        SQLTransientConnectionException saturated = new SQLTransientConnectionException(
                "bindery-replica - Connection is not available, request timed out after 250ms (total=1, active=1, idle=0, waiting=0)");
        assertThat(RetryPolicy.isConnectionLoss(saturated)).isFalse();
        assertThat(RetryPolicy.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
    }
}
