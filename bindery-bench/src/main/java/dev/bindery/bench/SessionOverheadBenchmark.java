package dev.bindery.bench;

import dev.bindery.Binds;
import dev.bindery.hibernate.RoutingSession;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Part (b): one unit of work through a session, opened and closed around it as a request would: {@code find} by id,
 * or a small HQL query (five rows by key range). Plain Hibernate sessions of the {@link dev.bindery.hibernate.Database}'s
 * own SessionFactory (tenant = bind key) on the primary and on the replica are the floor; {@link RoutingSession}
 * does the same work with the router choosing the bind. {@code plainFactoryFind} uses a single-tenant
 * SessionFactory on the default bind's pool, to show what the multi-tenant connection provider itself costs.
 * H2 in memory, one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionOverheadBenchmark {

    /** Plain Hibernate session on the primary bind: find by id. */
    @Benchmark
    public Item hibernateFindPrimary(HibernateFixture f, Keys keys) {
        try (Session s = f.hibernateSession(Binds.DEFAULT)) {
            return s.find(Item.class, keys.next());
        }
    }

    /** RoutingSession routed to the primary (primaryReads): find by id. */
    @Benchmark
    public Item routingFindPrimary(HibernateFixture f, Keys keys) {
        try (RoutingSession s = f.db.openSession(HibernateFixture.PRIMARY_READS)) {
            return s.find(Item.class, keys.next());
        }
    }

    /** Plain Hibernate session on the replica bind: find by id. */
    @Benchmark
    public Item hibernateFindReplica(HibernateFixture f, Keys keys) {
        try (Session s = f.hibernateSession(BinderyRouting.REPLICA)) {
            return s.find(Item.class, keys.next());
        }
    }

    /** A default RoutingSession: the router sends the read to the replica. */
    @Benchmark
    public Item routingFindReplica(HibernateFixture f, Keys keys) {
        try (RoutingSession s = f.db.openSession()) {
            return s.find(Item.class, keys.next());
        }
    }

    /** A single-tenant SessionFactory on the default bind's pool: find by id. */
    @Benchmark
    public Item plainFactoryFind(HibernateFixture f, Keys keys) {
        try (Session s = f.plainFactory.openSession()) {
            return s.find(Item.class, keys.next());
        }
    }

    /** Plain Hibernate session on the primary bind: the small HQL query. */
    @Benchmark
    public List<Item> hibernateQueryPrimary(HibernateFixture f, Keys keys) {
        try (Session s = f.hibernateSession(Binds.DEFAULT)) {
            return query(s, keys.next());
        }
    }

    /** RoutingSession routed to the primary: the small HQL query. */
    @Benchmark
    public List<Item> routingQueryPrimary(HibernateFixture f, Keys keys) {
        try (RoutingSession s = f.db.openSession(HibernateFixture.PRIMARY_READS)) {
            return query(s, keys.next());
        }
    }

    /** Plain Hibernate session on the replica bind: the small HQL query. */
    @Benchmark
    public List<Item> hibernateQueryReplica(HibernateFixture f, Keys keys) {
        try (Session s = f.hibernateSession(BinderyRouting.REPLICA)) {
            return query(s, keys.next());
        }
    }

    /** A default RoutingSession, query routed to the replica. */
    @Benchmark
    public List<Item> routingQueryReplica(HibernateFixture f, Keys keys) {
        try (RoutingSession s = f.db.openSession()) {
            return query(s, keys.next());
        }
    }

    static List<Item> query(Session s, int id) {
        int lo = Math.min(id, SharedDatabase.ROWS - 4);
        return s.createSelectionQuery(HibernateFixture.HQL, Item.class).setParameter("lo", lo).setParameter("hi", lo + 4)
                .getResultList();
    }

    static List<Item> query(RoutingSession s, int id) {
        int lo = Math.min(id, SharedDatabase.ROWS - 4);
        return s.createSelectionQuery(HibernateFixture.HQL, Item.class).setParameter("lo", lo).setParameter("hi", lo + 4)
                .getResultList();
    }
}
