package dev.bindery.spring.boot;

import dev.bindery.BindSwitchException;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.spring.TransactionRoutingDataSource;
import dev.bindery.spring.boot.app.AuditEntry;
import dev.bindery.spring.boot.app.AuditRepository;
import dev.bindery.spring.boot.app.Note;
import dev.bindery.spring.boot.app.NoteRepository;
import dev.bindery.spring.boot.app.Where;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spring transactions over the starter's routing data source, on H2 databases that say who they are. */
class TransactionRoutingTest extends StarterContext {
    @Autowired
    Where where;
    @Autowired
    DataSource dataSource;
    @Autowired
    Binds binds;
    @Autowired
    NoteRepository notes;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    AuditRepository audit;
    @Autowired
    jakarta.persistence.EntityManagerFactory defaultFactory;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void theStarterGivesOnePrimaryRoutingDataSourceOverTheConfiguredBinds() {
        assertThat(dataSource).isInstanceOf(TransactionRoutingDataSource.class);
        assertThat(binds.keys()).containsExactly("default", "replica", "other", "other-replica", "audit", "audit-replica");
        assertThat(binds.replicas("default")).containsExactly("replica");
    }

    @Test
    void readOnlyTransactionsRunOnTheReplicaAndReadWriteOnesOnThePrimary() {
        assertThat(where.readOnly()).isEqualTo("replica");
        assertThat(where.readWrite()).isEqualTo("primary");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.REPLICA_READ, RouteReason.READ_WRITE_TRANSACTION);
    }

    @Test
    void theRouteIsDecidedAtTheFirstStatementNotAtBeginNorAtGetMetaData() throws Exception {
        transactions.setReadOnly(true);
        String served = transactions.execute(status -> {
            try {
                Connection c = DataSourceUtils.getConnection(dataSource);
                c.getMetaData().getDatabaseProductName();
                c.getAutoCommit();
                assertThat(ROUTES).as("no route before the first statement").isEmpty();
                return where.now();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(served).isEqualTo("replica");
        assertThat(ROUTES).hasSize(1);
    }

    @Test
    void aNestedRequiredTransactionStaysOnThePrimary() {
        assertThat(where.readWriteThenNestedReadOnly()).isEqualTo("primary");
        assertThat(ROUTES).hasSize(1);
    }

    @Test
    void aRequiresNewTransactionIsRoutedOnItsOwn() {
        assertThat(where.readWriteThenRequiresNewReadOnly()).isEqualTo("replica");
        assertThat(ROUTES).extracting(Route::reason).containsExactly(RouteReason.READ_WRITE_TRANSACTION, RouteReason.REPLICA_READ);
    }

    @Test
    void aReadWriteTransactionThatOnlyReadOnPreparedStatementsDoesNotPinLaterReads() {
        where.readWritePrepared();
        assertThat(where.readOnly()).isEqualTo("replica");
    }

    @Test
    void aWriteInATransactionOnAReplicaIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> where.writeInReadOnly("lost")).isInstanceOf(ReplicaWriteException.class);
        assertThat(TestDatabases.notes(REPLICA)).isZero();
        assertThat(binds.router().refusals().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    void useBindPointsATransactionAtABindAndRefusesASwitchInsideOne() {
        assertThat(where.onOther()).isEqualTo("other");
        ROUTES.clear();
        long switches = binds.router().refusals().get(Refusal.Kind.BIND_SWITCH);
        assertThatThrownBy(() -> where.readOnlyThenOther()).isInstanceOf(BindSwitchException.class)
                .hasMessageContaining("bind 'other' inside a transaction already routed to bind 'replica'")
                .hasMessageContaining("@UseBind(\"other\")");
        assertThat(binds.router().refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(switches + 1);
        assertThat(ROUTES).as("nothing ran on bind 'other'").extracting(Route::bind).containsExactly("replica");
    }

    @Test
    void springDataReadsGoToTheReplicaUntilTheThreadWritesThenReadTheirWrites() {
        assertThat(notes.count()).as("replica's notes").isZero();
        Note saved = notes.save(new Note("mine"));
        assertThat(TestDatabases.notes(PRIMARY)).isEqualTo(1);
        assertThat(notes.findById(saved.getId())).as("read your writes: the primary").isPresent();
        assertThat(ROUTES).extracting(Route::reason)
                .containsExactly(RouteReason.REPLICA_READ, RouteReason.READ_WRITE_TRANSACTION, RouteReason.READ_YOUR_WRITES);
        new org.springframework.jdbc.core.JdbcTemplate(binds.dataSource("default")).update("delete from note");
    }

    @Test
    void entitiesOfAnotherGroupGetThatGroupsOwnFactoryAndTheirRepositoriesUseIt() {
        AuditEntry saved = audit.save(new AuditEntry("signed in"));
        assertThat(TestDatabases.rows(AUDIT, "audit_entry")).as("on the audit primary").isEqualTo(1);
        assertThat(TestDatabases.rows(PRIMARY, "audit_entry")).as("not on the default primary").isZero();
        assertThat(ROUTES).extracting(Route::bind).containsExactly("audit");
        dev.bindery.spring.internal.WriteMemory.install(null);
        assertThat(audit.findById(saved.getId())).as("read from the audit replica, which has no rows").isEmpty();
        assertThat(ROUTES).extracting(Route::bind).containsExactly("audit", "audit-replica");
        assertThat(context.getBean("bindery.audit.entityManagerFactory")).isInstanceOf(jakarta.persistence.EntityManagerFactory.class);
        assertThat(context.getBean("bindery.audit.transactionManager")).isInstanceOf(org.springframework.orm.jpa.JpaTransactionManager.class);
        assertThat(defaultFactory.getMetamodel().getEntities()).extracting(jakarta.persistence.metamodel.EntityType::getName)
                .containsExactly("Note");
        new org.springframework.jdbc.core.JdbcTemplate(binds.dataSource("audit")).update("delete from audit_entry");
    }
}
