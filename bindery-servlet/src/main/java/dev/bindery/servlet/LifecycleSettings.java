package dev.bindery.servlet;

import dev.bindery.hibernate.Database;
import dev.bindery.servlet.internal.Registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of the per-request session lifecycle, the one set of options that the Javalin plugin and the servlet
 * filter share (both configure it through {@link Options}): the databases by request key, which responses roll back,
 * the read-your-writes cookie, and the bind header. Immutable; build it with {@link #builder()} or an adapter's
 * configuration.
 */
public final class LifecycleSettings {
    /** The key of {@link Options#session(Database)}. */
    public static final String DEFAULT_KEY = "db";
    /** The read-your-writes cookie's name unless {@link Options#readYourWritesCookie} renames it. */
    public static final String DEFAULT_COOKIE = ReadYourWritesCookie.DEFAULT_NAME;
    /** How long reads stay on the primary after a write unless {@link Options#readYourWritesWindow} says otherwise. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    private final Registry registry;
    private final RollbackRule rollbackRule;
    private final ReadYourWritesCookie cookie;
    private final boolean readYourWrites;
    private final String bindHeader;

    private LifecycleSettings(Options<?> o) {
        this.registry = o.registry.copy();
        this.rollbackRule = o.rollbackRule;
        this.readYourWrites = o.readYourWrites;
        this.cookie = new ReadYourWritesCookie(o.cookieName, o.window, o.alwaysSecure,
                registry.isEmpty() ? null : registry.registrations().get(0).database().binds().tokens());
        this.bindHeader = o.bindHeader;
    }

    /** A builder of settings on their own, for an adapter of another framework; register at least one database. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registered request keys, in registration order. */
    public List<String> keys() {
        return registry.keys();
    }

    /**
     * When the session of {@code key} is available.
     *
     * @throws UnknownSessionKeyException if {@code key} is not registered
     */
    public SessionAvailability availability(String key) {
        return registry.get(key).availability();
    }

    /** Which statuses roll a request back. */
    public RollbackRule rollbackRule() {
        return rollbackRule;
    }

    /** Whether requests that wrote issue the read-your-writes cookie (and requests read it). */
    public boolean readYourWrites() {
        return readYourWrites;
    }

    /** How long after a write the client's reads stay on the primary, and how long the cookie lives. */
    public Duration readYourWritesWindow() {
        return cookie.window();
    }

    /** The read-your-writes cookie's name. */
    public String readYourWritesCookie() {
        return cookie.name();
    }

    /** Whether the cookie is marked {@code Secure} on every response; otherwise only on responses to HTTPS requests. */
    public boolean readYourWritesCookieSecure() {
        return cookie.alwaysSecure();
    }

    /** The response header that lists the binds that served a request, or {@code null} when off. */
    public String bindHeader() {
        return bindHeader;
    }

    Registry registry() {
        return registry;
    }

    /** The cookie, or {@code null} when read-your-writes is off. */
    ReadYourWritesCookie cookie() {
        return readYourWrites ? cookie : null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LifecycleSettings[keys=[");
        for (int i = 0; i < registry.keys().size(); i++) {
            String key = registry.keys().get(i);
            b.append(i == 0 ? "" : ", ").append(key).append(' ').append(availability(key));
        }
        return b.append("], rollbackRule=").append(rollbackRule).append(", readYourWrites=").append(readYourWrites)
                .append(", readYourWritesWindow=").append(cookie.window()).append(", readYourWritesCookie=")
                .append(cookie.name()).append(", readYourWritesCookieSecure=").append(cookie.alwaysSecure()).append(", bindHeader=").append(bindHeader).append(']').toString();
    }

    /**
     * The options of the lifecycle, in one place: the Javalin plugin's configuration and the servlet filter's builder
     * both extend this class, so each adapter has every option and none of its own besides the request resolver.
     *
     * @param <B> the adapter's own configuration type, returned by every option for chaining
     */
    public abstract static class Options<B extends Options<B>> {
        private final Registry registry = new Registry();
        private RollbackRule rollbackRule = RollbackRule.SERVER_ERRORS;
        private boolean readYourWrites = true;
        private Duration window = DEFAULT_WINDOW;
        private String cookieName = DEFAULT_COOKIE;
        private boolean alwaysSecure;
        private String bindHeader;

        /** For subclasses: the adapters' configurations. */
        protected Options() {
        }

        private B self() {
            @SuppressWarnings("unchecked")
            B b = (B) this;
            return b;
        }

        /** Registers {@code db} under key {@code "db"}, per request. */
        public B session(Database db) {
            return session(DEFAULT_KEY, db, SessionAvailability.PER_REQUEST);
        }

        /** Registers {@code db} under {@code key}, per request. */
        public B session(String key, Database db) {
            return session(key, db, SessionAvailability.PER_REQUEST);
        }

        /**
         * Registers {@code db} under {@code key}, available as {@code availability} says.
         *
         * @throws DuplicateSessionKeyException if {@code key} is registered already
         */
        public B session(String key, Database db, SessionAvailability availability) {
            registry.add(key, db, availability);
            return self();
        }

        /** Which statuses roll back; default {@link RollbackRule#SERVER_ERRORS} (an exception always rolls back). */
        public B rollbackOn(RollbackRule rule) {
            this.rollbackRule = Objects.requireNonNull(rule, "rule");
            return self();
        }

        /** Turns the read-your-writes cookie on (the default) or off. */
        public B readYourWrites(boolean on) {
            this.readYourWrites = on;
            return self();
        }

        /**
         * After a request that wrote, the same client's reads go to the primary (or to replicas past its causal token)
         * for {@code window}, default 5 s; it is also how long the cookie lives.
         */
        public B readYourWritesWindow(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return self();
        }

        /** Names the read-your-writes cookie; {@code bindery-ryw} by default. */
        public B readYourWritesCookie(String name) {
            this.cookieName = Objects.requireNonNull(name, "name");
            return self();
        }

        /**
         * Marks the read-your-writes cookie {@code Secure} on every response ({@code true}), so browsers send it back
         * over HTTPS only; use it behind a proxy that ends TLS. By default ({@code false}) it is {@code Secure} on
         * responses to HTTPS requests ({@code request.isSecure()}) and not on plain HTTP. It is always
         * {@code HttpOnly} and {@code SameSite=Lax}.
         */
        public B readYourWritesCookieSecure(boolean always) {
            this.alwaysSecure = always;
            return self();
        }

        /** Names a response header that lists the binds that served the request, such as {@code X-Bind}. Off by default. */
        public B bindHeader(String header) {
            this.bindHeader = header;
            return self();
        }

        /** The registered keys, in order. */
        public List<String> keys() {
            return registry.keys();
        }

        /**
         * The settings as configured so far.
         *
         * @throws IllegalArgumentException if the read-your-writes window is not positive or the cookie name is no token
         */
        public LifecycleSettings settings() {
            return new LifecycleSettings(this);
        }
    }

    /** Builds {@link LifecycleSettings} on their own. */
    public static final class Builder extends Options<Builder> {
        private Builder() {
        }

        /** The settings. */
        public LifecycleSettings build() {
            return settings();
        }
    }
}
