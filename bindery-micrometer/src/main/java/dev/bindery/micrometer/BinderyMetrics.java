package dev.bindery.micrometer;

import dev.bindery.status.BindStatus;
import dev.bindery.status.BindState;
import dev.bindery.status.TokenRejection;
import dev.bindery.Binds;
import dev.bindery.spi.Refusal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Binds Bindery's per-bind numbers to a Micrometer registry: state, lag, pool connections, and counters of reads,
 * writes, fallbacks, retries, causal-token waits, pool saturations and ejections. Every per-bind meter is tagged with
 * {@code bind}, {@code group} and {@code role} (the configured role: after a failover {@code bindery.bind.primary}
 * says which member is the primary); refusals ({@code bindery.refusals}) are tagged with {@code kind}, and residency
 * refusals with {@code region}. Each group has {@code bindery.group.*} meters for its failovers ({@code failover=follow}).
 *
 * <pre>{@code
 * new BinderyMetrics(binds).bindTo(registry);
 * }</pre>
 *
 * Meters read {@link Binds#status(String)} when scraped, so they cost nothing on the routing path. Binds added at run
 * time need another {@link #bindTo(MeterRegistry)}.
 */
public final class BinderyMetrics implements MeterBinder {
    private final Binds binds;

    public BinderyMetrics(Binds binds) {
        this.binds = binds;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String key : binds.keys()) {
            BindStatus s = binds.status(key);
            Tags tags = Tags.of("bind", key, "group", s.group(), "role", s.role().name().toLowerCase(Locale.ROOT));
            gauge(registry, "bindery.bind.up", "1 when the bind serves work, 0 when ejected, down, lagging or removed", tags, key,
                    st -> st.state() == BindState.UP ? 1 : 0);
            gauge(registry, "bindery.replication.lag", "replication lag in milliseconds (-1 unknown)", tags, key, BindStatus::lagMillis);
            gauge(registry, "bindery.replication.lag.bytes", "replication lag in WAL bytes (-1 unknown)", tags, key, BindStatus::lagBytes);
            gauge(registry, "bindery.pool.active", "connections in use", tags, key, st -> st.pool().active());
            gauge(registry, "bindery.pool.idle", "idle connections", tags, key, st -> st.pool().idle());
            gauge(registry, "bindery.pool.waiting", "threads waiting for a connection", tags, key, st -> st.pool().waiting());
            counter(registry, "bindery.routed.reads", "reads routed to the bind", tags, key, BindStatus::reads);
            counter(registry, "bindery.routed.writes", "writes routed to the bind", tags, key, BindStatus::writes);
            counter(registry, "bindery.replica.fallbacks", "reads the primary served because no replica was usable", tags, key,
                    BindStatus::fallbacks);
            counter(registry, "bindery.read.retries", "reads retried elsewhere after a connection failure here", tags, key,
                    BindStatus::retries);
            counter(registry, "bindery.token.waits", "reads that waited for a replica to reach a causal token", tags, key,
                    BindStatus::tokenWaits);
            counter(registry, "bindery.token.fallbacks", "reads with a causal token that the primary served", tags, key,
                    BindStatus::tokenFallbacks);
            counter(registry, "bindery.token.position.queries", "queries that read the bind's position again for causal tokens",
                    tags, key, BindStatus::positionQueries);
            gauge(registry, "bindery.pool.saturated", "1 while a connection request recently timed out on the busy pool",
                    tags, key, st -> st.saturated() ? 1 : 0);
            counter(registry, "bindery.pool.saturations", "connection requests that timed out on the busy pool (never ejects)",
                    tags, key, BindStatus::saturations);
            counter(registry, "bindery.bind.ejections", "times the bind went out of service (replica ejected, primary down, fenced)",
                    tags, key, BindStatus::ejections);
            gauge(registry, "bindery.bind.primary", "1 while the bind is its group's primary (after failovers too)", tags, key,
                    st -> st.role() == dev.bindery.spi.Role.PRIMARY ? 1 : 0);
            gauge(registry, "bindery.bind.fenced", "1 while the bind is fenced: off its group's current timeline", tags, key,
                    st -> st.state() == BindState.FENCED ? 1 : 0);
        }
        for (String group : binds.groups()) {
            bindGroup(registry, group);
        }
        for (TokenRejection reason : TokenRejection.values()) {
            FunctionCounter.builder("bindery.tokens.ignored", binds, b -> b.tokens().ignored().get(reason))
                    .description("tokens and read-your-writes windows sent by clients that were ignored, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (Refusal.Kind kind : Refusal.Kind.values()) {
            FunctionCounter.builder("bindery.refusals", binds, b -> b.router().refusals().getOrDefault(kind, 0L))
                    .description("work the router refused before any SQL, by rule")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    /**
     * Registers a counter of residency refusals for {@code region} ({@code (none)} for work without a region): resident
     * data outside its region, and entities whose own region attribute names another region.
     */
    public BinderyMetrics bindResidencyRefusals(MeterRegistry registry, String region) {
        FunctionCounter.builder("bindery.residency.refusals", binds,
                        b -> b.router().residencyRefusals().getOrDefault(region, 0L))
                .description("work refused for data residency").tag("region", region).register(registry);
        return this;
    }

    private void bindGroup(MeterRegistry registry, String group) {
        Tags tags = Tags.of("group", group);
        FunctionCounter.builder("bindery.group.failovers", binds, b -> b.groupStatus(group).failovers())
                .description("failovers: another member became the group's primary").tags(tags).register(registry);
        Gauge.builder("bindery.group.last.failover", binds, b -> {
            java.time.Instant at = b.groupStatus(group).lastFailover();
            return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
        }).description("when the last failover was seen, in seconds since the epoch (NaN before the first)").baseUnit("seconds")
                .tags(tags).register(registry);
        Gauge.builder("bindery.group.timeline", binds, b -> b.groupStatus(group).timeline())
                .description("the primary's timeline (PostgreSQL, failover=follow; 0 unknown)").tags(tags).register(registry);
        Gauge.builder("bindery.group.split.brain", binds, b -> b.groupStatus(group).splitBrain().isEmpty() ? 0 : 1)
                .description("1 while two members take writes that nothing tells apart: writes are refused").tags(tags).register(registry);
        FunctionCounter.builder("bindery.group.split.brain.refusals", binds, b -> b.groupStatus(group).splitBrainRefusals())
                .description("writes refused because of a split-brain").tags(tags).register(registry);
        FunctionCounter.builder("bindery.tokens.lost.timeline", binds, b -> b.groupStatus(group).lostTimelineTokens())
                .description("reads whose causal token asked for writes a failover lost; the primary served them").tags(tags)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, String key,
                       ToDoubleFunction<BindStatus> value) {
        Gauge.builder(name, binds, b -> b.contains(key) ? value.applyAsDouble(b.status(key)) : Double.NaN)
                .description(description).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags, String key,
                         ToDoubleFunction<BindStatus> value) {
        FunctionCounter.builder(name, binds, b -> b.contains(key) ? value.applyAsDouble(b.status(key)) : 0)
                .description(description).tags(tags).register(registry);
    }
}
