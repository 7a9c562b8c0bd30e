package dev.bindery.javalin.internal;

import dev.bindery.servlet.RequestLifecycle;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** A handler that makes an on-demand key's session available to the handler it wraps (aiohttp-sqlalchemy's sa_decorator). */
public final class WithSessionHandler implements Handler {
    private final String key;
    private final Handler handler;

    public WithSessionHandler(String key, Handler handler) {
        this.key = key;
        this.handler = handler;
    }

    /** The key this wrapper opens. */
    public String key() {
        return key;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        RequestLifecycle.sessions(ctx.req()).openOnDemand(key, "the handler of " + ctx.method() + " " + ctx.path());
        handler.handle(ctx);
    }
}
