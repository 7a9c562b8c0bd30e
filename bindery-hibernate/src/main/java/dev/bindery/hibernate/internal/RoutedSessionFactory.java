package dev.bindery.hibernate.internal;

import dev.bindery.Binds;
import dev.bindery.hibernate.RoutedConnections;
import dev.bindery.spi.Route;
import dev.bindery.spi.Router;
import jakarta.persistence.EntityManager;
import jakarta.persistence.SynchronizationType;
import org.hibernate.StatelessSession;
import org.hibernate.StatelessSessionBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.creation.spi.SessionBuilderImplementor;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryDelegatingImpl;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The {@code SessionFactory} (and JPA {@code EntityManagerFactory}) Bindery gives for one group: Hibernate's own
 * factory, whose sessions each get a {@link UnitOfWork} that asks core's router where its work goes when the work
 * first needs a connection. Every way of opening a session goes through {@link #open}: {@code openSession},
 * {@code withOptions()}, {@code createEntityManager}, {@code openStatelessSession}, {@code withStatelessOptions()},
 * and the {@code inTransaction}/{@code fromTransaction}/{@code runInTransaction} family. A session opened from
 * Hibernate's own factory ({@code session.getSessionFactory()}) is not routed: its work goes to the group's primary.
 */
public final class RoutedSessionFactory extends SessionFactoryDelegatingImpl {
    private static final long serialVersionUID = 1L;

    private final transient Binds binds;
    private final transient Router router;
    private final String group;
    private final transient RouteRequests requests;
    private final transient Consumer<Route> onRoute;
    private final String resident;
    private final transient AutoCloseable owned;
    private final transient RoutedConnections connections;
    /** Bindery's connection provider of the factory, or {@code null} when Hibernate was given another. */
    private final transient RoutedConnectionProvider provider;
    /** Whether Hibernate's factory has a second-level or query cache, which the cache modes follow routing for. */
    private final boolean caches;
    private final transient UnitOfWork.Opening readWrite = new UnitOfWork.Opening(this, null, false, null);
    private final transient UnitOfWork.Opening readOnly = new UnitOfWork.Opening(this, null, true, null);
    /** Per thread: one factory and its reusable builder ({@link #openReusing}); the pair is replaced, never added to. */
    private static final ThreadLocal<Object[]> OPENER = ThreadLocal.withInitial(() -> new Object[2]);

    /**
     * @param resident the name of a {@code @Resident} entity of the group, or {@code null}: when set, all work of the
     *                 group's sessions is confined to the session's region
     * @param owned    closed with the factory (the binds a persistence provider built), or {@code null}
     */
    public RoutedSessionFactory(SessionFactoryImplementor delegate, Binds binds, String group, RouteRequests requests,
                                Consumer<Route> onRoute, String resident, AutoCloseable owned) {
        super(delegate);
        this.binds = binds;
        this.router = binds.router();
        this.group = group;
        this.requests = requests;
        this.onRoute = onRoute;
        this.resident = resident;
        this.owned = owned;
        this.provider = delegate.getServiceRegistry().getService(ConnectionProvider.class) instanceof RoutedConnectionProvider p
                ? p : null;
        this.connections = provider != null ? provider.routed() : null;
        var options = delegate.getSessionFactoryOptions();
        this.caches = options.isSecondLevelCacheEnabled() || options.isQueryCacheEnabled();
        EventListenerRegistry events = delegate.getServiceRegistry().requireService(EventListenerRegistry.class);
        events.appendListeners(EventType.POST_LOAD, new KeepSnapshots());
        if (resident != null) {
            ResidentRegionCheck check = new ResidentRegionCheck(router);
            events.appendListeners(EventType.PRE_INSERT, check);
            events.appendListeners(EventType.PRE_UPDATE, check);
        }
    }

    /** The settings a factory needs for its sessions to route: Bindery's connection provider. */
    public static void applyTo(Map<String, Object> settings, RoutedConnectionProvider provider) {
        settings.put(AvailableSettings.CONNECTION_PROVIDER, provider);
        settings.remove(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER);
        GroupCache.prefixRegions(settings, provider.group());
    }

    /** The binds this factory's sessions route over. */
    public Binds binds() {
        return binds;
    }

    Router router() {
        return router;
    }

    String group() {
        return group;
    }

    /** The connections that route themselves (a framework's), whose routes the units of work follow; or {@code null}. */
    RoutedConnections connections() {
        return connections;
    }

    /** Bindery's connection provider of the factory, or {@code null}. */
    RoutedConnectionProvider provider() {
        return provider;
    }

    /** Whether the factory has a second-level or query cache (the cache modes of its sessions follow their routes). */
    boolean caches() {
        return caches;
    }

    RouteRequests requests() {
        return requests;
    }

    String resident() {
        return resident;
    }

    UnitOfWork.Opening opening(boolean ro, UnaryOperator<String> inspector) {
        return inspector == null ? (ro ? readOnly : readWrite) : new UnitOfWork.Opening(this, null, ro, inspector);
    }

    void opened(SharedSessionContractImplementor session, UnitOfWork work) {
        if (caches) {
            CacheModeAtRoute.opened(session, work);
        }
    }

    void routed(SharedSessionContractImplementor session, Route route, UnitOfWork work) {
        if (caches) {
            CacheModeAtRoute.routed(session, route, work);
        }
        if (onRoute != null && !work.isPinned()) {   // a RoutingSession reports its own routes
            onRoute.accept(route);
        }
    }

    /**
     * Opens a routed session with a unit of work: of {@code builder} (Hibernate's, given options), or of this thread's
     * reused builder when {@code builder} is {@code null}.
     */
    SessionImplementor open(SessionBuilderImplementor builder, boolean readOnly, UnaryOperator<String> inspector) {
        UnitOfWork work = new UnitOfWork(opening(readOnly, inspector));
        return builder == null ? openReusing(work) : open(builder, work);
    }

    /** A new builder of Hibernate's own factory, for a session given options Bindery does not keep itself. */
    SessionBuilderImplementor hibernateBuilder() {
        return delegate().withOptions();
    }

    private SessionImplementor open(SessionBuilderImplementor builder, UnitOfWork work) {
        builder.statementInspector((org.hibernate.resource.jdbc.spi.StatementInspector) work);
        SessionImplementor s = builder.openSession();
        work.attach(s);
        return s;
    }

    /** A session whose work all runs on {@code route}'s bind, for the per-bind sessions of a {@code RoutingSession}. */
    public UnitOfWork openPinned(Route route) {
        UnitOfWork work = new UnitOfWork(new UnitOfWork.Opening(this, route, false, null));
        openReusing(work);
        return work;
    }

    /**
     * Opens a plain session with {@code work}. Hibernate's own {@code openSession()} reuses one builder; this one sets
     * a per-session statement inspector, so it reuses one builder per thread instead of making one per session
     * (Hibernate reads a builder's options when it makes the session and keeps none of them).
     */
    private SessionImplementor openReusing(UnitOfWork work) {
        Object[] slot = OPENER.get();
        SessionBuilderImplementor builder = slot[0] == this ? (SessionBuilderImplementor) slot[1] : null;
        slot[1] = null;   // in use: a session opened while this one is made (on this thread) takes a builder of its own
        if (builder == null) {
            builder = delegate().withOptions();
        }
        try {
            return open(builder, work);
        } finally {
            builder.statementInspector((org.hibernate.resource.jdbc.spi.StatementInspector) null);   // keeps no session
            slot[0] = this;
            slot[1] = builder;
        }
    }

    @Override
    public SessionBuilderImplementor withOptions() {
        return new RoutedSessionBuilder(this);
    }

    @Override
    public SessionImplementor openSession() {
        return openReusing(new UnitOfWork(readWrite));
    }

    @Override
    public StatelessSessionBuilder withStatelessOptions() {
        return RoutedStatelessBuilder.of(delegate().withStatelessOptions(), this);
    }

    @Override
    public StatelessSession openStatelessSession() {
        return withStatelessOptions().openStatelessSession();
    }

    @Override
    public SessionImplementor createEntityManager() {
        return openSession();
    }

    @Override
    public SessionImplementor createEntityManager(Map map) {
        SessionImplementor s = openSession();
        if (map != null) {
            for (Object e : map.entrySet()) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                if (entry.getKey() instanceof String name) {
                    s.setProperty(name, entry.getValue());
                }
            }
        }
        return s;
    }

    @Override
    public SessionImplementor createEntityManager(SynchronizationType synchronizationType) {
        delegate().createEntityManager(synchronizationType).close();   // JPA's IllegalStateException when RESOURCE_LOCAL
        return openSession();
    }

    @Override
    public SessionImplementor createEntityManager(SynchronizationType synchronizationType, Map map) {
        delegate().createEntityManager(synchronizationType).close();
        return createEntityManager(map);
    }

    @Override
    public void runInTransaction(Consumer<EntityManager> work) {
        inTransaction(work::accept);
    }

    @Override
    public <R> R callInTransaction(Function<EntityManager, R> work) {
        return fromTransaction(work::apply);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return super.unwrap(type);
    }

    @Override
    public void close() {
        Object[] slot = OPENER.get();
        if (slot[0] == this) {
            slot[0] = null;   // this thread's builder; another thread's goes when it opens a session of another factory
            slot[1] = null;
        }
        try {
            super.close();
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Closing the binds of group '" + group + "' failed", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RoutedSessionFactory[" + group + "]";
    }
}
