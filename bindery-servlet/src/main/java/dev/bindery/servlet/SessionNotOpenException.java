package dev.bindery.servlet;

import dev.bindery.RefusedWorkException;

/**
 * Thrown when a handler asks for a session it has no access to: an {@link SessionAvailability#ON_DEMAND} key in a
 * handler that did not open it (Javalin's {@code Bindery.withSession}, {@link BinderyFilter#openOnDemand}), a session used after its request ended, or a request that no
 * Bindery plugin or filter handles.
 */
public final class SessionNotOpenException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}, which says how to open the session. */
    public SessionNotOpenException(String message) {
        super(message);
    }

    /** The error for an on-demand key used in a handler that did not open it. */
    public static SessionNotOpenException onDemand(String key) {
        return new SessionNotOpenException("Key '" + key + "' is registered ON_DEMAND and this handler did not open "
                + "it. Wrap the handler: cfg.routes.get(path, Bindery.withSession(\"" + key + "\", handler)) in Javalin, "
                + "BinderyFilter.openOnDemand(request, \"" + key + "\") in a servlet; or register the key PER_REQUEST "
                + "to open it for every request.");
    }

    /** The error for a request that no plugin or filter handles. */
    public static SessionNotOpenException noPlugin() {
        return new SessionNotOpenException("This request has no Bindery sessions: register the plugin, "
                + "cfg.registerPlugin(new BinderyPlugin(p -> p.session(db))), or put BinderyFilter in front of the "
                + "servlet, and use Bindery.session(ctx) only while the request is handled.");
    }

    /** The error for a session asked for after its request ended. */
    public static SessionNotOpenException finished(String key) {
        return new SessionNotOpenException("The session of key '" + key + "' was asked for after its request "
                + "ended (committed or rolled back and closed). Use it only while the request is handled; for work "
                + "after the response, open a session yourself with db.openSession().");
    }
}
