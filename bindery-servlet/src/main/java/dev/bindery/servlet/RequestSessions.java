package dev.bindery.servlet;

import dev.bindery.spi.Route;
import dev.bindery.UnknownBindException;
import dev.bindery.hibernate.CommitOutcome;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.hibernate.SessionOptions;
import dev.bindery.servlet.internal.Registration;
import dev.bindery.servlet.internal.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sessions of one request, by key. Each opens on first use with options from the request (read-only for
 * GET/HEAD/OPTIONS unless overridden, primary reads inside the read-your-writes window, the resolver's bind or region),
 * and all end together when the {@link RequestLifecycle} ends the request: commit, or roll back, then close. One
 * request is handled by one thread at a time, so this class holds no locks. Get it with
 * {@link RequestLifecycle#sessions}; the adapters' {@code session(..., key)} methods read it.
 */
public final class RequestSessions {
    /** The request attribute under which the lifecycle keeps this object. */
    static final String ATTRIBUTE = RequestSessions.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger("dev.bindery.servlet");

    private final Registry registry;
    private final boolean methodReadOnly;
    private final boolean primaryReads;
    private final dev.bindery.CausalToken after;
    private dev.bindery.CausalToken committedToken = dev.bindery.CausalToken.NONE;
    private final Supplier<RequestTarget> resolver;
    private final Supplier<Boolean> routeReadOnly;
    private final Map<String, RoutingSession> open = new LinkedHashMap<>(4);
    private final Set<String> onDemandOpened = new HashSet<>(4);
    private Boolean override;
    private RequestTarget target;
    private List<Route> finalRoutes;
    private boolean finished;

    /**
     * @param methodReadOnly whether the request's method reads only (GET, HEAD, OPTIONS)
     * @param primaryReads   whether the client is inside its read-your-writes window
     * @param after          the causal token the client's reads must see, or {@code null}
     * @param resolver       the request's target, asked once when the first session opens
     * @param routeReadOnly  the route's own override (Javalin's route roles), asked when a session opens; may answer
     *                       null for none
     */
    RequestSessions(Registry registry, boolean methodReadOnly, boolean primaryReads, dev.bindery.CausalToken after,
                    Supplier<RequestTarget> resolver, Supplier<Boolean> routeReadOnly) {
        this.registry = registry;
        this.methodReadOnly = methodReadOnly;
        this.primaryReads = primaryReads;
        this.after = after;
        this.resolver = resolver;
        this.routeReadOnly = routeReadOnly;
    }

    /** Whether GET/HEAD/OPTIONS made this request read-only by default. */
    static boolean isReadOnlyMethod(String method) {
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method) || "OPTIONS".equalsIgnoreCase(method);
    }

    /**
     * The session of {@code key}, opened on first use.
     *
     * @throws UnknownSessionKeyException      if {@code key} was never registered (the message lists the keys)
     * @throws SessionNotOpenException         if {@code key} is on demand and not opened, or the request has ended
     * @throws RequestTargetNotFoundException if the request names a bind that does not exist (answered 404)
     */
    public RoutingSession session(String key) {
        RoutingSession s = open.get(key);
        if (s != null) {
            return s;
        }
        Registration r = registry.get(key);
        if (finished) {
            throw SessionNotOpenException.finished(key);
        }
        if (r.availability() == SessionAvailability.ON_DEMAND && !onDemandOpened.contains(key)) {
            throw SessionNotOpenException.onDemand(key);
        }
        SessionOptions options = options();
        try {
            s = r.database().openSession(options);
        } catch (UnknownBindException e) {
            if (options.bind() == null) {
                throw e;
            }
            throw new RequestTargetNotFoundException(options.bind(), e);
        }
        open.put(key, s);
        return s;
    }

    /**
     * Makes on-demand {@code key} available to the rest of the request (what {@code withSession} does); {@code where}
     * names the handler for the error message.
     *
     * @throws UnknownSessionKeyException  if {@code key} was never registered
     * @throws SessionOpenedTwiceException if {@code key} is per request, or was opened on demand already
     */
    public void openOnDemand(String key, String where) {
        Registration r = registry.get(key);
        if (r.availability() == SessionAvailability.PER_REQUEST) {
            throw SessionOpenedTwiceException.perRequestKey(key, where);
        }
        if (!onDemandOpened.add(key)) {
            throw SessionOpenedTwiceException.openedTwice(key);
        }
    }

    /** Makes sessions opened from now on read-only ({@code true}) or read-write, whatever the method. */
    public void overrideReadOnly(boolean readOnly) {
        this.override = readOnly;
    }

    /** Whether sessions opened now are read-only. */
    public boolean readOnly() {
        Boolean o = override != null ? override : routeReadOnly.get();
        return o == null ? methodReadOnly : o;
    }

    /** Whether this request reads from the primary because its client wrote recently. */
    public boolean primaryReads() {
        return primaryReads;
    }

    /** The request's target, resolved once. */
    public RequestTarget target() {
        if (target == null) {
            RequestTarget t = resolver.get();
            target = t == null ? RequestTarget.NONE : t;
        }
        return target;
    }

    private SessionOptions options() {
        RequestTarget t = target();
        SessionOptions.Builder b = SessionOptions.builder().readOnly(readOnly()).primaryReads(primaryReads).after(after);
        if (t.bind() != null) {
            b.bind(t.bind());
        }
        if (t.region() != null) {
            b.region(t.region());
        }
        return b.build();
    }

    /** The keys whose sessions this request opened, in opening order. */
    public Set<String> openedKeys() {
        return new LinkedHashSet<>(open.keySet());
    }

    /** Whether the session of {@code key} was opened by this request. */
    public boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** Every route decided by this request's sessions, in order per session. */
    public List<Route> routes() {
        if (finalRoutes != null) {
            return finalRoutes;
        }
        List<Route> all = new ArrayList<>();
        for (RoutingSession s : open.values()) {
            all.addAll(s.routes());
        }
        return all;
    }

    /** The distinct binds that served this request, in the order first used. */
    public List<String> servedBy() {
        Set<String> binds = new LinkedHashSet<>();
        for (Route r : routes()) {
            binds.add(r.bind());
        }
        return List.copyOf(binds);
    }

    /** Whether a session of this request wrote. */
    public boolean wrote() {
        for (RoutingSession s : open.values()) {
            if (s.hasWritten()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request has ended (its sessions committed or rolled back, and closed). */
    public boolean finished() {
        return finished;
    }

    /**
     * Ends every session: rolls back when {@code rollback}, else commits them in opening order (if one fails, the
     * later ones roll back); closes all in any case. Returns whether the request's writes were kept.
     *
     * @throws CommitFailedException if a commit failed; it names the keys that had committed
     */
    boolean finish(boolean rollback) {
        if (finished) {
            return false;
        }
        finished = true;
        finalRoutes = List.copyOf(routes());
        boolean wrote = wrote();
        CommitOutcome<String> outcome = null;
        try {
            if (rollback) {
                open.forEach(RequestSessions::rollbackQuietly);
            } else {
                outcome = RoutingSession.commitInOrder(open);   // a failure rolls back it and the later sessions
                for (String key : outcome.committed()) {
                    RoutingSession s = open.get(key);
                    if (s.hasWritten()) {
                        committedToken = committedToken.merge(tokenOf(key, s));
                    }
                }
            }
        } finally {
            for (Map.Entry<String, RoutingSession> e : open.entrySet()) {
                try {
                    e.getValue().close();
                } catch (RuntimeException ex) {
                    LOG.warn("Closing the session of key '{}' failed", e.getKey(), ex);
                }
            }
        }
        if (outcome != null && !outcome.succeeded()) {
            throw new CommitFailedException("The commit of the session of key '" + outcome.failed() + "' failed"
                    + (outcome.committed().isEmpty() ? "" : " after keys " + outcome.committed() + " had committed")
                    + "; the request's other sessions were rolled back. The cause holds the database's message. "
                    + "Flush inside the handler (session.flush()) to turn such errors into a response yourself.",
                    outcome.failure());
        }
        return !rollback && wrote;
    }

    /** The causal token of the request's committed writes; empty when none, or when the database gives no position. */
    dev.bindery.CausalToken committedToken() {
        return committedToken;
    }

    private static dev.bindery.CausalToken tokenOf(String key, RoutingSession s) {
        try {
            return s.causalToken();
        } catch (RuntimeException ex) {
            LOG.warn("Could not read the causal token of key '{}'; the client gets a time window instead", key, ex);
            return dev.bindery.CausalToken.NONE;
        }
    }

    private static void rollbackQuietly(String key, RoutingSession s) {
        try {
            s.rollback();
        } catch (RuntimeException ex) {
            LOG.warn("Rolling back the session of key '{}' failed", key, ex);
        }
    }
}
