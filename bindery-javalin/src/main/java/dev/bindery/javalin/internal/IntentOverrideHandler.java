package dev.bindery.javalin.internal;

import dev.bindery.javalin.RequestIntent;
import dev.bindery.servlet.RequestLifecycle;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** A handler whose request's sessions are opened with the given intent, whatever the method. */
public final class IntentOverrideHandler implements Handler {
    private final RequestIntent intent;
    private final Handler handler;

    public IntentOverrideHandler(RequestIntent intent, Handler handler) {
        this.intent = intent;
        this.handler = handler;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        RequestLifecycle.sessions(ctx.req()).overrideReadOnly(intent == RequestIntent.READ_ONLY);
        handler.handle(ctx);
    }
}
