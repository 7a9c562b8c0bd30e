package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.spi.Refusal;
import dev.bindery.spi.Route;
import dev.bindery.spi.RouteListener;
import dev.bindery.spi.RouteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every refusal is made by the router, counted by kind, and shown to the route listeners with its reason. */
class RefusalsTest {
    private final List<Refusal> seen = new CopyOnWriteArrayList<>();
    private Binds binds;

    @BeforeEach
    void setUp() {
        String main = H2.url("refusals");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, main)
                .bind("replica", b -> b.url(main).replicaOf(Binds.DEFAULT))
                .bind("users@eu", b -> b.url(H2.url("refusals-eu")))
                .bind("reports", b -> b.url(H2.url("refusals-reports")))
                .onRoute(new RouteListener() {
                    @Override
                    public void routeDecided(Route route) {
                    }

                    @Override
                    public void routeRefused(Refusal refusal) {
                        seen.add(refusal);
                    }
                })
                .build();
    }

    @AfterEach
    void tearDown() {
        binds.close();
    }

    @Test
    void aWriteToAReplicaIsRefusedCountedAndShown() {
        assertThatThrownBy(() -> binds.router().route(RouteRequest.of(Binds.DEFAULT, Access.WRITE).withBind("replica")))
                .isInstanceOf(ReplicaWriteException.class);
        assertThat(binds.router().refusals()).containsEntry(Refusal.Kind.READ_ONLY_WRITE, 1L);
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Refusal.Kind.READ_ONLY_WRITE);
            assertThat(r.bind()).isEqualTo("replica");
            assertThat(r.group()).isEqualTo(Binds.DEFAULT);
            assertThat(r.reason()).contains("Nothing was sent");
        });
    }

    @Test
    void aDerivedBindAskingAReplicaToWriteIsRefusedByTheRouter() {
        try (BindScope s = BindContext.use("replica", ExecutionOptions.builder().readOnly(false).build())) {
            assertThatThrownBy(() -> binds.routingDataSource().getConnection()).isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("derived bind");
        }
        assertThat(binds.router().refusals()).containsEntry(Refusal.Kind.DERIVED_WRITE, 1L);
        assertThat(seen).extracting(Refusal::kind).containsExactly(Refusal.Kind.DERIVED_WRITE);
        assertThat(binds.poolStats("replica").active()).isZero();
    }

    @Test
    void entityWorkPointedAtABindOfAnotherGroupIsRefused() {
        try (BindScope s = BindContext.use("reports")) {
            assertThatThrownBy(() -> binds.router().route(RouteRequest.of(Binds.DEFAULT, Access.READ).onEntities()))
                    .isInstanceOf(BindGroupMismatchException.class)
                    .hasMessageContaining("bind 'reports' of group 'reports'");
            assertThat(binds.router().route(RouteRequest.of(Binds.DEFAULT, Access.READ)).bind())
                    .as("work that is not on entities follows the scope").isEqualTo("reports");
        }
        assertThat(binds.router().refusals()).containsEntry(Refusal.Kind.GROUP_MISMATCH, 1L);
        assertThat(seen).extracting(Refusal::kind).containsExactly(Refusal.Kind.GROUP_MISMATCH);
    }

    @Test
    void residencyRefusalsAreCountedByKindAndByRegion() {
        assertThatThrownBy(() -> binds.router().route("users", Access.READ)).isInstanceOf(ResidencyRequiredException.class);
        try (BindScope s = BindContext.region("us")) {
            assertThatThrownBy(() -> binds.router().route("users", Access.READ)).isInstanceOf(ResidencyViolationException.class);
        }
        assertThat(binds.router().refusals()).containsEntry(Refusal.Kind.RESIDENCY, 2L);
        assertThat(binds.router().residencyRefusals()).containsEntry("(none)", 1L).containsEntry("us", 1L);
        assertThat(seen).extracting(Refusal::region).containsExactly(null, "us");
    }

    @Test
    void anEntityOfAnotherRegionIsRefusedAndCountedAsResidency() {
        assertThatThrownBy(() -> binds.router().checkEntityRegion("Patient", "us", "region", "eu"))
                .isInstanceOf(ResidencyViolationException.class)
                .hasMessageContaining("Patient belongs to region 'us' (its region), but this session works in region 'eu'");
        try (BindScope s = BindContext.region("us")) {
            binds.router().checkEntityRegion("Patient", "us", "region", null);   // the context's region agrees
        }
        assertThat(binds.router().refusals()).containsEntry(Refusal.Kind.ENTITY_REGION, 1L);
        assertThat(binds.router().residencyRefusals()).containsEntry("eu", 1L);
        assertThat(seen).extracting(Refusal::kind).containsExactly(Refusal.Kind.ENTITY_REGION);
    }

    @Test
    void aListenerThatThrowsDoesNotHideTheRefusal() {
        try (Binds b = Binds.builder().bind(Binds.DEFAULT, H2.url("refusals-throwing"))
                .bind("replica", o -> o.url(H2.url("refusals-throwing-r")).replicaOf(Binds.DEFAULT))
                .onRoute(new RouteListener() {
                    @Override
                    public void routeDecided(Route route) {
                    }

                    @Override
                    public void routeRefused(Refusal refusal) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build()) {
            assertThatThrownBy(() -> b.router().route(RouteRequest.of(Binds.DEFAULT, Access.WRITE).withBind("replica")))
                    .isInstanceOf(ReplicaWriteException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("listener bug"));
        }
    }
}
