package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** {@link LocalMariaDb} gives a class its own database on the local server and drops it afterwards. */
@LocalMariaDb
class MariaDbDatabaseTest {
    static final AtomicReference<String> INNER_DATABASE = new AtomicReference<>();

    @Test
    void theClassDatabaseIsCreatedForTheClassAndDroppedAfterIt(MariaDbDatabase outer) throws SQLException {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsesItsDatabase.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(INNER_DATABASE.get()).isNotNull().isNotEqualTo(outer.database());
        try (Connection c = outer.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from information_schema.schemata where schema_name = '"
                     + INNER_DATABASE.get() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aMissingServerSkipsTheClassOrFailsItOnCi() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String before = System.getProperty("bindery.mariadb.port");
        System.setProperty("bindery.mariadb.port", String.valueOf(closedPort));
        Events classes;
        try {
            classes = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsesItsDatabase.class))
                    .execute().containerEvents();
        } finally {
            if (before == null) {
                System.clearProperty("bindery.mariadb.port");
            } else {
                System.setProperty("bindery.mariadb.port", before);
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            classes.assertThatEvents().haveExactly(1, event(container(UsesItsDatabase.class),
                    finishedWithFailure(message(m -> m.contains("No MariaDB server usable") && m.contains("CI=true")))));
        } else {
            classes.assertThatEvents().haveExactly(1, event(container(UsesItsDatabase.class),
                    abortedWithReason(message(m -> m.contains("No MariaDB server usable") && m.contains("Start one")))));
        }
    }

    // tag::mariadb-database[]
    @LocalMariaDb
    static class UsesItsDatabase {
        @Test
        void writesToItsOwnDatabase(MariaDbDatabase db) throws SQLException {
            INNER_DATABASE.set(db.database());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement st = c.createStatement()) {
                st.execute("create table t (id int primary key)");
                st.execute("insert into t values (1)");
                try (ResultSet rs = st.executeQuery("select database(), count(*) from t")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(db.database());
                    assertThat(rs.getInt(2)).isEqualTo(1);
                }
            }
        }
    }
    // end::mariadb-database[]
}
