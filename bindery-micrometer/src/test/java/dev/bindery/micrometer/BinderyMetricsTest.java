package dev.bindery.micrometer;

import dev.bindery.spi.Access;
import dev.bindery.Binds;
import dev.bindery.ReplicaWriteException;
import dev.bindery.ResidencyViolationException;
import dev.bindery.spi.RouteRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Meters of routed work, pools and residency refusals. The tagged region is shown verbatim in docs/replicas.md
 * (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class BinderyMetricsTest {
    @Test
    void metersReportRoutedWorkAndPoolsTaggedByBindAndRole() throws Exception {
        String url = "jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new BinderyMetrics(binds).bindTo(registry);
            binds.router().route(Binds.DEFAULT, Access.WRITE);
            binds.router().route(Binds.DEFAULT, Access.READ);
            binds.router().route(Binds.DEFAULT, Access.READ);
            try (Connection c = binds.dataSource("replica").getConnection()) {
                assertThat(registry.get("bindery.pool.active").tags("bind", "replica", "role", "replica").gauge().value()).isEqualTo(1);
            }
            assertThat(registry.get("bindery.routed.reads").tags("bind", "replica").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("bindery.routed.writes").tags("bind", "default", "role", "primary").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.bind.up").tags("bind", "replica").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bindery.pool.active").tags("bind", "replica").gauge().value()).isZero();
        }
    }

    @Test
    void ignoredClientTokensAndPositionQueriesAreMetered() {
        String url = "jdbc:h2:mem:metrics-tokens;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new BinderyMetrics(binds).bindTo(registry);
            binds.tokens().verify("default~7FFFFFFFFFFFFFFF");
            binds.tokens().verify("default~7FFFFFFFFFFFFFFF!AAAAAAAAAAAAAAAAAAAAAA");
            binds.tokens().verify("default~7FFFFFFFFFFFFFFF!BAAAAAAAAAAAAAAAAAAAAA");
            try (dev.bindery.BindScope s = dev.bindery.BindContext.after(dev.bindery.CausalToken.of(Binds.DEFAULT, 5))) {
                binds.router().route(Binds.DEFAULT, Access.READ);   // H2 reports no position: ahead of the primary
            }
            assertThat(registry.get("bindery.tokens.ignored").tags("reason", "malformed").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.tokens.ignored").tags("reason", "bad_signature").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("bindery.tokens.ignored").tags("reason", "ahead_of_primary").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.token.position.queries").tags("bind", "default").functionCounter().count()).isEqualTo(1);
        }
    }

    @Test
    void residencyRefusalsAreCountedPerRegionNextToTheBindMeters() {
        String url = "jdbc:h2:mem:metrics-residency;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url(url).region("eu")).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // tag::bind-to[]
            BinderyMetrics metrics = new BinderyMetrics(binds);
            metrics.bindTo(registry);                              // gauges and counters of every bind
            metrics.bindResidencyRefusals(registry, "eu");         // bindery.residency.refusals{region="eu"}
            // end::bind-to[]
            assertThat(registry.get("bindery.bind.up").tags("bind", "default").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bindery.residency.refusals").tags("region", "eu").functionCounter().count()).isZero();
        }
    }

    @Test
    void aSaturatedReplicaShowsInTheMetersAndIsStillUp() throws Exception {
        String url = "jdbc:h2:mem:metrics-saturated;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT).poolSize(1).connectionTimeout(Duration.ofMillis(250)))
                .build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new BinderyMetrics(binds).bindTo(registry);
            try (Connection held = binds.dataSource("replica").getConnection()) {
                assertThatThrownBy(() -> binds.dataSource("replica").getConnection()).isInstanceOf(SQLException.class);
                assertThat(registry.get("bindery.pool.saturated").tags("bind", "replica").gauge().value()).isEqualTo(1);
            }
            assertThat(registry.get("bindery.pool.saturations").tags("bind", "replica").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.bind.ejections").tags("bind", "replica").functionCounter().count()).isZero();
            assertThat(registry.get("bindery.bind.up").tags("bind", "replica").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void refusalsAreCountedByKind() {
        String url = "jdbc:h2:mem:metrics-refusals;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            BinderyMetrics metrics = new BinderyMetrics(binds);
            metrics.bindTo(registry);
            metrics.bindResidencyRefusals(registry, "eu");
            assertThatThrownBy(() -> binds.router().route(RouteRequest.of(Binds.DEFAULT, Access.WRITE).withBind("replica")))
                    .isInstanceOf(ReplicaWriteException.class);
            assertThatThrownBy(() -> binds.router().checkEntityRegion("Patient", "us", "region", "eu"))
                    .isInstanceOf(ResidencyViolationException.class);
            assertThat(registry.get("bindery.refusals").tags("kind", "read_only_write").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.refusals").tags("kind", "entity_region").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("bindery.refusals").tags("kind", "group_mismatch").functionCounter().count()).isZero();
            assertThat(registry.get("bindery.residency.refusals").tags("region", "eu").functionCounter().count()).isEqualTo(1);
        }
    }

    @Test
    void everyGroupHasFailoverMetersThatReadZeroBeforeAnyFailover() {
        String url = "jdbc:h2:mem:metrics-groups;DB_CLOSE_DELAY=-1";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new BinderyMetrics(binds).bindTo(registry);
            assertThat(registry.get("bindery.group.failovers").tags("group", "default").functionCounter().count()).isZero();
            assertThat(registry.get("bindery.group.last.failover").tags("group", "default").gauge().value()).isNaN();
            assertThat(registry.get("bindery.group.split.brain").tags("group", "default").gauge().value()).isZero();
            assertThat(registry.get("bindery.tokens.lost.timeline").tags("group", "default").functionCounter().count()).isZero();
            assertThat(registry.get("bindery.bind.primary").tags("bind", "default").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bindery.bind.primary").tags("bind", "replica").gauge().value()).isZero();
            assertThat(registry.get("bindery.bind.fenced").tags("bind", "replica").gauge().value()).isZero();
        }
    }
}
