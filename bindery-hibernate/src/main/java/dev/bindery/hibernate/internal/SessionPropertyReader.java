package dev.bindery.hibernate.internal;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.internal.SessionImpl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * Reads one property of a Hibernate session without the copy {@code Session.getProperties()} makes each time: the
 * session's own map, through a {@link VarHandle} on Hibernate's {@code SessionImpl.properties} field (present in 7.2
 * and 7.4). When the field is missing (another Hibernate version), it falls back to {@code getProperties()}.
 * Stateless sessions have no properties.
 */
final class SessionPropertyReader {
    private static final VarHandle PROPERTIES = find();

    private SessionPropertyReader() {
    }

    private static VarHandle find() {
        try {
            return MethodHandles.privateLookupIn(SessionImpl.class, MethodHandles.lookup())
                    .findVarHandle(SessionImpl.class, "properties", Map.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Object get(SharedSessionContractImplementor session, String name) {
        if (!(session instanceof SessionImpl s)) {
            return null;
        }
        if (PROPERTIES != null) {
            Map<?, ?> m = (Map<?, ?>) PROPERTIES.get(s);
            return m == null ? null : m.get(name);
        }
        return s.getProperties().get(name);
    }
}
