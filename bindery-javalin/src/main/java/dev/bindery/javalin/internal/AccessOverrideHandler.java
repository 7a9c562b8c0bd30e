package dev.bindery.javalin.internal;

import dev.bindery.javalin.SessionAccess;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** A handler whose request's sessions are opened with the given access, whatever the method. */
public final class AccessOverrideHandler implements Handler {
    private final SessionAccess access;
    private final Handler handler;

    public AccessOverrideHandler(SessionAccess access, Handler handler) {
        this.access = access;
        this.handler = handler;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        JavalinLifecycle.sessions(ctx).override(access);
        handler.handle(ctx);
    }
}
