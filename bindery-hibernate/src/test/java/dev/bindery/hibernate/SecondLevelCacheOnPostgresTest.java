package dev.bindery.hibernate;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.CausalToken;
import dev.bindery.hibernate.cached.Note;
import dev.bindery.spi.Role;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteReason;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import dev.bindery.test.ReplicatedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static dev.bindery.hibernate.CachedDatabase.textByCachedQuery;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second-level and query caches stay correct on a real PostgreSQL primary with two streaming replicas, replay
 * paused on {@code replica-2} while {@code replica-1} keeps replaying (docs/second-level-cache.md). Every read is
 * checked against what the bind it was routed to holds, read over JDBC.
 */
@PostgresReplication(replicas = 2)
class SecondLevelCacheOnPostgresTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static Binds binds;
    private static Database db;
    /** Another JVM's Database: caches of its own. Closed with {@link #db}: JCache's shared cache manager closes with either. */
    private static Database otherJvm;

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster) {
        binds = cluster.binds();
        db = CachedDatabase.of(binds);
        db.createAll();
    }

    @AfterAll
    static void tearDown() {
        if (otherJvm != null) {
            otherJvm.close();
        }
        db.close();
        binds.close();
    }

    @BeforeEach
    void oneNote(ReplicatedDatabase cluster) {
        db.inTransaction(s -> s.createMutationQuery("delete from Note").executeUpdate());
        CachedDatabase.evictAll(db);
        db.inTransaction(s -> s.persist(new Note(1L, "v1")));
        cluster.awaitCaughtUp(CATCH_UP);
        CachedDatabase.evictAll(db);
        cluster.pauseReplay(cluster.replica(2));
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    /** What bind {@code key} holds for note 1, read over JDBC, past every cache. */
    private static String held(String key) {
        try (Connection c = binds.dataSource(key).getConnection();
             PreparedStatement ps = c.prepareStatement("select text from Note where id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(String text) {
        try (RoutingSession s = db.openSession().begin()) {
            s.find(Note.class, 1L).setText(text);
            s.commit();
        }
    }

    private static void writeByQuery(String text) {
        try (RoutingSession s = db.openSession()) {
            s.createMutationQuery("update Note set text = :t where id = 1").setParameter("t", text).executeUpdate();
            s.commit();
        }
    }

    /** Reads note 1 on both replicas in turn (round robin), each time checking the value against the bind's own. */
    private static void replicaReadsAreNeverOlderThanTheirBind(String primaryValue) {
        for (int i = 0; i < 2; i++) {
            try (RoutingSession s = db.openReadOnlySession()) {
                String text = s.find(Note.class, 1L).getText();
                notOlderThanItsBind("find", text, s.lastRoute(), primaryValue);
                String query = textByCachedQuery(s, 1L);
                notOlderThanItsBind("query", query, s.lastRoute(), primaryValue);
            }
        }
    }

    private static void notOlderThanItsBind(String what, String read, Route route, String primaryValue) {
        assertThat(route.role()).isEqualTo(Role.REPLICA);
        String bindHolds = held(route.bind());
        if (bindHolds.equals(primaryValue)) {
            assertThat(read).as(what + " on " + route.bind() + ", which holds " + bindHolds).isEqualTo(bindHolds);
        } else {
            assertThat(read).as(what + " on " + route.bind() + ", which holds " + bindHolds).isIn(bindHolds, primaryValue);
        }
    }

    @Test
    void aReadNeverReturnsACachedValueOlderThanTheReplicaItWasRoutedTo(ReplicatedDatabase cluster) {
        replicaReadsAreNeverOlderThanTheirBind("v1");
        write("v2");
        cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
        assertThat(held("replica-1")).isEqualTo("v2");
        assertThat(held("replica-2")).as("paused").isEqualTo("v1");
        replicaReadsAreNeverOlderThanTheirBind("v2");

        writeByQuery("v3");   // the cache learns of it only as an eviction
        replicaReadsAreNeverOlderThanTheirBind("v2");   // before replica-1 replays: nobody's value is v3 but the primary's
        cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
        replicaReadsAreNeverOlderThanTheirBind("v3");
    }

    @Test
    void aSessionReadsItsOwnWritesWhileTheReplicasLag(ReplicatedDatabase cluster) {
        try (RoutingSession session = db.openSession()) {
            assertThat(session.find(Note.class, 1L).getText()).isEqualTo("v1");
            assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
            cluster.pauseReplay(cluster.replica(1));
            session.begin();
            session.find(Note.class, 1L).setText("v2");           // a change found by dirty checking
            session.commit();
            session.clear();
            assertThat(session.find(Note.class, 1L).getText()).as("find after commit and clear").isEqualTo("v2");
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);

            session.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate();
            session.commit();
            replicaReadsAreNeverOlderThanTheirBind("v3");   // both paused: they read v1 (and must not cache it)
            session.clear();
            session.begin();
            assertThat(session.find(Note.class, 1L).getText()).as("find in the next transaction").isEqualTo("v3");
            assertThat(textByCachedQuery(session, 1L)).as("cacheable query in the next transaction").isEqualTo("v3");
            session.commit();
        }
    }

    @Test
    void aTokenReadSeesTheWriteOnAReplicaThatReplayedIt(ReplicatedDatabase cluster) {
        replicaReadsAreNeverOlderThanTheirBind("v1");   // both replicas' reads: what each cached before the write
        CausalToken token;
        try (RoutingSession s = db.openSession().begin()) {
            s.find(Note.class, 1L).setText("v2");
            s.commit();
            assertThat(s.causalToken().position(Binds.DEFAULT)).as("a change found by dirty checking is a write").isPositive();
            s.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate();   // the cache learns of it as an eviction
            s.commit();
            token = s.causalToken();
        }
        try (RoutingSession s = db.openReadOnlySession().usingBind("replica-2")) {   // paused: what it returns must not be cached
            assertThat(s.find(Note.class, 1L).getText()).isEqualTo("v1");
            assertThat(textByCachedQuery(s, 1L)).isEqualTo("v1");
        }
        cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).after(token).build())) {
            assertThat(s.find(Note.class, 1L).getText()).isEqualTo("v3");
            assertThat(s.lastRoute().bind()).as("the only replica past the token").isEqualTo("replica-1");
            assertThat(textByCachedQuery(s, 1L)).isEqualTo("v3");
        }
        try (BindScope scope = BindContext.after(token); RoutingSession s = db.openReadOnlySession()) {
            assertThat(s.find(Note.class, 1L).getText()).isEqualTo("v3");
            assertThat(s.lastRoute().bind()).isEqualTo("replica-1");
        }
    }

    @Test
    void aTokenFromAnotherJvmIsHonouredAlthoughThisJvmsCacheNeverSawTheWrite(ReplicatedDatabase cluster) {
        try (RoutingSession s = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(s.find(Note.class, 1L).getText()).as("cached here, from the primary").isEqualTo("v1");
        }
        CausalToken token;
        otherJvm = CachedDatabase.ofAnotherJvm(binds);
        try (RoutingSession s = otherJvm.openSession().begin()) {
            s.find(Note.class, 1L).setText("v2");
            s.commit();
            token = s.causalToken();
        }
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).after(token).build())) {
            assertThat(s.find(Note.class, 1L).getText()).as("read with the token, " + s.lastRoute()).isEqualTo("v2");
            assertThat(textByCachedQuery(s, 1L)).isEqualTo("v2");
        }
        cluster.awaitCaughtUp(cluster.replica(1), CATCH_UP);
        try (BindScope scope = BindContext.after(token); RoutingSession s = db.openReadOnlySession()) {
            assertThat(s.find(Note.class, 1L).getText()).as("read with the token, " + s.lastRoute()).isEqualTo("v2");
            assertThat(s.lastRoute().bind()).isEqualTo("replica-1");
        }
        // what does not hold: without a token, this JVM's cache still serves what it last saw
        try (RoutingSession s = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(s.find(Note.class, 1L).getText()).as("a plain read in this JVM").isEqualTo("v1");
        }
    }

    @Test
    void aCommittedWriteGoesThroughToTheCacheBeforeAnyReplicaReplaysIt(ReplicatedDatabase cluster) {
        cluster.pauseReplay(cluster.replica(1));
        write("v2");
        try (RoutingSession s = db.openSession()) {
            s.persist(new Note(2L, "new"));
            s.commit();
        }
        for (int i = 0; i < 2; i++) {
            try (RoutingSession s = db.openReadOnlySession()) {
                assertThat(s.find(Note.class, 1L).getText()).as("from the cache").isEqualTo("v2");
                assertThat(s.find(Note.class, 2L)).as("an insert, from the cache").isNotNull();
                assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);
                assertThat(held(s.lastRoute().bind())).as("paused").isEqualTo("v1");
            }
        }

        // the cache holds the primary's copy only: what a replica read returns is never put into it
        writeByQuery("v3");   // evicts note 1
        for (int i = 0; i < 2; i++) {
            try (RoutingSession s = db.openReadOnlySession()) {
                assertThat(s.find(Note.class, 1L).getText()).as("not in the cache: the replica's own value").isEqualTo("v1");
            }
        }
        assertThat(db.sessionFactory(Binds.DEFAULT).getCache().containsEntity(Note.class, 1L)).as("put by a replica read").isFalse();
        try (RoutingSession s = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(s.find(Note.class, 1L).getText()).as("a primary read after the replica reads").isEqualTo("v3");
        }
    }
}
