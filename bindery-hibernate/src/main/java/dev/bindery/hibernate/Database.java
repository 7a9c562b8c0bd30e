package dev.bindery.hibernate;

import dev.bindery.spi.Route;
import dev.bindery.spi.RouteListener;
import dev.bindery.Binds;
import dev.bindery.hibernate.internal.DatabaseRuntime;
import dev.bindery.hibernate.internal.GroupMapping;
import dev.bindery.hibernate.internal.PackageScanner;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The application's {@code db} object, Flask-SQLAlchemy style: entities mapped per bind group ({@link BindKey}),
 * schema operations per bind, and {@link RoutingSession}s that route every operation through bindery-core's router.
 * One Hibernate SessionFactory serves each group (a primary and its replicas share it).
 *
 * <pre>{@code
 * Database db = Database.builder(binds).entities(Todo.class, User.class).build();
 * db.createAll();
 * db.inTransaction(session -> session.persist(new Todo("write docs")));
 * }</pre>
 *
 * Closing it closes the SessionFactories; the {@link Binds} (and their pools) belong to the caller.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Binds binds;
    private final DatabaseRuntime runtime;

    private Database(Binds binds, DatabaseRuntime runtime) {
        this.binds = binds;
        this.runtime = runtime;
    }

    /** Starts a builder over {@code binds}. */
    public static Builder builder(Binds binds) {
        return new Builder(binds);
    }

    /** The binds this database routes over. */
    public Binds binds() {
        return binds;
    }

    /** The DataSource (pool) of the default bind. */
    public DataSource dataSource() {
        return binds.dataSource(Binds.DEFAULT);
    }

    /**
     * The DataSource (pool) of bind {@code key}.
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     */
    public DataSource dataSource(String key) {
        return binds.dataSource(key);
    }

    /** Every bind's DataSource by key. */
    public Map<String, DataSource> dataSources() {
        return binds.dataSources();
    }

    /**
     * The entity classes mapped to bind {@code key}'s group (a replica answers for its primary).
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     */
    public List<Class<?>> entities(String key) {
        return runtime.mapping(key).entities();
    }

    /**
     * The standard Hibernate {@code SessionFactory} of bind {@code key}'s group (its primary and replicas), whose
     * sessions route each unit of work through core's router: read-only work to a replica, everything else to the
     * primary (docs/hibernate.md, "The routing table").
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     */
    public SessionFactory sessionFactory(String key) {
        return runtime.mapping(key).sessionFactory();
    }

    /** {@link #sessionFactory(String)} as a JPA {@code EntityManagerFactory} (the same object). */
    public EntityManagerFactory entityManagerFactory(String key) {
        return runtime.mapping(key).sessionFactory();
    }

    // ---------------------------------------------------------------- schema

    /** Creates the tables of every bind that owns entities; replicas and read-only binds are skipped. */
    public void createAll() {
        schema(allWritable(), true);
    }

    /**
     * Creates the tables of the named binds, each getting only its own entities' tables.
     *
     * @throws dev.bindery.UnknownBindException    for a key that is not a bind
     * @throws SchemaOnReadOnlyBindException       for a replica or read-only bind
     */
    public void createAll(String... keys) {
        schema(checked(Arrays.asList(keys), "createAll"), true);
    }

    /** As {@link #createAll(String...)}, for a collection of keys. */
    public void createAll(Collection<String> keys) {
        schema(checked(keys, "createAll"), true);
    }

    /** Drops the tables of every bind that owns entities; replicas and read-only binds are skipped. */
    public void dropAll() {
        schema(allWritable(), false);
    }

    /**
     * Drops the tables of the named binds' entities.
     *
     * @throws dev.bindery.UnknownBindException    for a key that is not a bind
     * @throws SchemaOnReadOnlyBindException       for a replica or read-only bind
     */
    public void dropAll(String... keys) {
        schema(checked(Arrays.asList(keys), "dropAll"), false);
    }

    /** As {@link #dropAll(String...)}, for a collection of keys. */
    public void dropAll(Collection<String> keys) {
        schema(checked(keys, "dropAll"), false);
    }

    private List<String> allWritable() {
        List<String> out = new ArrayList<>();
        for (GroupMapping m : runtime.mappings()) {
            if (m.hasEntities() && !runtime.isReadOnlyBind(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    private List<String> checked(Collection<String> keys, String operation) {
        Set<String> out = new LinkedHashSet<>();
        for (String key : keys) {
            String k = key == null ? Binds.DEFAULT : key;
            if (!binds.contains(k) && !DatabaseRuntime.regionalGroups(binds, k).isEmpty()) {
                out.addAll(DatabaseRuntime.regionalGroups(binds, k));   // a group split by region: each region's primary
                continue;
            }
            String replicaOf = binds.config(k).replicaOf();
            if (replicaOf != null) {
                throw new SchemaOnReadOnlyBindException(operation + " was asked for bind '" + k + "', a replica of '"
                        + replicaOf + "'. Replicas are never written: they get their schema through replication. Call "
                        + operation + "(\"" + replicaOf + "\") on the primary instead.");
            }
            if (runtime.isReadOnlyBind(k)) {
                throw new SchemaOnReadOnlyBindException(operation + " was asked for bind '" + k + "', which is read-only "
                        + "and never written. Create its schema where it is written, or remove readOnly from the bind.");
            }
            out.add(k);
        }
        return new ArrayList<>(out);
    }

    private void schema(List<String> keys, boolean create) {
        for (String key : keys) {
            GroupMapping m = runtime.mapping(key);
            if (!m.hasEntities()) {
                continue;
            }
            if (create) {
                m.sessionFactory().getSchemaManager().create(false);
            } else {
                m.sessionFactory().getSchemaManager().drop(false);
            }
            LOG.info("{} tables of {} entities on bind '{}'", create ? "Created" : "Dropped", m.entities().size(), key);
        }
    }

    // ---------------------------------------------------------------- sessions

    /** Opens a read-write session. Close it (try-with-resources). */
    public RoutingSession openSession() {
        return runtime.open(SessionOptions.DEFAULT);
    }

    /**
     * Opens a session with {@code options}.
     *
     * @throws dev.bindery.UnknownBindException if {@code options.bind()} is not a bind
     */
    public RoutingSession openSession(SessionOptions options) {
        return runtime.open(options);
    }

    /** Opens a read-only session: every read goes to a replica, every write is refused before any SQL. */
    public RoutingSession openReadOnlySession() {
        return runtime.open(SessionOptions.READ_ONLY);
    }

    /**
     * Runs {@code work} in a read-write transaction in a new session: commits on success, rolls back on exception
     * (which passes through unwrapped), and closes the session.
     */
    public <X extends Exception> void inTransaction(TransactionWork<X> work) throws X {
        fromTransaction(RetryPolicy.none(), s -> {
            work.run(s);
            return null;
        });
    }

    /** As {@link #inTransaction(TransactionWork)}, rerunning the whole unit on transient errors as {@code policy} says. */
    public <X extends Exception> void inTransaction(RetryPolicy policy, TransactionWork<X> work) throws X {
        fromTransaction(policy, s -> {
            work.run(s);
            return null;
        });
    }

    /** As {@link #inTransaction(TransactionWork)}, returning the work's result. */
    public <R, X extends Exception> R fromTransaction(TransactionCallback<R, X> work) throws X {
        return fromTransaction(RetryPolicy.none(), work);
    }

    /**
     * As {@link #fromTransaction(TransactionCallback)}, rerunning the whole unit with a fresh session on a transient
     * error before commit (serialization failure, deadlock, lost connection), at most {@code policy.retries()} times.
     * Never reruns after an ambiguous commit or a {@link PartialCommitException}.
     */
    public <R, X extends Exception> R fromTransaction(RetryPolicy policy, TransactionCallback<R, X> work) throws X {
        int attempt = 0;
        while (true) {
            RoutingSession s = runtime.open(SessionOptions.DEFAULT);
            boolean retry;
            try {
                s.begin();
                R result = work.call(s);
                s.commit();
                return result;
            } catch (Throwable t) {
                retry = attempt < policy.retries() && RetryPolicy.isTransient(t) && !(t instanceof PartialCommitException)
                        && !s.isCommitAmbiguous();
                if (s.isOpen()) {
                    try {
                        s.rollback();
                    } catch (RuntimeException e) {
                        t.addSuppressed(e);
                    }
                }
                if (!retry) {
                    throw t;
                }
                LOG.info("Rerunning a unit of work after a transient error (attempt {} of {}): {}", attempt + 2,
                        policy.retries() + 1, t.toString());
            } finally {
                s.close();
            }
            attempt++;
            backoff(policy, attempt);
        }
    }

    private static void backoff(RetryPolicy policy, int attempt) {
        long max = policy.backoff().toMillis() * attempt;
        if (max <= 0) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to rerun a unit of work", e);
        }
    }

    /** Closes the SessionFactories. The binds stay open: they belong to the caller. */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (GroupMapping m : runtime.mappings()) {
            counts.put(m.group(), m.entities().size());
        }
        return "Database[entities per group=" + counts + "]";
    }

    /** Collects entities, Hibernate settings and hooks; {@link #build()} validates and maps them. */
    public static final class Builder {
        private final Binds binds;
        private final List<Class<?>> entities = new ArrayList<>();
        private final List<String> packages = new ArrayList<>();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private final List<Consumer<RoutingSession>> sessionHooks = new ArrayList<>();
        private final List<Consumer<Route>> routeHooks = new ArrayList<>();
        private ClassLoader classLoader;
        private UnaryOperator<DataSource> dataSourceWrapper = UnaryOperator.identity();

        private Builder(Binds binds) {
            if (binds == null) {
                throw new IllegalArgumentException("binds must not be null: build them with Binds.builder() first");
            }
            this.binds = binds;
        }

        /** Maps these entity classes; each goes to the group its {@link BindKey} names, else the default. */
        public Builder entities(Class<?>... classes) {
            entities.addAll(Arrays.asList(classes));
            return this;
        }

        /** Maps these entity classes. */
        public Builder entities(Collection<Class<?>> classes) {
            entities.addAll(classes);
            return this;
        }

        /** Maps every {@code @Entity} class found in these packages and their sub-packages. */
        public Builder packages(String... packageNames) {
            packages.addAll(Arrays.asList(packageNames));
            return this;
        }

        /** The class loader to scan packages with (default: this thread's context class loader). */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** A Hibernate setting applied to every group's SessionFactory, e.g. {@code hibernate.show_sql}. */
        public Builder property(String name, Object value) {
            settings.put(name, value);
            return this;
        }

        /**
         * Wraps each bind's DataSource every time Hibernate takes a connection from it (default: none). Its use is
         * per-test rollback: {@code .dataSourceWrapper(ds -> tx == null ? ds : tx.wrap(ds))} with bindery-test's
         * {@code TestTransaction}, so every session of a test works inside one transaction rolled back afterwards.
         */
        public Builder dataSourceWrapper(UnaryOperator<DataSource> wrapper) {
            this.dataSourceWrapper = wrapper == null ? UnaryOperator.identity() : wrapper;
            return this;
        }

        /** Calls {@code hook} with every session this database opens, right after it opens. */
        public Builder onSessionOpened(Consumer<RoutingSession> hook) {
            sessionHooks.add(hook);
            return this;
        }

        /**
         * Calls {@code listener} after every route a session of this database takes, as {@link Binds.Builder#onRoute}
         * does for every route of the binds.
         */
        public Builder onRoute(RouteListener listener) {
            routeHooks.add(listener::routeDecided);
            return this;
        }

        /**
         * Validates the entity bindings, builds one SessionFactory per group that has entities (connecting once to
         * each group's primary to detect its dialect), and returns the database.
         *
         * @throws EntityBindingException naming each entity bound to an undefined key or a replica
         */
        public Database build() {
            List<Class<?>> all = new ArrayList<>(entities);
            ClassLoader loader = classLoader != null ? classLoader
                    : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                    : Database.class.getClassLoader();
            for (String p : packages) {
                all.addAll(PackageScanner.entities(p, loader));
            }
            return new Database(binds, new DatabaseRuntime(binds, all, Map.copyOf(settings), List.copyOf(sessionHooks),
                    List.copyOf(routeHooks), dataSourceWrapper));
        }
    }
}
