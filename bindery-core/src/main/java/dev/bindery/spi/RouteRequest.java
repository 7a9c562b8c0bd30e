package dev.bindery.spi;

import dev.bindery.BindContext;
import dev.bindery.BindGroupMismatchException;
import dev.bindery.CausalToken;
import dev.bindery.RoutingDataSource;

import java.util.Objects;

/**
 * What a caller (a session, a data source) knows about one unit of work, handed to {@link Router#route(RouteRequest)}.
 * A request is immutable and built with named steps: {@link #of(String, Access)} (or a constant such as
 * {@link #READ}), then {@code with*} steps for what the caller knows beyond that. Everything not given comes from the
 * current {@link BindContext}. Build the requests of a hot path once and reuse them: routing allocates nothing.
 *
 * <pre>{@code
 * router.route(RouteRequest.of("users", Access.READ).withRegion("eu").withResident("Customer"));
 * }</pre>
 */
public final class RouteRequest {
    /** A read in the context's group (else the default group). */
    public static final RouteRequest READ = new RouteRequest(null, null, Access.READ, null, null, null, false, null, false, false);
    /** A write in the context's group (else the default group). */
    public static final RouteRequest WRITE = new RouteRequest(null, null, Access.WRITE, null, null, null, false, null, false, false);
    /** Work whose access is unknown, in the context's group (else the default group). */
    public static final RouteRequest UNSPECIFIED = new RouteRequest(null, null, Access.UNSPECIFIED, null, null, null, false,
            null, false, false);
    /**
     * A plain JDBC connection ({@link RoutingDataSource}): everything comes from the {@link BindContext}. A region in the
     * context confines the connection to that region, and a derived bind's options may not ask a read-only bind to write.
     */
    public static final RouteRequest CONNECTION = new RouteRequest(null, null, Access.UNSPECIFIED, null, null, null, false,
            null, false, true);

    private final String bind;
    private final String group;
    private final Access access;
    private final RouteReason primaryReason;
    private final CausalToken token;
    private final String region;
    private final boolean resident;
    private final String subject;
    private final boolean entities;
    private final boolean connection;

    private RouteRequest(String bind, String group, Access access, RouteReason primaryReason, CausalToken token, String region,
                         boolean resident, String subject, boolean entities, boolean connection) {
        this.bind = bind;
        this.group = group;
        this.access = access;
        this.primaryReason = primaryReason;
        this.token = token;
        this.region = region;
        this.resident = resident;
        this.subject = subject;
        this.entities = entities;
        this.connection = connection;
    }

    /**
     * A request for work of {@code access} in {@code group} ({@code null}: the context's group, else the default).
     *
     * @throws IllegalArgumentException if {@code access} is null
     */
    public static RouteRequest of(String group, Access access) {
        if (access == null) {
            throw new IllegalArgumentException("access must not be null: say READ, WRITE or UNSPECIFIED");
        }
        if (group == null) {
            return access == Access.READ ? READ : access == Access.WRITE ? WRITE : UNSPECIFIED;
        }
        return new RouteRequest(null, group, access, null, null, null, false, null, false, false);
    }

    /** This request with an explicit bind chosen by the caller ({@code usingBind}); {@code null} removes it. */
    public RouteRequest withBind(String bind) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject, entities, connection);
    }

    /**
     * This request, pinned to the primary for {@code reason}.
     *
     * @throws IllegalArgumentException unless {@code reason} is READ_WRITE_TRANSACTION or READ_YOUR_WRITES
     */
    public RouteRequest withPrimaryRequired(RouteReason reason) {
        if (reason != RouteReason.READ_WRITE_TRANSACTION && reason != RouteReason.READ_YOUR_WRITES) {
            throw new IllegalArgumentException("A caller pins work to the primary for READ_WRITE_TRANSACTION or "
                    + "READ_YOUR_WRITES, not " + reason + "; the router gives the other reasons itself.");
        }
        return new RouteRequest(bind, group, access, reason, token, region, resident, subject, entities, connection);
    }

    /** This request, whose reads must see the writes {@code token} records (merged with the context's token). */
    public RouteRequest withToken(CausalToken token) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject, entities, connection);
    }

    /** This request in {@code region} (the session's), instead of the context's region. */
    public RouteRequest withRegion(String region) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject, entities, connection);
    }

    /** This request for resident data named {@code subject} (an entity name, for messages): confined to its region. */
    public RouteRequest withResident(String subject) {
        return new RouteRequest(bind, group, access, primaryReason, token, region, true, subject, entities, connection);
    }

    /**
     * This request for work on entities mapped in its group: a bind of another group (from a {@link BindContext}
     * scope) is refused with {@link BindGroupMismatchException}.
     */
    public RouteRequest onEntities() {
        return new RouteRequest(bind, group, access, primaryReason, token, region, resident, subject, true, connection);
    }

    /** The explicit bind, or {@code null}. */
    public String bind() {
        return bind;
    }

    /** The group of the work, or {@code null} for the context's group, else the default. */
    public String group() {
        return group;
    }

    public Access access() {
        return access;
    }

    /** Why the caller requires the primary, or {@code null}. */
    public RouteReason primaryReason() {
        return primaryReason;
    }

    /** The causal token reads must reach, or {@code null}. */
    public CausalToken token() {
        return token;
    }

    /** The caller's region, or {@code null} to use the context's. */
    public String region() {
        return region;
    }

    /** Whether the data touched is resident data, confined to its region. */
    public boolean resident() {
        return resident;
    }

    /** What is touched, for messages, or {@code null}. */
    public String subject() {
        return subject;
    }

    /** Whether the work touches entities mapped in {@link #group()}. */
    public boolean entities() {
        return entities;
    }

    /** Whether this is a plain JDBC connection request ({@link #CONNECTION}). */
    public boolean connection() {
        return connection;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteRequest r && access == r.access && primaryReason == r.primaryReason && resident == r.resident
                && entities == r.entities && connection == r.connection && Objects.equals(bind, r.bind)
                && Objects.equals(group, r.group) && Objects.equals(token, r.token) && Objects.equals(region, r.region)
                && Objects.equals(subject, r.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bind, group, access, primaryReason, token, region, resident, subject, entities, connection);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RouteRequest[").append(access);
        if (group != null) {
            b.append(", group ").append(group);
        }
        if (bind != null) {
            b.append(", bind ").append(bind);
        }
        if (primaryReason != null) {
            b.append(", primary for ").append(primaryReason);
        }
        if (token != null) {
            b.append(", after ").append(token);
        }
        if (region != null) {
            b.append(", region ").append(region);
        }
        if (resident) {
            b.append(", resident ").append(subject);
        }
        if (entities) {
            b.append(", entities");
        }
        if (connection) {
            b.append(", connection");
        }
        return b.append(']').toString();
    }
}
