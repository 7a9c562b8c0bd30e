package dev.bindery.javalin;

import dev.bindery.hibernate.Database;
import dev.bindery.javalin.internal.JavalinLifecycle;
import dev.bindery.servlet.CommitFailedException;
import dev.bindery.servlet.DuplicateSessionKeyException;
import dev.bindery.servlet.LifecycleSettings;
import dev.bindery.servlet.RequestLifecycle;
import dev.bindery.servlet.RequestTargetNotFoundException;
import dev.bindery.servlet.SessionAvailability;
import dev.bindery.servlet.SessionOpenedTwiceException;
import io.javalin.config.JavalinState;
import io.javalin.http.ContentType;
import io.javalin.plugin.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Per-request sessions for Javalin 7, a thin adapter over bindery-servlet's {@link RequestLifecycle}. Register
 * databases under request keys; each request then has a lazily opened session per key, committed when the handler
 * succeeds, rolled back on an exception or an error status, always closed.
 *
 * <pre>{@code
 * Javalin.create(cfg -> cfg.registerPlugin(new BinderyPlugin(p -> {
 *     p.session(mainDb);                                                   // key "db", per request
 *     p.session("analytics", analyticsDb, SessionAvailability.ON_DEMAND);
 * })));
 * }</pre>
 *
 * Registering a key twice raises {@link DuplicateSessionKeyException}; a route that wraps a per-request key in
 * {@link Bindery#withSession} raises {@link SessionOpenedTwiceException} at start-up. A resolver that names an unknown
 * bind is answered {@code 404 {"error":"Not found"}}.
 */
public final class BinderyPlugin extends Plugin<BinderyPlugin.Config> {
    /** The key of {@link Config#session(Database)}. */
    public static final String DEFAULT_KEY = LifecycleSettings.DEFAULT_KEY;
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
        lifecycle = new JavalinLifecycle(new RequestLifecycle(c.settings()), c.resolver);
        state.routes.before(lifecycle::before);
        state.routes.after(lifecycle::after);
        state.routes.exception(ValidationFailedException.class, (e, ctx) -> ctx.status(400)
                .json(Map.of("error", "validation failed", "problems", e.problems())));
        state.routes.exception(RequestTargetNotFoundException.class, (e, ctx) -> {
            LOG.info("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(404).contentType(ContentType.APPLICATION_JSON).result(RequestTargetNotFoundException.RESPONSE_BODY);
        });
        state.routes.exception(CommitFailedException.class, (e, ctx) -> {
            LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            ctx.status(500).contentType(ContentType.APPLICATION_JSON).result(CommitFailedException.RESPONSE_BODY);
        });
    }

    @Override
    public void onStart(JavalinState state) {
        lifecycle.checkRoutes(state.internalRouter.allHttpHandlers());
    }

    /**
     * The plugin's configuration: the lifecycle's options ({@link LifecycleSettings.Options}: databases by request
     * key, how requests end, the read-your-writes cookie, the bind header), and the {@link RequestResolver}.
     */
    public static final class Config extends LifecycleSettings.Options<Config> {
        private RequestResolver resolver = RequestResolver.NONE;

        Config() {
        }

        /** Picks a bind or region per request (header, path parameter, tenant). Default: none. */
        public Config resolver(RequestResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }
    }
}
