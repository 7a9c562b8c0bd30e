package dev.bindery.hibernate.internal;

import org.hibernate.CacheMode;
import org.hibernate.ConnectionAcquisitionMode;
import org.hibernate.ConnectionReleaseMode;
import org.hibernate.FlushMode;
import org.hibernate.Interceptor;
import org.hibernate.SessionEventListener;
import org.hibernate.engine.creation.spi.SessionBuilderImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.resource.jdbc.spi.PhysicalConnectionHandlingMode;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.sql.Connection;
import java.time.Instant;
import java.util.TimeZone;
import java.util.function.UnaryOperator;

/**
 * {@code withOptions()} of a {@link RoutedSessionFactory}: Hibernate's builder, except that the session opens with a
 * {@link UnitOfWork}, and that {@code readOnly(true)} makes the session's work read-only for the router (a replica)
 * without making it one of Hibernate's read-only sessions, which never flush and keep no snapshots, so a change to an
 * entity they loaded would be dropped silently. This and {@link RoutedStatelessBuilder} are the only classes that touch
 * Hibernate's incubating read-replica hook ({@code readOnly}); Bindery's connection provider does not implement
 * {@code getReadOnlyConnection}, because the route, not the session, says which bind a connection comes from.
 *
 * <p>Hibernate's own builder is made at the first option this class does not keep itself; a builder given only
 * {@code readOnly} and a statement inspector opens its session with the factory's reused builder, as
 * {@code openSession()} does, so {@code withOptions().readOnly(true).openSession()} makes no builder of Hibernate's.
 */
final class RoutedSessionBuilder implements SessionBuilderImplementor {
    private final RoutedSessionFactory factory;
    private SessionBuilderImplementor hibernate;
    private boolean readOnly;
    private UnaryOperator<String> inspector;

    RoutedSessionBuilder(RoutedSessionFactory factory) {
        this.factory = factory;
    }

    /** Hibernate's builder, made when an option other than {@code readOnly} and the inspector is first set. */
    private SessionBuilderImplementor hibernate() {
        if (hibernate == null) {
            hibernate = factory.hibernateBuilder();
        }
        return hibernate;
    }

    @Override
    public SessionImplementor openSession() {
        return factory.open(hibernate, readOnly, inspector);
    }

    @Override
    public SessionBuilderImplementor readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    @Override
    public SessionBuilderImplementor statementInspector(UnaryOperator<String> operator) {
        this.inspector = operator;
        return this;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public SessionBuilderImplementor statementInspector(StatementInspector statementInspector) {
        this.inspector = statementInspector == null ? null : statementInspector::inspect;
        return this;
    }

    @Override
    public SessionBuilderImplementor noStatementInspector() {
        this.inspector = null;
        return this;
    }

    @Override
    public SessionBuilderImplementor interceptor(Interceptor interceptor) {
        hibernate().interceptor(interceptor);
        return this;
    }

    @Override
    public SessionBuilderImplementor noInterceptor() {
        hibernate().noInterceptor();
        return this;
    }

    @Override
    public SessionBuilderImplementor noSessionInterceptorCreation() {
        hibernate().noSessionInterceptorCreation();
        return this;
    }

    @Override
    public SessionBuilderImplementor connection(Connection connection) {
        hibernate().connection(connection);
        return this;
    }

    @Override
    public SessionBuilderImplementor connectionHandling(ConnectionAcquisitionMode acquisition, ConnectionReleaseMode release) {
        hibernate().connectionHandling(acquisition, release);
        return this;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public SessionBuilderImplementor connectionHandlingMode(PhysicalConnectionHandlingMode mode) {
        hibernate().connectionHandlingMode(mode);
        return this;
    }

    @Override
    public SessionBuilderImplementor autoJoinTransactions(boolean autoJoin) {
        hibernate().autoJoinTransactions(autoJoin);
        return this;
    }

    @Override
    public SessionBuilderImplementor autoClear(boolean autoClear) {
        hibernate().autoClear(autoClear);
        return this;
    }

    @Override
    public SessionBuilderImplementor flushMode(FlushMode flushMode) {
        hibernate().flushMode(flushMode);
        return this;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public SessionBuilderImplementor tenantIdentifier(String tenant) {
        hibernate().tenantIdentifier(tenant);
        return this;
    }

    @Override
    public SessionBuilderImplementor tenantIdentifier(Object tenant) {
        hibernate().tenantIdentifier(tenant);
        return this;
    }

    @Override
    public SessionBuilderImplementor initialCacheMode(CacheMode cacheMode) {
        hibernate().initialCacheMode(cacheMode);
        return this;
    }

    @Override
    public SessionBuilderImplementor eventListeners(SessionEventListener... listeners) {
        hibernate().eventListeners(listeners);
        return this;
    }

    @Override
    public SessionBuilderImplementor clearEventListeners() {
        hibernate().clearEventListeners();
        return this;
    }

    @Override
    public SessionBuilderImplementor jdbcTimeZone(TimeZone timeZone) {
        hibernate().jdbcTimeZone(timeZone);
        return this;
    }

    @Override
    public SessionBuilderImplementor autoClose(boolean autoClose) {
        hibernate().autoClose(autoClose);
        return this;
    }

    @Override
    public SessionBuilderImplementor identifierRollback(boolean identifierRollback) {
        hibernate().identifierRollback(identifierRollback);
        return this;
    }

    @Override
    public SessionBuilderImplementor defaultBatchFetchSize(int size) {
        hibernate().defaultBatchFetchSize(size);
        return this;
    }

    @Override
    public SessionBuilderImplementor subselectFetchEnabled(boolean enabled) {
        hibernate().subselectFetchEnabled(enabled);
        return this;
    }

    @Override
    public SessionBuilderImplementor asOf(Instant instant) {
        hibernate().asOf(instant);
        return this;
    }

    @Override
    public SessionBuilderImplementor atChangeset(Object changeset) {
        hibernate().atChangeset(changeset);
        return this;
    }
}
