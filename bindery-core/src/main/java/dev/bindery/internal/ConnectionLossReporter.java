package dev.bindery.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import dev.bindery.spi.FailureKind;

import java.sql.SQLException;

/**
 * Sees every SQLException that a replica's pooled connections, statements and result sets throw (HikariCP hands each
 * one to its pool's exception override), and reports one that means the connection was lost
 * ({@link FailureKind#CONNECTION_LOST}) to the bind, which ejects the replica at once. However the connection is used
 * after it was handed out (plain JDBC, Hibernate queries run later), a dead replica stops receiving reads at its first
 * failure. It wraps nothing, so the connection path costs nothing extra; HikariCP's own eviction is left as it is.
 */
final class ConnectionLossReporter implements SQLExceptionOverride {
    private final BindNode node;

    ConnectionLossReporter(BindNode node) {
        this.node = node;
    }

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        if (FailureKind.of(failure) == FailureKind.CONNECTION_LOST) {
            node.connectionLost(failure);
        }
        return Override.CONTINUE_EVICT;
    }
}
