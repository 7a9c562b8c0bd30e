package dev.bindery.javalin;

import dev.bindery.servlet.RequestTarget;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Picks a bind or a region for a request (a header, a path parameter, the authenticated tenant). It is asked when a
 * session of the request opens, so path parameters are available. Plug it in with
 * {@code p.resolver(RequestResolver.regionFromHeader("X-Region"))}.
 */
@FunctionalInterface
public interface RequestResolver {
    /** A resolver that never targets anything. */
    RequestResolver NONE = ctx -> RequestTarget.NONE;

    /** The target of this request; {@link RequestTarget#NONE} when it has none. Never null. */
    RequestTarget resolve(Context ctx);

    /** The bind named by request header {@code header}. */
    static RequestResolver bindFromHeader(String header) {
        Objects.requireNonNull(header, "header");
        return ctx -> RequestTarget.bind(ctx.header(header));
    }

    /** The region named by request header {@code header}. */
    static RequestResolver regionFromHeader(String header) {
        Objects.requireNonNull(header, "header");
        return ctx -> RequestTarget.region(ctx.header(header));
    }

    /** The bind named by path parameter {@code name} ({@code /t/{name}/todos}). */
    static RequestResolver bindFromPathParam(String name) {
        Objects.requireNonNull(name, "name");
        return ctx -> RequestTarget.bind(ctx.pathParamMap().get(name));
    }

    /** The region named by path parameter {@code name}. */
    static RequestResolver regionFromPathParam(String name) {
        Objects.requireNonNull(name, "name");
        return ctx -> RequestTarget.region(ctx.pathParamMap().get(name));
    }

    /**
     * The region of the request's tenant: {@code tenantOf} reads the authenticated tenant (from a session attribute, a
     * verified token, ...), and {@code regionByTenant} maps it to its region. An unknown tenant gets no target.
     */
    static RequestResolver regionOfTenant(Function<Context, String> tenantOf, Map<String, String> regionByTenant) {
        Objects.requireNonNull(tenantOf, "tenantOf");
        Map<String, String> regions = Map.copyOf(regionByTenant);
        return ctx -> {
            String tenant = tenantOf.apply(ctx);
            return tenant == null ? RequestTarget.NONE : RequestTarget.region(regions.get(tenant));
        };
    }
}
