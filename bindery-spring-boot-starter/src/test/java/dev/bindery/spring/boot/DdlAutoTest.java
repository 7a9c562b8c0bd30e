package dev.bindery.spring.boot;

import dev.bindery.spi.Role;
import dev.bindery.spring.boot.app.Note;
import dev.bindery.spring.boot.app.NoteApplication;
import dev.bindery.spring.boot.app.NoteRepository;
import dev.bindery.spring.boot.app.Where;
import dev.bindery.spring.internal.WriteMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.bindery.spring.boot.StarterContext.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.jpa.hibernate.ddl-auto=create} with the starter, in a context of its own over databases that have no
 * entity tables: Hibernate's schema tooling takes its connections outside any transaction, and they come from each
 * group's primary, never a replica (an H2 "replica" is a database of its own: it gets what a test copies to it).
 */
@SpringBootTest(classes = {NoteApplication.class, StarterContext.Listener.class})
class DdlAutoTest {
    static final String PRIMARY = TestDatabases.bare("primary");
    static final String REPLICA = TestDatabases.bare("replica");
    static final String AUDIT = TestDatabases.bare("audit");
    static final String AUDIT_REPLICA = TestDatabases.bare("audit-replica");

    @DynamicPropertySource
    static void createdByHibernate(DynamicPropertyRegistry r) {
        StarterContext.binds(r);
        r.add("spring.datasource.url", () -> PRIMARY);
        r.add("bindery.binds.replica.url", () -> REPLICA);
        r.add("bindery.binds.audit.url", () -> AUDIT);
        r.add("bindery.binds.audit-replica.url", () -> AUDIT_REPLICA);
        r.add("spring.jpa.hibernate.ddl-auto", () -> "create");
        r.add("spring.flyway.enabled", () -> "false");
        r.add("spring.liquibase.enabled", () -> "false");
        r.add("spring.sql.init.mode", () -> "never");
    }

    @Autowired
    NoteRepository notes;
    @Autowired
    Where where;

    @BeforeEach
    void forgetRoutesAndWrites() {
        WriteMemory.install(null);
        ROUTES.clear();
    }

    @Test
    void ddlAutoCreatesTheEntityTablesOnEachGroupsPrimaryOnly() {
        assertThat(TestDatabases.tables(PRIMARY)).as("the default group's primary").contains("NOTE");
        assertThat(TestDatabases.tables(REPLICA)).as("the default group's replica").doesNotContain("NOTE", "AUDIT_ENTRY");
        assertThat(TestDatabases.tables(AUDIT)).as("the audit group's primary").contains("AUDIT_ENTRY");
        assertThat(TestDatabases.tables(AUDIT_REPLICA)).as("the audit group's replica").doesNotContain("NOTE", "AUDIT_ENTRY");
    }

    @Test
    void readOnlyTransactionsStillReadFromAReplicaAfterBoot() {
        TestDatabases.run(REPLICA, "create table note (id bigint primary key, text varchar(200))");   // replayed by hand
        TestDatabases.run(REPLICA, "insert into note values (1, 'on the replica')");

        assertThat(notes.findAll()).extracting(Note::getText).containsExactly("on the replica");
        assertThat(where.readOnly()).isEqualTo("replica");
        assertThat(ROUTES).isNotEmpty().allSatisfy(route -> assertThat(route.role()).isEqualTo(Role.REPLICA));
        assertThat(TestDatabases.notes(PRIMARY)).isZero();
    }
}
