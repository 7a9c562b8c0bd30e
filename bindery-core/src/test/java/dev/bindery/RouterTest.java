package dev.bindery;

import dev.bindery.spi.Router;
import dev.bindery.spi.Role;
import dev.bindery.spi.Access;
import dev.bindery.spi.RouteRequest;
import dev.bindery.spi.RouteReason;
import dev.bindery.spi.Route;
import dev.bindery.spi.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private Binds binds;
    private Router router;
    private final List<Route> decided = new ArrayList<>();

    @BeforeEach
    void setUp() {
        String main = H2.url("router");
        String auth = H2.url("router-auth");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, main)
                .bind("replica-1", b -> b.url(main).replicaOf(Binds.DEFAULT))
                .bind("replica-2", b -> b.url(main).replicaOf(Binds.DEFAULT))
                .bind("auth", auth)
                .bind("reports", b -> b.url(main).readOnly(true))
                .onRoute(decided::add)
                .build();
        router = binds.router();
    }

    @AfterEach
    void tearDown() {
        binds.close();
    }

    @Test
    void writesGoToTheGroupPrimary() {
        assertThat(router.route(Binds.DEFAULT, Access.WRITE)).isEqualTo(new Route("default", "default", Role.PRIMARY, RouteReason.WRITE));
        assertThat(router.route("auth", Access.WRITE).bind()).isEqualTo("auth");
        assertThat(router.route(null, Access.WRITE).bind()).isEqualTo("default");
    }

    @Test
    void readsAreSpreadRoundRobinOverTheReplicas() {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Route r = router.route(Binds.DEFAULT, Access.READ);
            assertThat(r.role()).isEqualTo(Role.REPLICA);
            assertThat(r.reason()).isEqualTo(RouteReason.REPLICA_READ);
            chosen.add(r.bind());
        }
        assertThat(chosen).filteredOn("replica-1"::equals).hasSize(5);
        assertThat(chosen).filteredOn("replica-2"::equals).hasSize(5);
    }

    @Test
    void readsInAGroupWithoutReplicasUseItsPrimary() {
        assertThat(router.route("auth", Access.READ)).isEqualTo(new Route("auth", "auth", Role.PRIMARY, RouteReason.NO_REPLICAS));
    }

    @Test
    void unknownAccessGoesToThePrimaryUnlessTheContextIsReadOnly() {
        assertThat(router.route(null, Access.UNSPECIFIED).reason()).isEqualTo(RouteReason.DEFAULT);
        try (BindScope s = BindContext.readOnly()) {
            assertThat(router.route(null, Access.UNSPECIFIED).role()).isEqualTo(Role.REPLICA);
        }
    }

    @Test
    void primaryRequiredReasonsPinReadsToThePrimary() {
        RouteRequest read = RouteRequest.of(Binds.DEFAULT, Access.READ);
        assertThat(router.route(read.withPrimaryRequired(RouteReason.READ_YOUR_WRITES)))
                .isEqualTo(new Route("default", "default", Role.PRIMARY, RouteReason.READ_YOUR_WRITES));
        assertThat(router.route(read.withPrimaryRequired(RouteReason.READ_WRITE_TRANSACTION)).reason())
                .isEqualTo(RouteReason.READ_WRITE_TRANSACTION);
    }

    @Test
    void anExplicitBindWinsOverTheContextWhichWinsOverTheGroup() {
        try (BindScope s = BindContext.use("auth")) {
            assertThat(router.route(Binds.DEFAULT, Access.READ)).isEqualTo(new Route("auth", "auth", Role.PRIMARY, RouteReason.CONTEXT_BIND));
            assertThat(router.route(RouteRequest.of(Binds.DEFAULT, Access.READ).withBind("replica-2")))
                    .isEqualTo(new Route("replica-2", "default", Role.REPLICA, RouteReason.EXPLICIT_BIND));
        }
    }

    @Test
    void writesNeverReachAReplica() {
        assertThatThrownBy(() -> router.route(RouteRequest.of(Binds.DEFAULT, Access.WRITE).withBind("replica-1")))
                .isInstanceOf(ReplicaWriteException.class)
                .hasMessageContaining("bind 'replica-1', which is a read-only replica of 'default'")
                .hasMessageContaining("Writes go to the primary 'default'");
        try (BindScope s = BindContext.use("reports")) {
            assertThatThrownBy(() -> router.route(Binds.DEFAULT, Access.WRITE))
                    .isInstanceOf(ReplicaWriteException.class).hasMessageContaining("'reports', which is read-only");
        }
        assertThat(binds.router().route("replica-1", Access.WRITE).bind()).isEqualTo("default");
    }

    @Test
    void aStatementThatWritesHeldOnAReplicaOrAReadOnlyBindIsOneRefusalInATransactionOrNot() {
        Route replica = new Route("replica-1", "default", Role.REPLICA, RouteReason.REPLICA_READ);
        Route reports = new Route("reports", "reports", Role.PRIMARY, RouteReason.CONTEXT_BIND);
        long refusedBefore = router.refusals().get(Refusal.Kind.READ_ONLY_WRITE);
        for (Route held : List.of(replica, reports)) {
            for (boolean inTransaction : new boolean[] {true, false}) {
                assertThatThrownBy(() -> router.checkStatement(held, "update t set x = 1", inTransaction, null))
                        .isExactlyInstanceOf(ReplicaWriteException.class).isInstanceOf(BindSwitchException.class)
                        .hasMessageContaining("bind '" + held.bind() + "'")
                        .hasMessageContaining(inTransaction ? "commit the read-only one first" : "Write from work that is not read-only");
            }
            assertThat(router.checkStatement(held, "select x from t", true, null)).as("a read").isFalse();
        }
        assertThat(router.refusals().get(Refusal.Kind.READ_ONLY_WRITE)).isEqualTo(refusedBefore + 4);
        assertThat(router.checkStatement(new Route("default", "default", Role.PRIMARY, RouteReason.WRITE), "update t set x = 1", true, null))
                .as("a write on the primary").isTrue();
    }

    @Test
    void anotherBindAskedForInsideATransactionIsABindSwitchNotAWriteRefusal() {
        Route replica = new Route("replica-1", "default", Role.REPLICA, RouteReason.REPLICA_READ);
        long switchesBefore = router.refusals().get(Refusal.Kind.BIND_SWITCH);
        assertThatThrownBy(() -> router.checkStatement(replica, "select x from t", true, "replica-2"))
                .isExactlyInstanceOf(BindSwitchException.class).hasMessageContaining("Cannot switch to bind 'replica-2'");
        assertThat(router.checkStatement(replica, "select x from t", false, "replica-2")).as("outside a transaction").isFalse();
        assertThat(router.refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(switchesBefore + 1);
    }

    @Test
    void workHeldWhoseSqlIsNotSeenYetGetsTheSameRefusalsAsAStatement() {
        Route replica = new Route("replica-1", "default", Role.REPLICA, RouteReason.REPLICA_READ);
        Route primary = new Route("default", "default", Role.PRIMARY, RouteReason.WRITE);
        long writesBefore = router.refusals().get(Refusal.Kind.READ_ONLY_WRITE);
        long switchesBefore = router.refusals().get(Refusal.Kind.BIND_SWITCH);
        String statementRefusal = catchMessage(() -> router.checkStatement(replica, "select x from t for update", false, null));
        assertThatThrownBy(() -> router.checkHeld(replica, true, false, "replica-1"))
                .isExactlyInstanceOf(ReplicaWriteException.class).hasMessage(statementRefusal);
        String switchRefusal = catchMessage(() -> router.checkStatement(primary, "select x from t", true, "replica-2"));
        assertThatThrownBy(() -> router.checkHeld(primary, false, true, "replica-2"))
                .isExactlyInstanceOf(BindSwitchException.class).hasMessage(switchRefusal)
                .as("not a primary change: this group does not follow failover").isNotInstanceOf(PrimaryChangedException.class);
        router.checkHeld(primary, true, true, "default");
        router.checkHeld(primary, false, true, "auth");   // another group: its own transaction
        router.checkHeld(replica, false, false, "replica-2");
        assertThat(router.refusals().get(Refusal.Kind.READ_ONLY_WRITE)).isEqualTo(writesBefore + 2);
        assertThat(router.refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(switchesBefore + 2);
    }

    @Test
    void aTransactionIsAskedToRunUnderItsOwnBindOnlyAndAnyOtherIsABindSwitchCountedAndShown() {
        List<Refusal> shown = new ArrayList<>();
        try (Binds watched = Binds.builder()
                .bind(Binds.DEFAULT, H2.url("router-entered"))
                .bind("replica-1", b -> b.url(H2.url("router-entered")).replicaOf(Binds.DEFAULT))
                .bind("auth", H2.url("router-entered-auth"))
                .onRoute(new dev.bindery.spi.RouteListener() {
                    @Override
                    public void routeDecided(Route route) {
                    }

                    @Override
                    public void routeRefused(Refusal refusal) {
                        shown.add(refusal);
                    }
                })
                .build()) {
            Router r = watched.router();
            Route held = new Route("replica-1", "default", Role.REPLICA, RouteReason.REPLICA_READ);
            long before = r.refusals().get(Refusal.Kind.BIND_SWITCH);
            r.checkBindEntered(held, "replica-1");
            assertThat(r.refusals().get(Refusal.Kind.BIND_SWITCH)).as("the same bind").isEqualTo(before);
            assertThatThrownBy(() -> r.checkBindEntered(held, "default")).as("another bind of the same group")
                    .isExactlyInstanceOf(BindSwitchException.class)
                    .hasMessageContaining("already routed to bind 'replica-1'").hasMessageContaining("@UseBind(\"default\")");
            assertThat(r.refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(before + 1);
            assertThatThrownBy(() -> r.checkBindEntered(held, "auth")).as("a bind of another group: one connection")
                    .isExactlyInstanceOf(BindSwitchException.class).hasMessageContaining("commit first");
            assertThat(r.refusals().get(Refusal.Kind.BIND_SWITCH)).isEqualTo(before + 2);
            assertThat(shown).extracting(Refusal::kind, Refusal::bind, Refusal::group).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Refusal.Kind.BIND_SWITCH, "default", "default"),
                    org.assertj.core.groups.Tuple.tuple(Refusal.Kind.BIND_SWITCH, "auth", "default"));
        }
    }

    private static String catchMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable work) {
        return org.assertj.core.api.Assertions.catchThrowable(work).getMessage();
    }

    @Test
    void unknownBindsAreNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> router.route(RouteRequest.of(null, Access.READ).withBind("replica-3")))
                .isInstanceOf(UnknownBindException.class).hasMessageContaining("Known binds: [default, replica-1, replica-2, auth, reports]");
        assertThatThrownBy(() -> router.route("nope", Access.READ)).isInstanceOf(UnknownBindException.class);
    }

    @Test
    void everyDecisionIsReportedToListenersAndCounted() {
        router.route(Binds.DEFAULT, Access.WRITE);
        router.route(Binds.DEFAULT, Access.READ);
        assertThat(decided).extracting(Route::reason).containsExactly(RouteReason.WRITE, RouteReason.REPLICA_READ);
    }

    @Test
    void aCallerThatReadTheContextItselfGetsTheSameDecisionCountedAndReported() {
        RouteRequest write = RouteRequest.of(Binds.DEFAULT, Access.WRITE);
        try (BindScope s = BindContext.use("auth")) {
            BindContext context = BindContext.current();
            assertThat(router.route(write, context)).isEqualTo(router.route(write))
                    .isEqualTo(new Route("auth", "auth", Role.PRIMARY, RouteReason.CONTEXT_BIND));
        }
        RouteRequest read = RouteRequest.of(Binds.DEFAULT, Access.READ).withBind("replica-1");
        assertThat(router.route(read, BindContext.current())).isEqualTo(router.route(read));
        assertThat(decided).extracting(Route::bind).containsExactly("auth", "auth", "replica-1", "replica-1");
        assertThatThrownBy(() -> router.route(write.withBind("replica-1"), BindContext.current()))
                .isInstanceOf(ReplicaWriteException.class);
    }

    @Test
    void repeatedDecisionsReturnTheSameRouteInstance() {
        Route a = router.route(Binds.DEFAULT, Access.WRITE);
        Route b = router.route(Binds.DEFAULT, Access.WRITE);
        assertThat(a).isSameAs(b);
    }
}
