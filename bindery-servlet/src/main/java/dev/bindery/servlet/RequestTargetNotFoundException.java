package dev.bindery.servlet;

import dev.bindery.RefusedWorkException;
import dev.bindery.UnknownBindException;

/**
 * Thrown when a request names a bind that does not exist, through the resolver (a path parameter, a header): the
 * request asked for something that is not there, so the Javalin plugin and the servlet filter answer it with
 * {@code 404 {"error": "Not found"}}, naming no bind to the client. The message, for the log, is the
 * {@link UnknownBindException}'s: the bind as the client sent it (bounded, without control characters) and the
 * known ones.
 */
public final class RequestTargetNotFoundException extends RefusedWorkException {
    private static final long serialVersionUID = 1L;
    /** The body of the 404 response. */
    public static final String RESPONSE_BODY = "{\"error\":\"Not found\"}";
    private final String bind;

    /** An error for {@code bind}, named by the request; {@code cause} lists the known binds. */
    public RequestTargetNotFoundException(String bind, UnknownBindException cause) {
        super("The request names a bind that does not exist, answered 404: " + cause.getMessage()
                + " Check the resolver's source (path parameter, header) if the client is right.", cause);
        this.bind = bind;
    }

    /** The bind the request named. */
    public String bind() {
        return bind;
    }
}
