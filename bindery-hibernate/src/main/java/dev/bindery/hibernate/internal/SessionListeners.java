package dev.bindery.hibernate.internal;

import org.hibernate.SessionEventListener;
import org.hibernate.engine.internal.SessionEventListenerManagerImpl;
import org.hibernate.engine.spi.SessionEventListenerManager;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Adds a unit of work to its session's event listeners with one array. Hibernate's {@code addListener(...)} takes a
 * varargs array and copies it into a new one, two arrays per session; when the session has no listener of its own
 * (the common case), this sets the one-element array on Hibernate's {@code SessionEventListenerManagerImpl.listeners}
 * field (present in 7.2 and 7.4) through a {@link VarHandle}. Otherwise, or when the field is missing (another
 * Hibernate version), it calls {@code addListener}.
 */
final class SessionListeners {
    private static final VarHandle LISTENERS = find();

    private SessionListeners() {
    }

    private static VarHandle find() {
        try {
            return MethodHandles.privateLookupIn(SessionEventListenerManagerImpl.class, MethodHandles.lookup())
                    .findVarHandle(SessionEventListenerManagerImpl.class, "listeners", SessionEventListener[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static void add(SharedSessionContractImplementor session, SessionEventListener listener) {
        SessionEventListenerManager manager = session.getEventListenerManager();
        if (LISTENERS != null && manager instanceof SessionEventListenerManagerImpl m) {
            SessionEventListener[] current = (SessionEventListener[]) LISTENERS.get(m);
            if (current == null || current.length == 0) {
                LISTENERS.set(m, new SessionEventListener[] {listener});
                return;
            }
        }
        manager.addListener(listener);
    }
}
