package dev.bindery.spring.boot;

import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spring.boot.app.AuditRepository;
import dev.bindery.spring.boot.app.NoteEdits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No silent loss in Spring Data: a managed entity changed inside {@code @Transactional(readOnly = true)} is refused at
 * commit when the transaction was routed to a replica (nothing written anywhere), and written when it was routed to
 * the primary; in a read-write transaction it is written to the primary. Note 7 is on both H2 databases.
 */
class ReadOnlyChangesTest extends StarterContext {
    @Autowired
    NoteEdits edits;
    @Autowired
    Binds binds;
    @Autowired
    AuditRepository audit;
    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @BeforeEach
    void noteSevenOnPrimaryAndReplica() {
        for (String url : new String[] {PRIMARY, REPLICA}) {
            TestDatabases.run(url, "insert into note (id, text) values (7, 'as loaded')");
        }
    }

    @AfterEach
    void deleteNotes() {
        for (String url : new String[] {PRIMARY, REPLICA}) {
            TestDatabases.run(url, "delete from note");
        }
    }

    @Test
    void anEntityChangedInAReadOnlyTransactionOnAReplicaIsRefusedAndNothingIsWritten() {
        long refusedBefore = refusals();
        assertThatThrownBy(() -> edits.renameWhileReading(7, "changed while reading"))
                .isInstanceOfAny(ReplicaWriteException.class, BindSwitchException.class)
                .hasMessageContaining("replica");
        assertThat(ROUTES).extracting(Route::bind).containsExactly("replica");
        assertThat(TestDatabases.text(PRIMARY, 7)).isEqualTo("as loaded");
        assertThat(TestDatabases.text(REPLICA, 7)).isEqualTo("as loaded");
        assertThat(refusals()).as("refused by the router").isEqualTo(refusedBefore + 1);
    }

    @Test
    void theSameChangeInAReadWriteTransactionIsWrittenToThePrimary() {
        edits.rename(7, "changed for writing");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.READ_WRITE_TRANSACTION);
        assertThat(TestDatabases.text(PRIMARY, 7)).isEqualTo("changed for writing");
        assertThat(TestDatabases.text(REPLICA, 7)).as("the H2 replica replays nothing").isEqualTo("as loaded");
    }

    @Test
    void aReadOnlyTransactionRoutedToThePrimaryWritesTheChange() {
        edits.rename(7, "written first");
        edits.renameWhileReading(7, "changed while reading my writes");
        assertThat(ROUTES).extracting(Route::reason)
                .containsExactly(RouteReason.READ_WRITE_TRANSACTION, RouteReason.READ_YOUR_WRITES);
        assertThat(TestDatabases.text(PRIMARY, 7)).isEqualTo("changed while reading my writes");
        assertThat(TestDatabases.text(REPLICA, 7)).isEqualTo("as loaded");
    }

    @Test
    void withOpenInViewAChangeInAReadOnlyTransactionOfTheRequestIsRefusedToo() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/notes/7/read-then-rename-while-reading"))
                .POST(HttpRequest.BodyPublishers.ofString("changed in the view's session")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("the refusal").isEqualTo(500);
        assertThat(ROUTES).as("two read-only transactions of the request's EntityManager").extracting(Route::bind)
                .containsExactly("replica", "replica");
        assertThat(TestDatabases.text(PRIMARY, 7)).isEqualTo("as loaded");
        assertThat(TestDatabases.text(REPLICA, 7)).isEqualTo("as loaded");
    }

    @Test
    void aGroupsReadOnlyTransactionsAreFlushedToo() {
        for (String url : new String[] {AUDIT, AUDIT_REPLICA}) {
            TestDatabases.run(url, "insert into audit_entry (id, action) values (7, 'as loaded')");
        }
        TransactionTemplate readOnly = new TransactionTemplate(
                context.getBean("bindery.audit.transactionManager", PlatformTransactionManager.class));
        readOnly.setReadOnly(true);
        try {
            assertThatThrownBy(() -> readOnly.executeWithoutResult(s -> audit.findById(7L).orElseThrow().setAction("changed")))
                    .isInstanceOfAny(ReplicaWriteException.class, BindSwitchException.class);
            assertThat(ROUTES).extracting(Route::bind).containsExactly("audit-replica");
            for (String url : new String[] {AUDIT, AUDIT_REPLICA}) {
                assertThat(TestDatabases.rows(url, "audit_entry where action = 'as loaded'")).isOne();
            }
        } finally {
            for (String url : new String[] {AUDIT, AUDIT_REPLICA}) {
                TestDatabases.run(url, "delete from audit_entry");
            }
        }
    }

    private long refusals() {
        return binds.router().refusals().values().stream().mapToLong(Long::longValue).sum();
    }
}
