package dev.bindery.javalin;

import dev.bindery.hibernate.Database;
import dev.bindery.javalin.internal.JavalinLifecycle;
import dev.bindery.javalin.internal.LifecycleSettings;
import dev.bindery.javalin.internal.ReadYourWritesCookie;
import dev.bindery.javalin.internal.Registry;
import io.javalin.config.JavalinState;
import io.javalin.plugin.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Per-request sessions for Javalin 7. Register databases under request keys; each request then has a lazily opened
 * session per key, committed when the handler succeeds, rolled back on an exception or an error status, always closed.
 *
 * <pre>{@code
 * Javalin.create(cfg -> cfg.registerPlugin(new BinderyPlugin(p -> {
 *     p.session(mainDb);                                          // key "db", per request
 *     p.session("analytics", analyticsDb, SessionMode.ON_DEMAND);
 * })));
 * }</pre>
 *
 * Registering a key twice raises {@link DuplicateKeyException}; a route that wraps a per-request key in
 * {@link Bindery#withSession} raises {@link DuplicateRequestKeyException} at start-up.
 */
public final class BinderyPlugin extends Plugin<BinderyPlugin.Config> {
    /** The key of {@link Config#session(Database)}. */
    public static final String DEFAULT_KEY = "db";
    private static final Logger LOG = LoggerFactory.getLogger("dev.bindery.javalin");

    private JavalinLifecycle lifecycle;

    /** A plugin configured by {@code config}; the configuration is checked here, at start-up. */
    public BinderyPlugin(Consumer<Config> config) {
        super(config, new Config());
    }

    @Override
    public String name() {
        return "bindery";
    }

    @Override
    public void onInitialize(JavalinState state) {
        Config c = pluginConfig;
        lifecycle = new JavalinLifecycle(c.registry, c.settings(), c.resolver);
        state.routes.before(lifecycle::before);
        state.routes.after(lifecycle::after);
        state.routes.exception(ValidationFailedException.class, (e, ctx) -> ctx.status(400)
                .json(Map.of("error", "validation failed", "problems", e.problems())));
        state.routes.exception(CommitFailedException.class, (e, ctx) -> {
            LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            ctx.status(500).json(Map.of("error", "The request's changes could not be saved and were rolled back."));
        });
    }

    @Override
    public void onStart(JavalinState state) {
        lifecycle.checkRoutes(state.internalRouter.allHttpHandlers());
    }

    /** The plugin's configuration: databases by request key, routing by request, and how requests end. */
    public static final class Config {
        private final Registry registry = new Registry();
        private RequestResolver resolver = RequestResolver.NONE;
        private RollbackRule rollbackRule = RollbackRule.SERVER_ERRORS;
        private boolean readYourWrites = true;
        private Duration readYourWritesWindow = Duration.ofSeconds(5);
        private String readYourWritesCookie = ReadYourWritesCookie.DEFAULT_NAME;
        private String bindHeader;

        Config() {
        }

        /** Registers {@code db} under key {@code "db"}, per request. */
        public Config session(Database db) {
            return session(DEFAULT_KEY, db, SessionMode.PER_REQUEST);
        }

        /** Registers {@code db} under {@code key}, per request. */
        public Config session(String key, Database db) {
            return session(key, db, SessionMode.PER_REQUEST);
        }

        /**
         * Registers {@code db} under {@code key} with {@code mode}.
         *
         * @throws DuplicateKeyException if {@code key} is registered already
         */
        public Config session(String key, Database db, SessionMode mode) {
            registry.add(key, db, mode);
            return this;
        }

        /** Picks a bind or region per request (header, path parameter, tenant). Default: none. */
        public Config resolver(RequestResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Which statuses roll back; default {@link RollbackRule#SERVER_ERRORS} (an exception always rolls back). */
        public Config rollbackOn(RollbackRule rule) {
            this.rollbackRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Turns the read-your-writes cookie on (the default) or off. */
        public Config readYourWrites(boolean on) {
            this.readYourWrites = on;
            return this;
        }

        /**
         * After a request that wrote, the same client's reads go to the primary for {@code window} (default 5 s),
         * carried by a cookie named {@code bindery-ryw} unless renamed with {@link #readYourWritesCookie}.
         */
        public Config readYourWritesWindow(Duration window) {
            this.readYourWritesWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Names the read-your-writes cookie. */
        public Config readYourWritesCookie(String name) {
            this.readYourWritesCookie = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Names a response header that lists the binds that served the request, such as {@code X-Bind}. Off by default. */
        public Config bindHeader(String header) {
            this.bindHeader = header;
            return this;
        }

        /** The registered keys, in order. */
        public List<String> keys() {
            return registry.keys();
        }

        LifecycleSettings settings() {
            return new LifecycleSettings(rollbackRule,
                    readYourWrites ? new ReadYourWritesCookie(readYourWritesCookie, readYourWritesWindow) : null,
                    bindHeader);
        }
    }
}
