package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.status.BindStatus;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.util.List;

/**
 * The {@code bindery} Actuator endpoint: {@link Binds#status()} of every bind (state, role, lag, pool, routed reads
 * and writes, fallbacks, ejections), and {@code /actuator/bindery/{key}} for one. Expose it like any endpoint
 * ({@code management.endpoints.web.exposure.include=health,bindery}).
 */
@Endpoint(id = "bindery")
public class BinderyEndpoint {
    private final Binds binds;

    public BinderyEndpoint(Binds binds) {
        this.binds = binds;
    }

    /** Every bind's status. */
    @ReadOperation
    public List<BindStatus> status() {
        return binds.status();
    }

    /**
     * One bind's status.
     *
     * @throws dev.bindery.UnknownBindException if no bind has that key
     */
    @ReadOperation
    public BindStatus bind(@Selector String key) {
        return binds.status(key);
    }
}
