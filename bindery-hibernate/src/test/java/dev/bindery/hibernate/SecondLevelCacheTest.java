package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.cached.Note;
import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernateHints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.bindery.hibernate.CachedDatabase.textByCachedQuery;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's second-level and query caches stay correct under routing (docs/second-level-cache.md). The "replica" is
 * a separate H2 database, so each test decides exactly what it holds: an UPDATE there is its replay of the primary.
 */
class SecondLevelCacheTest {
    private static Binds binds;
    private static Database db;
    private static String primary;
    private static String replica;

    @BeforeAll
    static void setUp() {
        binds = H2.separateReplica("second-level-cache");
        primary = binds.config(Binds.DEFAULT).url();
        replica = binds.config("replica").url();
        db = CachedDatabase.of(binds);
        db.createAll();
        H2.exec(replica, "create table Note (id bigint primary key, text varchar(255))");
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @BeforeEach
    void empty() {
        H2.exec(primary, "delete from Note");
        H2.exec(replica, "delete from Note");
        CachedDatabase.evictAll(db);
        both("insert into Note(id, text) values (1, 'v1')");
    }

    private static void both(String sql) {
        H2.exec(primary, sql);
        H2.exec(replica, sql);
    }

    private static void replay(String sql) {
        H2.exec(replica, sql);
    }

    private static String replicaRead() {
        try (RoutingSession s = db.openReadOnlySession()) {
            Note n = s.find(Note.class, 1L);
            assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);
            return n == null ? null : n.getText();
        }
    }

    private static String replicaQuery() {
        try (RoutingSession s = db.openReadOnlySession()) {
            String text = textByCachedQuery(s, 1L);
            assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);
            return text;
        }
    }

    private static void writeOnThePrimary(String text) {
        try (RoutingSession s = db.openSession().begin()) {   // a read-write transaction: loaded from the primary
            s.find(Note.class, 1L).setText(text);
            s.commit();
        }
    }

    @Test
    void aSessionReadsItsOwnCommittedWritesBackByFindAndByQuery() {
        try (RoutingSession session = db.openSession()) {
            assertThat(session.find(Note.class, 1L).getText()).isEqualTo("v1");
            assertThat(session.lastRoute().role()).isEqualTo(Role.REPLICA);
            session.begin();
            session.find(Note.class, 1L).setText("v2");           // a change found by dirty checking
            session.commit();
            session.clear();
            assertThat(session.find(Note.class, 1L).getText()).as("find after commit and clear").isEqualTo("v2");
            assertThat(session.lastRoute().reason()).isEqualTo(RouteReason.READ_YOUR_WRITES);

            session.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate();
            session.commit();
            // meanwhile other units of work read the replica, which has not replayed the updates
            assertThat(replicaRead()).isEqualTo("v1");
            assertThat(replicaQuery()).isEqualTo("v1");
            session.clear();
            session.begin();
            assertThat(session.find(Note.class, 1L).getText()).as("find in the next transaction").isEqualTo("v3");
            assertThat(textByCachedQuery(session, 1L)).as("cacheable query in the next transaction").isEqualTo("v3");
            session.commit();
        }
        assertThat(H2.one(primary, "select text from Note where id = 1")).isEqualTo("v3");
    }

    @Test
    void aReplicaReadNeverReturnsACachedValueOlderThanTheReplicaHolds() {
        assertThat(replicaRead()).isEqualTo("v1");
        writeOnThePrimary("v2");
        replay("update Note set text = 'v2' where id = 1");
        assertThat(replicaRead()).as("the replica has replayed v2").isEqualTo("v2");

        // an update the cache learns of only as an eviction, then read on the replica before and after its replay
        try (RoutingSession s = db.openSession()) {
            s.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate();
            s.commit();
        }
        assertThat(replicaRead()).as("not replayed yet: the replica's own value").isEqualTo("v2");
        replay("update Note set text = 'v3' where id = 1");
        assertThat(replicaRead()).as("the replica has replayed v3").isEqualTo("v3");
    }

    @Test
    void aCommittedWriteGoesThroughToTheCacheThatReplicaReadsUse() {
        writeOnThePrimary("v2");
        try (RoutingSession s = db.openSession()) {
            s.persist(new Note(2L, "new"));
            s.commit();
        }
        assertThat(db.sessionFactory(Binds.DEFAULT).getCache().containsEntity(Note.class, 2L)).isTrue();
        assertThat(H2.one(replica, "select text from Note where id = 1")).as("the replica has replayed nothing").isEqualTo("v1");
        assertThat(replicaRead()).as("served by the cache, newer than the replica").isEqualTo("v2");
        try (RoutingSession s = db.openReadOnlySession()) {
            assertThat(s.find(Note.class, 2L)).as("an insert, cached on commit").isNotNull();
            assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);
        }

        // the cache holds the primary's copy only: what a replica read returns is never put into it
        try (RoutingSession s = db.openSession()) {
            s.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate();   // evicts note 1
            s.commit();
        }
        assertThat(replicaRead()).as("not in the cache: the replica's own value").isEqualTo("v1");
        assertThat(db.sessionFactory(Binds.DEFAULT).getCache().containsEntity(Note.class, 1L)).as("put by the replica read").isFalse();
        try (RoutingSession s = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(s.find(Note.class, 1L).getText()).as("a primary read after the replica read").isEqualTo("v3");
        }
    }

    @Test
    void theQueryCacheNeverServesAResultOlderThanTheBindTheQueryWasRoutedTo() {
        assertThat(replicaQuery()).isEqualTo("v1");
        try (RoutingSession s = db.openSession()) {
            s.createMutationQuery("update Note set text = 'v2' where id = 1").executeUpdate();
            s.commit();
        }
        assertThat(replicaQuery()).as("not replayed yet: the replica's own value").isEqualTo("v1");
        replay("update Note set text = 'v2' where id = 1");
        assertThat(replicaQuery()).as("the replica has replayed v2").isEqualTo("v2");
        try (RoutingSession s = db.openSession().usingBind(Binds.DEFAULT)) {
            assertThat(textByCachedQuery(s, 1L)).as("on the primary").isEqualTo("v2");
        }
    }

    private static String standardRead() {
        try (Session s = db.sessionFactory(Binds.DEFAULT).withOptions().readOnly(true).openSession()) {
            return s.find(Note.class, 1L).getText();
        }
    }

    private static String entityManagerQuery() {
        try (EntityManager em = db.entityManagerFactory(Binds.DEFAULT).createEntityManager(Map.of(SessionProperties.READ_ONLY, true))) {
            return em.createQuery("select n.text from Note n where n.id = 1", String.class)
                    .setHint(HibernateHints.HINT_CACHEABLE, true).getSingleResult();
        }
    }

    private static String statelessRead() {
        try (StatelessSession s = db.sessionFactory(Binds.DEFAULT).withStatelessOptions().readOnly(true).openStatelessSession()) {
            return s.get(Note.class, 1L).getText();
        }
    }

    @Test
    void aStatelessSessionFollowsTheSameCacheRules() {
        SessionFactory sf = db.sessionFactory(Binds.DEFAULT);
        sf.inStatelessTransaction(s -> s.createMutationQuery("update Note set text = 'v2' where id = 1").executeUpdate());
        assertThat(statelessRead()).as("the replica's own value").isEqualTo("v1");
        assertThat(sf.getCache().containsEntity(Note.class, 1L)).as("put by the replica read").isFalse();
        replay("update Note set text = 'v2' where id = 1");
        assertThat(statelessRead()).as("the replica has replayed v2").isEqualTo("v2");
        String onThePrimary = sf.fromStatelessTransaction(s -> s.get(Note.class, 1L).getText());
        assertThat(onThePrimary).isEqualTo("v2");
    }

    @Test
    void standardSessionsAndEntityManagersFollowTheSameCacheRules() {
        SessionFactory sf = db.sessionFactory(Binds.DEFAULT);
        assertThat(standardRead()).as("a replica read").isEqualTo("v1");
        assertThat(entityManagerQuery()).isEqualTo("v1");
        sf.inTransaction(s -> s.find(Note.class, 1L).setText("v2"));
        assertThat(standardRead()).as("written through to the cache on commit; the replica still holds v1").isEqualTo("v2");

        sf.inTransaction(s -> s.createMutationQuery("update Note set text = 'v3' where id = 1").executeUpdate());
        assertThat(standardRead()).as("the replica's own value, not cached").isEqualTo("v1");
        assertThat(entityManagerQuery()).as("the replica's own value, not cached").isEqualTo("v1");
        replay("update Note set text = 'v3' where id = 1");
        assertThat(standardRead()).as("the replica has replayed v3").isEqualTo("v3");
        assertThat(entityManagerQuery()).as("the replica has replayed v3").isEqualTo("v3");
        try (Session s = sf.openSession()) {
            assertThat(s.find(Note.class, 1L).getText()).as("read-write work: the primary").isEqualTo("v3");
        }
    }
}
