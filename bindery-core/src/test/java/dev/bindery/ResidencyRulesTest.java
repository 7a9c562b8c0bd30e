package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router's residency rules (step 4 of the routing rule in ARCHITECTURE.md), before any SQL. */
class ResidencyRulesTest {
    private Binds binds;
    private final List<Route> routes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        String eu = H2.url("eu");
        String us = H2.url("us");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, H2.url("ref"))
                .bind("users@eu", eu)
                .bind("users@eu-replica", b -> b.url(eu).replicaOf("users@eu").region("eu"))
                .bind("users@eu-us-replica", b -> b.url(eu).replicaOf("users@eu").region("us"))
                .bind("users@us", us)
                .onRoute(routes::add)
                .build();
    }

    @AfterEach
    void tearDown() {
        binds.close();
    }

    private Route route(String group, Access access, String region) {
        return binds.router().route(RouteRequest.of(group, access).withRegion(region).withResident("Customer"));
    }

    @Test
    void aRegionalGroupResolvesToTheCurrentRegion() {
        assertThat(binds.config("users@eu").region()).isEqualTo("eu");
        assertThat(route("users", Access.WRITE, "eu").bind()).isEqualTo("users@eu");
        assertThat(route("users", Access.WRITE, "us").bind()).isEqualTo("users@us");
    }

    @Test
    void residentReadsNeverReachAReplicaInAnotherRegion() {
        for (int i = 0; i < 50; i++) {
            Route r = route("users", Access.READ, "eu");
            assertThat(r.bind()).isEqualTo("users@eu-replica");
            assertThat(r.region()).isEqualTo("eu");
            assertThat(r.rejected()).containsExactly("users@eu-us-replica(us)");
        }
    }

    @Test
    void nonResidentReadsMayUseEveryReplica() {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chosen.add(binds.router().route("users@eu", Access.READ).bind());
        }
        assertThat(chosen).contains("users@eu-replica", "users@eu-us-replica");
    }

    @Test
    void residentDataWithoutARegionIsRefusedWithHowToSetOne() {
        assertThatThrownBy(() -> route("users", Access.READ, null))
                .isInstanceOf(ResidencyRequiredException.class)
                .hasMessageContaining("split by region")
                .hasMessageContaining("SessionOptions.builder().region(\"eu\")")
                .hasMessageContaining("BindContext.region(\"eu\")");
        assertThat(binds.router().residencyRefusals()).containsEntry("(none)", 1L);
    }

    @Test
    void aRegionWithoutAGroupIsAViolationNamingTheCandidates() {
        assertThatThrownBy(() -> route("users", Access.WRITE, "ch"))
                .isInstanceOfSatisfying(ResidencyViolationException.class, e -> {
                    assertThat(e.region()).isEqualTo("ch");
                    assertThat(e.rejected()).containsExactly("users@eu", "users@us");
                })
                .hasMessageContaining("Customer belongs to group 'users'").hasMessageContaining("Nothing was sent");
        assertThat(binds.router().residencyRefusals()).containsEntry("ch", 1L);
    }

    @Test
    void anExplicitBindInAnotherRegionIsRefusedUnlessOverridden() {
        RouteRequest toUsReplica = RouteRequest.of("users", Access.READ).withRegion("eu").withResident("Customer")
                .withBind("users@eu-us-replica");
        assertThatThrownBy(() -> binds.router().route(toUsReplica))
                .isInstanceOf(ResidencyViolationException.class)
                .hasMessageContaining("explicit bind 'users@eu-us-replica' is in region 'us'")
                .hasMessageContaining("Residency.override(reason)");
        try (BindScope audited = Residency.override("support ticket 42: compare replicas")) {
            assertThat(binds.router().route(toUsReplica).bind()).isEqualTo("users@eu-us-replica");
        }
        assertThatThrownBy(() -> Residency.override(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aContextRegionConfinesPlainJdbcWork() throws Exception {
        try (BindScope eu = BindContext.region("eu"); BindScope reads = BindContext.readOnly("users@eu");
             java.sql.Connection c = binds.routingDataSource().getConnection()) {
            assertThat(routes.get(routes.size() - 1).bind()).isEqualTo("users@eu-replica");
        }
        try (BindScope us = BindContext.region("us")) {
            assertThatThrownBy(() -> binds.routingDataSource().getConnection())
                    .isInstanceOf(ResidencyViolationException.class).hasMessageContaining("primary of group 'default' is in no region");
        }
    }

    @Test
    void aRegionalPrimaryMustLieInTheRegionItsKeyNames() {
        assertThatThrownBy(() -> Binds.builder().bind("users@eu", b -> b.url("jdbc:h2:mem:x").region("us")).build())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("bind 'users@eu', field 'region'");
    }
}
