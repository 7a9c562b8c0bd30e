package dev.bindery.bench;

import dev.bindery.Binds;
import dev.bindery.hibernate.RoutingSession;
import org.hibernate.Session;

/**
 * Part (b) run {@link Interleaved}: each {@link dev.bindery.hibernate.RoutingSession} variant against the plain
 * Hibernate session on the same bind, in the same rounds.
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedSessions [rounds] [slice-ms]</pre>
 */
public final class PairedSessions {

    private PairedSessions() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long slice = args.length > 1 ? Long.parseLong(args[1]) : 100;
        HibernateFixture f = new HibernateFixture();
        f.build();
        Interleaved variants = new Interleaved()
                .add("hibernateFindPrimary", "hibernateFindPrimary", id -> {
                    try (Session s = f.hibernateSession(Binds.DEFAULT)) {
                        return s.find(Item.class, id);
                    }
                })
                .add("routingFindPrimary", "hibernateFindPrimary", id -> {
                    try (RoutingSession s = f.db.openSession(HibernateFixture.PRIMARY_READS)) {
                        return s.find(Item.class, id);
                    }
                })
                .add("plainFactoryFind", "hibernateFindPrimary", id -> {
                    try (Session s = f.plainFactory.openSession()) {
                        return s.find(Item.class, id);
                    }
                })
                .add("hibernateFindReplica", "hibernateFindReplica", id -> {
                    try (Session s = f.hibernateSession(BinderyRouting.REPLICA)) {
                        return s.find(Item.class, id);
                    }
                })
                .add("routingFindReplica", "hibernateFindReplica", id -> {
                    try (RoutingSession s = f.db.openSession()) {
                        return s.find(Item.class, id);
                    }
                })
                .add("hibernateQueryPrimary", "hibernateQueryPrimary", id -> {
                    try (Session s = f.hibernateSession(Binds.DEFAULT)) {
                        return SessionOverheadBenchmark.query(s, id);
                    }
                })
                .add("routingQueryPrimary", "hibernateQueryPrimary", id -> {
                    try (RoutingSession s = f.db.openSession(HibernateFixture.PRIMARY_READS)) {
                        return SessionOverheadBenchmark.query(s, id);
                    }
                })
                .add("hibernateQueryReplica", "hibernateQueryReplica", id -> {
                    try (Session s = f.hibernateSession(BinderyRouting.REPLICA)) {
                        return SessionOverheadBenchmark.query(s, id);
                    }
                })
                .add("routingQueryReplica", "hibernateQueryReplica", id -> {
                    try (RoutingSession s = f.db.openSession()) {
                        return SessionOverheadBenchmark.query(s, id);
                    }
                });
        variants.run(20, rounds, slice);
        f.close();
    }
}
