package dev.bindery.hibernate.internal;

import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Makes a unit of work the way its session takes and gives back JDBC connections. Hibernate makes each session's
 * {@code JdbcConnectionAccess} itself, and it reaches the connection provider only through a session event listener
 * and a thread-local hand-over; with the unit of work in its place, the session asks the unit of work directly, which
 * routes and takes the connection of the route's bind (no listener, no thread-local). It sets Hibernate's
 * {@code AbstractSharedSessionContract.jdbcConnectionAccess} field (present in 7.2 and 7.4) through a
 * {@link VarHandle}; when the field is missing (another Hibernate version) or the session has a tenant, it does
 * nothing and the unit of work routes as the session's listener instead.
 */
final class SessionConnectionAccess {
    /** Hibernate's {@code AbstractSharedSessionContract} (not public), the class of every session and stateless session. */
    private static final Class<?> SESSION = sessionClass();
    private static final VarHandle ACCESS = find();

    private SessionConnectionAccess() {
    }

    private static Class<?> sessionClass() {
        try {
            return Class.forName("org.hibernate.internal.AbstractSharedSessionContract", false,
                    SharedSessionContractImplementor.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static VarHandle find() {
        try {
            return SESSION == null ? null : MethodHandles.privateLookupIn(SESSION, MethodHandles.lookup())
                    .findVarHandle(SESSION, "jdbcConnectionAccess", JdbcConnectionAccess.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code access} now gives {@code session} its connections. */
    static boolean install(SharedSessionContractImplementor session, JdbcConnectionAccess access) {
        if (ACCESS == null || !SESSION.isInstance(session) || session.getTenantIdentifierValue() != null) {
            return false;
        }
        ACCESS.set((Object) session, access);
        return true;
    }
}
