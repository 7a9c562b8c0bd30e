package dev.bindery;

import dev.bindery.spi.FailureKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One classification of failures: lost connection, saturated pool, or an error of the statement itself. */
class FailureKindTest {

    @Test
    void connectionStatesShutdownStatesAndIoErrorsAreLostConnections() {
        assertThat(FailureKind.of(new SQLException("broken", "08006"))).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(FailureKind.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(FailureKind.of(new SQLException("crash shutdown", "57P02"))).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(FailureKind.of(new SQLException("cannot connect now", "57P03"))).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(FailureKind.of(new RuntimeException("wrapped", new SQLException("x", null, new IOException("reset")))))
                .isEqualTo(FailureKind.CONNECTION_LOST);
        SQLException chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("connection reset", "08003"));
        assertThat(FailureKind.of(chained)).isEqualTo(FailureKind.CONNECTION_LOST);
    }

    @Test
    void sqlErrorsAreStatementFailures() {
        assertThat(FailureKind.of(new SQLException("syntax", "42601"))).isEqualTo(FailureKind.STATEMENT);
        assertThat(FailureKind.of(new SQLException("serialization", "40001"))).isEqualTo(FailureKind.STATEMENT);
        assertThat(FailureKind.of(new SQLException("canceled", "57014"))).isEqualTo(FailureKind.STATEMENT);
        assertThat(FailureKind.of(null)).isEqualTo(FailureKind.STATEMENT);
    }

    @Test
    void aPoolTimeoutWithAConnectionFailureBehindItIsALostConnection() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "bindery-r1 - Connection is not available, request timed out after 250ms (total=0, active=0, idle=0, waiting=0)",
                "08001", new SQLException("Connection refused", "08001"));
        assertThat(FailureKind.of(timeout)).isEqualTo(FailureKind.CONNECTION_LOST);
    }

    @Test
    void aRealPoolThatCannotReachItsDatabaseTimesOutAsALostConnection() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url("jdbc:h2:file:/nonexistent-bindery-dir/none;IFEXISTS=TRUE")
                .connectionTimeout(Duration.ofMillis(250))).build()) {
            assertThatThrownBy(() -> {
                try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection()) {
                    c.isValid(1);
                }
            }).satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.CONNECTION_LOST));
            assertThat(binds.status(Binds.DEFAULT).saturations()).isZero();
        }
    }
}
