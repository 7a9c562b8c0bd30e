package dev.bindery.javalin;

import dev.bindery.hibernate.RoutingSession;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.List;

/**
 * A mixin for class-based handlers (as aiohttp-sqlalchemy's {@code SABaseView}): the request's sessions by key, item
 * lookup that answers 404, and validation that answers 400. Implement it next to {@code Handler} or
 * {@code CrudHandler}.
 */
public interface SessionView {
    /** The key {@link #session(Context)} uses; {@code "db"} unless overridden. */
    default String sessionKey() {
        return BinderyPlugin.DEFAULT_KEY;
    }

    /** The request's session of {@link #sessionKey()}. */
    default RoutingSession session(Context ctx) {
        return Bindery.session(ctx, sessionKey());
    }

    /** The request's session of {@code key}. */
    default RoutingSession session(Context ctx, String key) {
        return Bindery.session(ctx, key);
    }

    /** The entity of {@code type} with {@code id}; answers 404 (throws {@link NotFoundResponse}) when there is none. */
    default <T> T findOr404(Context ctx, Class<T> type, Object id) {
        T found = session(ctx).find(type, id);
        if (found == null) {
            throw new NotFoundResponse(type.getSimpleName() + " " + id + " was not found");
        }
        return found;
    }

    /** Answers 400 with the problems as JSON (throws {@link ValidationFailedException}) unless {@code problems} is empty. */
    default void requireValid(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
    }
}
