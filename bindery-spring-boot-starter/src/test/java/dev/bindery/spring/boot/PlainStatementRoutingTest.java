package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spring.boot.app.PlainStatements;
import dev.bindery.spring.boot.app.Where;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQL sent through plain statements ({@code createStatement}) is put to the router like prepared SQL: on H2, which
 * would take a write on the "replica" database, a write inside {@code @Transactional(readOnly = true)} is refused
 * before it is sent; reads route as before.
 */
class PlainStatementRoutingTest extends StarterContext {
    @Autowired
    PlainStatements statements;
    @Autowired
    Where where;
    @Autowired
    Binds binds;

    @Test
    void aWriteThroughAPlainStatementInAReadOnlyTransactionIsRefusedBeforeItIsSent() {
        long refusedBefore = readOnlyWriteRefusals();
        List<Runnable> writes = List.of(
                () -> statements.execute("update whoami set name = 'written'"),
                () -> statements.update("update whoami set name = 'written'"),
                () -> statements.largeUpdate("update whoami set name = 'written'"),
                () -> statements.batch("select 1", "update whoami set name = 'written'"),
                () -> statements.query("select name from whoami for update"));
        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("inside a transaction routed to bind 'replica'");
        }
        assertThat(readOnlyWriteRefusals()).isEqualTo(refusedBefore + writes.size());
        assertThat(ROUTES).extracting(Route::bind).containsOnly("replica").hasSize(writes.size());
        assertThat(whoami(PRIMARY)).isEqualTo("primary");
        assertThat(whoami(REPLICA)).isEqualTo("replica");
    }

    @Test
    void readsThroughAPlainStatementRouteAsBefore() {
        assertThat(statements.query("select name from whoami")).isEqualTo("replica");
        assertThat(where.readWrite()).isEqualTo("primary");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ, RouteReason.READ_WRITE_TRANSACTION);
    }

    @Test
    void aReadWriteTransactionThatOnlyReadThroughPlainStatementsDoesNotPinLaterReads() {
        assertThat(where.readWrite()).isEqualTo("primary");
        assertThat(where.readOnly()).isEqualTo("replica");
    }

    @Test
    void aWriteThroughAPlainStatementOnThePrimaryIsReadByLaterReadOnlyTransactions() {
        assertThat(statements.updateInReadWrite("update whoami set name = name")).isEqualTo(1);
        assertThat(where.readOnly()).as("read your writes").isEqualTo("primary");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.READ_WRITE_TRANSACTION, RouteReason.READ_YOUR_WRITES);
    }

    private long readOnlyWriteRefusals() {
        return binds.router().refusals().get(Refusal.Kind.READ_ONLY_WRITE);
    }

    private static String whoami(String url) {
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement(); var rs = s.executeQuery("select name from whoami")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
