package dev.bindery.hibernate.internal;

import org.hibernate.engine.spi.AbstractDelegatingSessionBuilder;
import org.hibernate.engine.creation.spi.SessionBuilderImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.function.UnaryOperator;

/**
 * {@code withOptions()} of a {@link RoutedSessionFactory}: Hibernate's builder, except that the session opens with a
 * {@link UnitOfWork}, and that {@code readOnly(true)} makes the session's work read-only for the router (a replica)
 * without making it one of Hibernate's read-only sessions, which never flush and keep no snapshots, so a change to an
 * entity they loaded would be dropped silently. This and {@link RoutedStatelessBuilder} are the only classes that touch
 * Hibernate's incubating read-replica hook ({@code readOnly}); Bindery's connection provider does not implement
 * {@code getReadOnlyConnection}, because the route, not the session, says which bind a connection comes from.
 */
final class RoutedSessionBuilder extends AbstractDelegatingSessionBuilder {
    private final RoutedSessionFactory factory;
    private boolean readOnly;
    private UnaryOperator<String> inspector;

    RoutedSessionBuilder(SessionBuilderImplementor delegate, RoutedSessionFactory factory) {
        super(delegate);
        this.factory = factory;
    }

    @Override
    public SessionImplementor openSession() {
        return factory.open(delegate(), null, readOnly, inspector);
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
}
