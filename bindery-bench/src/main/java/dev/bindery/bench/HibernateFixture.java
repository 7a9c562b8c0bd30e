package dev.bindery.bench;

import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The session benchmarks' fixture: a default bind and a replica of it on one H2 in-memory database (so both hold the
 * same rows), pools of {@value SharedDatabase#POOL_SIZE}, a {@link Database} mapping {@link Item} with
 * {@value SharedDatabase#ROWS} rows, and a plain, single-tenant Hibernate SessionFactory on the default bind's pool as
 * a second reference. Set-up checks that each variant reaches the bind it claims to.
 */
@State(Scope.Benchmark)
public class HibernateFixture {

    /** JDBC URL of the database behind both binds. */
    static final String URL = "jdbc:h2:mem:sessions;DB_CLOSE_DELAY=-1";
    /** The small HQL query: five rows by a primary-key range. */
    static final String HQL = "from Item i where i.id between :lo and :hi order by i.id";
    /** Sessions that read on the primary through the router (read-your-writes style routing, no explicit bind). */
    static final SessionOptions PRIMARY_READS = SessionOptions.builder().primaryReads(true).build();

    Binds binds;
    Database db;
    /** The Database's standard SessionFactory of the default group: its sessions route each unit of work. */
    SessionFactory groupFactory;
    /** A plain SessionFactory on the default bind's pool, without Bindery's connection provider. */
    SessionFactory plainFactory;
    /** A plain SessionFactory on the replica's pool. */
    SessionFactory plainReplicaFactory;

    /**
     * {@code -Dbench.database=postgres}: the binds are a private PostgreSQL primary and one of its streaming replicas
     * (bindery-test's cluster) instead of one H2 in-memory database, so a find costs a round trip, as in production.
     */
    static final boolean POSTGRES = "postgres".equals(System.getProperty("bench.database"));

    PgFixture pg;

    @Setup(Level.Trial)
    public void build() throws java.sql.SQLException {
        String primaryUrl = URL;
        String replicaUrl = URL;
        String user = "sa";
        if (POSTGRES) {
            pg = PgFixture.start("sessions");
            primaryUrl = pg.db.jdbcUrl(pg.db.primary());
            replicaUrl = pg.db.jdbcUrl(pg.db.replica(1));
            user = "postgres";
            try (java.sql.Connection c = pg.db.connect(pg.db.primary()); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TABLE item");   // the entity's own schema below
            }
        }
        String u = user;
        String p = primaryUrl;
        String r = replicaUrl;
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(p).username(u).poolSize(SharedDatabase.POOL_SIZE))
                .bind(BinderyRouting.REPLICA, b -> b.url(r).username(u).poolSize(SharedDatabase.POOL_SIZE)
                        .replicaOf(Binds.DEFAULT))
                .build();
        db = Database.builder(binds).entities(Item.class).build();
        db.dropAll();
        db.createAll();
        db.inTransaction(s -> {
            for (int id = 1; id <= SharedDatabase.ROWS; id++) {
                s.persist(new Item(id, "item-" + id));
            }
        });
        if (pg != null) {
            pg.db.awaitCaughtUp(java.time.Duration.ofSeconds(60));
        }
        groupFactory = db.sessionFactory(Binds.DEFAULT);
        plainFactory = plainFactory(binds.dataSource(Binds.DEFAULT));
        plainReplicaFactory = plainFactory(binds.dataSource(BinderyRouting.REPLICA));
        check();
    }

    @TearDown(Level.Trial)
    public void close() {
        plainFactory.close();
        plainReplicaFactory.close();
        db.close();
        binds.close();
        if (pg != null) {
            pg.close();
        }
    }

    /** A plain Hibernate session (no Bindery in it) on bind {@code key}'s pool: the floor. */
    Session hibernateSession(String key) {
        return (Binds.DEFAULT.equals(key) ? plainFactory : plainReplicaFactory).openSession();
    }

    /**
     * A standard session of Bindery's routed factory whose work lands on bind {@code key}: read-write work on the
     * primary, read-only work ({@code withOptions().readOnly(true)}) on the replica.
     */
    Session standardSession(String key) {
        return Binds.DEFAULT.equals(key) ? groupFactory.openSession() : groupFactory.withOptions().readOnly(true).openSession();
    }

    private static SessionFactory plainFactory(javax.sql.DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .build();
        return new MetadataSources(registry).addAnnotatedClass(Item.class).buildMetadata().buildSessionFactory();
    }

    /** Fails the run unless the routing sessions land where the benchmark names say. */
    private void check() {
        try (RoutingSession s = db.openSession()) {
            require(s.find(Item.class, 1) != null, "no item 1");
            require(BinderyRouting.REPLICA.equals(s.lastRoute().bind()), "a default session's find went to " + s.lastRoute());
        }
        try (RoutingSession s = db.openSession(PRIMARY_READS)) {
            require(s.find(Item.class, 1) != null, "no item 1");
            require(Binds.DEFAULT.equals(s.lastRoute().bind()), "a primary-reads session's find went to " + s.lastRoute());
            require(s.createSelectionQuery(HQL, Item.class).setParameter("lo", 1).setParameter("hi", 5).getResultList().size() == 5,
                    "the HQL query did not return 5 rows");
            require(Binds.DEFAULT.equals(s.lastRoute().bind()), "a primary-reads session's query went to " + s.lastRoute());
        }
        try (Session s = plainFactory.openSession()) {
            require(s.find(Item.class, 1) != null, "the plain factory sees no item 1");
        }
        for (String key : new String[] {Binds.DEFAULT, BinderyRouting.REPLICA}) {
            long before = readsAndWrites(key);
            try (Session s = standardSession(key)) {
                require(s.find(Item.class, 1) != null, "a standard session sees no item 1");
            }
            require(readsAndWrites(key) == before + 1, "a standard session for '" + key + "' was routed elsewhere");
        }
    }

    private long readsAndWrites(String key) {
        for (dev.bindery.status.BindStatus s : binds.status()) {
            if (s.key().equals(key)) {
                return s.reads() + s.writes();
            }
        }
        throw new IllegalStateException("no bind " + key);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("Session benchmark set-up: " + message);
        }
    }
}
