package dev.bindery.bench;

import dev.bindery.Binds;
import org.hibernate.Session;

/**
 * Standard Hibernate sessions from Bindery's routed {@code SessionFactory} (a session opened per unit of work, as a
 * request would; read-write work on the primary, read-only work on the replica) against a plain Hibernate session of
 * a plain SessionFactory on the same bind's pool, run {@link Interleaved}: {@code Session.find} and a small HQL query.
 *
 * <pre>java -cp bindery-bench/target/benchmarks.jar dev.bindery.bench.PairedStandardSessions [rounds] [slice-ms] [warm-up-rounds]</pre>
 */
public final class PairedStandardSessions {

    private PairedStandardSessions() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long slice = args.length > 1 ? Long.parseLong(args[1]) : 100;
        HibernateFixture f = new HibernateFixture();
        f.build();
        org.hibernate.SessionFactory hibernateOfGroup;
        try (Session s = f.groupFactory.openSession()) {
            hibernateOfGroup = s.getSessionFactory();
        }
        Interleaved variants = new Interleaved();
        for (String key : new String[] {Binds.DEFAULT, BinderyRouting.REPLICA}) {
            String where = Binds.DEFAULT.equals(key) ? "Primary" : "Replica";
            variants.add("hibernateFind" + where, "hibernateFind" + where, id -> {
                try (Session s = f.hibernateSession(key)) {
                    return s.find(Item.class, id);
                }
            }).add("standardFind" + where, "hibernateFind" + where, id -> {
                try (Session s = f.standardSession(key)) {
                    return s.find(Item.class, id);
                }
            }).add("hibernateQuery" + where, "hibernateQuery" + where, id -> {
                try (Session s = f.hibernateSession(key)) {
                    return SessionOverheadBenchmark.query(s, id);
                }
            }).add("standardQuery" + where, "hibernateQuery" + where, id -> {
                try (Session s = f.standardSession(key)) {
                    return SessionOverheadBenchmark.query(s, id);
                }
            });
        }
        // Hibernate's own factory under the routed one (Bindery's connection provider and load listener, no unit of
        // work): what the factory costs, apart from what routing each session costs
        variants.add("unroutedFindPrimary", "hibernateFindPrimary", id -> {
            try (Session s = hibernateOfGroup.openSession()) {
                return s.find(Item.class, id);
            }
        });
        variants.run(args.length > 2 ? Integer.parseInt(args[2]) : 20, rounds, slice);
        f.close();
    }
}
