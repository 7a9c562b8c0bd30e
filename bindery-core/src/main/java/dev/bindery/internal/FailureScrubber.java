package dev.bindery.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Removes one bind's secrets from failures before Bindery throws, wraps or logs them. A failure whose whole cause
 * chain (and suppressed exceptions) carries no secret is returned as it is; otherwise it is rebuilt with scrubbed
 * messages, keeping each exception's type where it can be constructed again (else its nearest JDK ancestor), its
 * stack trace, and for {@link SQLException}s the SQLState and vendor code.
 */
public final class FailureScrubber {
    /** Scrubs only the URL password forms {@link Secrets} knows, for texts that belong to no bind. */
    public static final FailureScrubber URLS_ONLY = new FailureScrubber(List.of());
    private static final int MAX_DEPTH = 32;

    private final List<String> secrets;

    public FailureScrubber(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The scrubber of a bind with this URL, password and driver properties. */
    public static FailureScrubber of(String url, String password, Map<String, String> driverProperties) {
        return new FailureScrubber(Secrets.secretsOf(url, password, driverProperties));
    }

    /** {@code text} without any secret of the bind. */
    public String text(String text) {
        return Secrets.scrub(text, secrets);
    }

    /** {@code e}, or a copy of it whose chain carries no secret; still an {@link SQLException}. */
    public SQLException sql(SQLException e) {
        return (SQLException) scrub(e);
    }

    /** {@code e}, or a copy of it whose chain carries no secret; still a {@link RuntimeException}. */
    public RuntimeException runtime(RuntimeException e) {
        return (RuntimeException) scrub(e);
    }

    /** {@code t}, or a copy of it whose chain carries no secret; a copy keeps the kind (checked, unchecked, error). */
    public Throwable scrub(Throwable t) {
        if (t == null || isClean(t, new IdentityHashMap<>(), 0)) {
            return t;
        }
        return copy(t, new IdentityHashMap<>(), 0);
    }

    private boolean isClean(Throwable t, Map<Throwable, Boolean> seen, int depth) {
        if (t == null || depth > MAX_DEPTH || seen.put(t, Boolean.TRUE) != null) {
            return true;
        }
        String m = t.getMessage();
        if (m != null && !m.equals(text(m))) {
            return false;
        }
        for (Throwable s : t.getSuppressed()) {
            if (!isClean(s, seen, depth + 1)) {
                return false;
            }
        }
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t.getCause()
                && !isClean(sql.getNextException(), seen, depth + 1)) {
            return false;
        }
        return isClean(t.getCause(), seen, depth + 1);
    }

    private Throwable copy(Throwable t, Map<Throwable, Throwable> copies, int depth) {
        if (t == null) {
            return null;
        }
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        String message = text(t.getMessage());
        Throwable cause = depth >= MAX_DEPTH || t.getCause() == t ? null : copy(t.getCause(), copies, depth + 1);
        Throwable out = t instanceof SQLException sql ? sqlCopy(sql, message, cause) : otherCopy(t, message, cause);
        out.setStackTrace(t.getStackTrace());
        copies.put(t, out);
        for (Throwable s : t.getSuppressed()) {
            out.addSuppressed(copy(s, copies, depth + 1));
        }
        if (t instanceof SQLException sql && out instanceof SQLException outSql && sql.getNextException() != null
                && sql.getNextException() != t.getCause() && depth < MAX_DEPTH) {
            outSql.setNextException((SQLException) copy(sql.getNextException(), copies, depth + 1));
        }
        return out;
    }

    private static SQLException sqlCopy(SQLException e, String message, Throwable cause) {
        if (e instanceof BatchUpdateException b) {
            return new BatchUpdateException(message, b.getSQLState(), b.getErrorCode(), b.getLargeUpdateCounts(), cause);
        }
        for (Class<?> c = e.getClass(); SQLException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Throwable made = construct(c, new Class<?>[]{String.class, String.class, int.class, Throwable.class},
                    message, e.getSQLState(), e.getErrorCode(), cause);
            if (made instanceof SQLException s && Objects.equals(s.getMessage(), message)) {
                return s;
            }
        }
        return new SQLException(message, e.getSQLState(), e.getErrorCode(), cause);
    }

    private static Throwable otherCopy(Throwable t, String message, Throwable cause) {
        for (Class<?> c = t.getClass(); Throwable.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Throwable made = construct(c, new Class<?>[]{String.class, Throwable.class}, message, cause);
            if (made == null) {
                made = construct(c, new Class<?>[]{String.class}, message);
                if (made != null && cause != null) {
                    try {
                        made.initCause(cause);
                    } catch (IllegalStateException alreadySet) {
                        made = null;
                    }
                }
            }
            if (made != null && Objects.equals(made.getMessage(), message) && made.getCause() == cause) {
                return made;
            }
        }
        return new RuntimeException(message, cause);
    }

    /** A new instance through a public constructor of a public class, or {@code null} when there is none. */
    private static Throwable construct(Class<?> type, Class<?>[] parameters, Object... arguments) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            Constructor<?> c = type.getConstructor(parameters);
            return (Throwable) c.newInstance(arguments);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
