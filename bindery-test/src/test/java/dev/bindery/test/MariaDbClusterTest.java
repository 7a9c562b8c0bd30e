package dev.bindery.test;

import dev.bindery.Binds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** A private MariaDB primary and replica from the system's mariadbd: it replicates, and its fault controls work. */
@MariaDbReplication(replicas = 1)
class MariaDbClusterTest {

    @BeforeAll
    static void createTable(MariaDbCluster db) throws SQLException {
        System.out.println("MariaDB primary + 1 replica started in " + db.startup().toMillis() + " ms");
        try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, name varchar(40))");
        }
        db.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterAll
    static void heal(MariaDbCluster db) {
        db.heal();
    }

    @Test
    void theReplicaAppliesThePrimarysWritesAndRefusesItsOwn(MariaDbCluster db) throws SQLException {
        Node replica = db.replica(1);
        try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
            s.execute("insert into item values (1, 'one')");
        }
        db.awaitCaughtUp(replica, Duration.ofSeconds(30));
        assertThat(db.gtidPosition(replica)).isEqualTo(db.gtidPosition(db.primary()));
        try (Connection c = db.connect(replica); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from item where id = 1")).isEqualTo(1);
            assertThat(count(s, "select @@read_only")).isEqualTo(1);
            assertThatThrownBy(() -> s.execute("insert into item values (2, 'two')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void aPausedReplicaFallsBehindAndCatchesUpOnResume(MariaDbCluster db) throws SQLException {
        Node replica = db.replica(1);
        db.pauseReplication(replica);
        try {
            try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
                s.execute("insert into item values (10, 'ten')");
            }
            assertThatThrownBy(() -> db.awaitCaughtUp(replica, Duration.ofMillis(300)))
                    .isInstanceOf(MariaDbClusterException.class).hasMessageContaining("resumeReplication");
            try (Connection c = db.connect(replica); Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from item where id = 10")).isZero();
            }
        } finally {
            db.resumeReplication(replica);
        }
        db.awaitCaughtUp(replica, Duration.ofSeconds(30));
        try (Connection c = db.connect(replica); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from item where id = 10")).isEqualTo(1);
        }
    }

    @Test
    void aStoppedReplicaResumesReplicatingWhenStarted(MariaDbCluster db) throws SQLException {
        Node replica = db.replica(1);
        db.stop(replica);
        assertThat(db.isRunning(replica)).isFalse();
        try (Connection c = db.connect(db.primary()); Statement s = c.createStatement()) {
            s.execute("insert into item values (20, 'while stopped')");
        }
        db.start(replica);
        assertThat(db.isRunning(replica)).isTrue();
        db.awaitCaughtUp(replica, Duration.ofSeconds(30));
        try (Connection c = db.connect(replica); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from item where id = 20")).isEqualTo(1);
        }
    }

    @Test
    void bindsPutThePrimaryInGroupDefaultAndTheReplicaUnderIt(MariaDbCluster db, Binds binds) throws SQLException {
        assertThat(binds.keys()).containsExactly("default", "replica-1");
        assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("replica-1");
        assertThat(binds.config("replica-1").url()).isEqualTo(db.jdbcUrl(db.replica(1)));
        try (Connection c = binds.dataSource("replica-1").getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "select @@port")).isEqualTo(db.replica(1).port());
        }
    }

    @Test
    void itsDataLivesOutsideTheSystemServer(MariaDbCluster db) throws SQLException {
        for (Node node : db.nodes()) {
            assertThat(node.port()).isNotEqualTo(3306);
            try (Connection c = db.connectAsRoot(node); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select @@datadir")) {
                rs.next();
                assertThat(Files.isDirectory(Path.of(rs.getString(1)))).isTrue();
                assertThat(rs.getString(1)).doesNotStartWith("/var/lib/mysql");
            }
        }
    }

    @Test
    void missingBinariesSkipTheClassOrFailItOnCi() {
        String before = System.getProperty("bindery.mariadb.bin");
        System.setProperty("bindery.mariadb.bin", "/nonexistent-bindery-mariadb");
        Events classes;
        try {
            classes = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeedsMariaDb.class))
                    .execute().containerEvents();
        } finally {
            if (before == null) {
                System.clearProperty("bindery.mariadb.bin");
            } else {
                System.setProperty("bindery.mariadb.bin", before);
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            classes.assertThatEvents().haveExactly(1, event(container(NeedsMariaDb.class),
                    finishedWithFailure(message(m -> m.contains("No MariaDB server binaries") && m.contains("CI=true")))));
        } else {
            classes.assertThatEvents().haveExactly(1, event(container(NeedsMariaDb.class),
                    abortedWithReason(message(m -> m.contains("No MariaDB server binaries") && m.contains("apt-get install")))));
        }
    }

    @MariaDbReplication
    static class NeedsMariaDb {
        @Test
        void neverRuns() {
            throw new AssertionError("must not run without mariadbd");
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
