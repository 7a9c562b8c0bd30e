package dev.bindery.spring.boot;

import dev.bindery.spring.boot.app.NoteApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.jpa.hibernate.ddl-auto=update} with the starter, over databases that have no entity tables: Hibernate
 * reads each group's schema and creates what is missing, on the group's primary only.
 */
@SpringBootTest(classes = {NoteApplication.class, StarterContext.Listener.class})
class DdlAutoUpdateTest {
    static final String PRIMARY = TestDatabases.bare("primary");
    static final String REPLICA = TestDatabases.bare("replica");
    static final String AUDIT = TestDatabases.bare("audit");
    static final String AUDIT_REPLICA = TestDatabases.bare("audit-replica");

    @DynamicPropertySource
    static void updatedByHibernate(DynamicPropertyRegistry r) {
        DdlAutoValidateTest.schemaByHibernate(r, "update", PRIMARY, REPLICA, AUDIT, AUDIT_REPLICA);
    }

    @Test
    void ddlAutoUpdateCreatesTheMissingTablesOnEachGroupsPrimaryOnly() {
        assertThat(TestDatabases.tables(PRIMARY)).as("the default group's primary").contains("NOTE");
        assertThat(TestDatabases.tables(AUDIT)).as("the audit group's primary").contains("AUDIT_ENTRY");
        assertThat(TestDatabases.tables(REPLICA)).as("the default group's replica").doesNotContain("NOTE", "AUDIT_ENTRY");
        assertThat(TestDatabases.tables(AUDIT_REPLICA)).as("the audit group's replica").doesNotContain("NOTE", "AUDIT_ENTRY");
    }
}
