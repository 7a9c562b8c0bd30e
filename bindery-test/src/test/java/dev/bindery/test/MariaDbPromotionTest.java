package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The MariaDB promotion controls: a killed primary, a promoted GTID replica, and the old primary back in two ways. */
@MariaDbReplication(replicas = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbPromotionTest {
    private static Node oldPrimary;

    @BeforeAll
    static void createTable(MariaDbCluster db) throws SQLException {
        oldPrimary = db.primary();
        try (Connection c = db.connect(oldPrimary); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, written_on varchar(20))");
            s.execute("insert into item values (1, 'primary')");
        }
        db.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void aPromotedReplicaTakesWritesAndTheOtherReplicaFollowsIt(MariaDbCluster db) throws SQLException {
        // tag::mariadb-promote[]
        db.kill(oldPrimary);                                   // SIGKILL, like a crash
        Node promoted = db.promote(db.replica(1));             // STOP SLAVE, RESET SLAVE ALL, read_only=0
        // end::mariadb-promote[]

        assertThat(promoted.name()).isEqualTo("replica-1");
        assertThat(db.primary()).isEqualTo(promoted);
        assertThat(promoted.isPrimary()).isTrue();
        assertThat(db.replicas()).extracting(Node::name).containsExactly("primary", "replica-2");
        try (Connection c = db.connect(promoted); Statement s = c.createStatement()) {
            assertThat(count(s, "select @@read_only")).isZero();
            s.execute("insert into item values (2, 'replica-1')");        // as the application user, no SUPER
        }
        db.awaitCaughtUp(db.replica(2), Duration.ofSeconds(30));
        assertThat(db.gtidPosition(db.replica(2))).isEqualTo(db.gtidPosition(promoted));
        try (Connection c = db.connect(db.replica(2)); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from item")).isEqualTo(2);
            assertThat(count(s, "select @@read_only")).isEqualTo(1);
        }
        assertThatThrownBy(() -> db.promote(promoted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the primary");
    }

    @Test
    @Order(2)
    void theOldPrimaryComesBackWritableUntilItRejoinsAsAReplica(MariaDbCluster db) throws SQLException {
        db.start(oldPrimary);
        try (Connection c = db.connect(oldPrimary); Statement s = c.createStatement()) {
            assertThat(count(s, "select @@read_only")).isZero();                 // split-brain: it would take writes
            assertThat(count(s, "select count(*) from item")).isEqualTo(1);      // and it misses the new primary's
        }

        db.rejoin(oldPrimary);

        db.awaitCaughtUp(oldPrimary, Duration.ofSeconds(30));
        try (Connection c = db.connect(oldPrimary); Statement s = c.createStatement()) {
            assertThat(count(s, "select @@read_only")).isEqualTo(1);
            assertThat(count(s, "select count(*) from item")).isEqualTo(2);
            assertThatThrownBy(() -> s.execute("insert into item values (3, 'old primary')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
        db.heal();
        assertThat(db.primary().name()).isEqualTo("replica-1");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
