package dev.bindery.spring.boot;

import dev.bindery.spi.Route;
import dev.bindery.spring.boot.app.NotesAndRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JdbcTemplate and Spring Data repositories in one {@code @Transactional} method share its connection and its fate. */
class JdbcTemplateWithJpaTest extends StarterContext {
    @Autowired
    NotesAndRows both;

    @AfterEach
    void emptyTheTables() {
        for (String url : new String[] {PRIMARY, REPLICA}) {
            TestDatabases.run(url, "delete from note");
            TestDatabases.run(url, "delete from audit_entry");
        }
    }

    @Test
    void jdbcTemplateAndRepositoriesShareOneTransactionThatCommitsOnThePrimary() {
        both.saveBoth("kept");
        assertThat(TestDatabases.notes(PRIMARY)).as("repository's note on the primary").isEqualTo(1);
        assertThat(TestDatabases.rows(PRIMARY, "audit_entry")).as("JdbcTemplate's row on the primary").isEqualTo(1);
        assertThat(TestDatabases.notes(REPLICA) + TestDatabases.rows(REPLICA, "audit_entry")).as("on the replica").isZero();
        assertThat(ROUTES).as("one route for the one transaction").extracting(Route::bind).containsExactly("default");
    }

    @Test
    void jdbcTemplateAndRepositoryWritesRollBackTogetherWhenTheMethodThrows() {
        assertThatThrownBy(() -> both.saveBothThenFail("lost")).isInstanceOf(IllegalStateException.class);
        assertThat(TestDatabases.notes(PRIMARY)).as("repository's note").isZero();
        assertThat(TestDatabases.rows(PRIMARY, "audit_entry")).as("JdbcTemplate's row").isZero();
        assertThat(ROUTES).extracting(Route::bind).containsExactly("default");
    }

    @Test
    void jdbcTemplateAndRepositoryReadsInAReadOnlyTransactionRunOnTheSameReplica() {
        TestDatabases.run(REPLICA, "insert into note (text) values ('only on the replica')");
        NotesAndRows.Seen seen = both.readBoth();
        assertThat(seen.database()).as("JdbcTemplate's whoami").isEqualTo("replica");
        assertThat(seen.notes()).as("repository's notes").containsExactly("only on the replica");
        assertThat(ROUTES).as("one route for the one transaction").extracting(Route::bind).containsExactly("replica");
    }
}
