package dev.bindery.hibernate.internal;

import org.hibernate.StatelessSession;
import org.hibernate.StatelessSessionBuilder;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.UnaryOperator;

/**
 * {@code withStatelessOptions()} of a {@link RoutedSessionFactory}: Hibernate's builder, whose stateless session opens
 * with a {@link UnitOfWork}; {@code readOnly(true)} makes its work read-only for the router instead of being passed to
 * Hibernate (see {@link RoutedSessionBuilder}). A proxy, because the builder interface differs between Hibernate 7.2
 * and 7.4; every other method goes to Hibernate's builder.
 */
final class RoutedStatelessBuilder implements InvocationHandler {
    private final StatelessSessionBuilder delegate;
    private final RoutedSessionFactory factory;
    private boolean readOnly;
    private UnaryOperator<String> inspector;
    private StatelessSessionBuilder self;

    private RoutedStatelessBuilder(StatelessSessionBuilder delegate, RoutedSessionFactory factory) {
        this.delegate = delegate;
        this.factory = factory;
    }

    static StatelessSessionBuilder of(StatelessSessionBuilder delegate, RoutedSessionFactory factory) {
        RoutedStatelessBuilder h = new RoutedStatelessBuilder(delegate, factory);
        h.self = (StatelessSessionBuilder) Proxy.newProxyInstance(RoutedStatelessBuilder.class.getClassLoader(),
                new Class<?>[] {StatelessSessionBuilder.class}, h);
        return h.self;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int n = args == null ? 0 : args.length;
        if (n == 0 && (name.equals("openStatelessSession") || name.equals("open"))) {
            return open();
        }
        if (n == 1 && name.equals("readOnly")) {
            readOnly = (Boolean) args[0];
            return self;
        }
        if (n == 1 && name.equals("statementInspector")) {
            Object i = args[0];
            inspector = i == null ? null : i instanceof UnaryOperator<?> u ? (UnaryOperator<String>) u
                    : ((org.hibernate.resource.jdbc.spi.StatementInspector) i)::inspect;
            return self;
        }
        if (method.getDeclaringClass() == Object.class) {
            return name.equals("equals") ? proxy == args[0] : name.equals("hashCode") ? System.identityHashCode(proxy)
                    : "RoutedStatelessBuilder[" + factory.group() + "]";
        }
        try {
            Object r = method.invoke(delegate, args);
            return r == delegate ? self : r;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private StatelessSession open() {
        UnitOfWork work = new UnitOfWork(factory.opening(readOnly, inspector));
        delegate.statementInspector((UnaryOperator<String>) work::inspect);
        StatelessSession s = delegate.openStatelessSession();
        work.attach((SharedSessionContractImplementor) s);
        return s;
    }
}
