package dev.bindery.hibernate;

import dev.bindery.spi.Role;
import dev.bindery.spi.RouteReason;
import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.CausalToken;
import dev.bindery.status.TokenRejection;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's causal token makes a later session see its writes, even while every replica's replay is paused. The
 * tagged region is shown verbatim in docs/hibernate.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
@PostgresReplication(replicas = 2)
class CausalTokenSessionsTest {
    private static Binds binds;
    private static Database db;

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster) {
        binds = cluster.binds();
        db = Database.builder(binds).entities(Todo.class).build();
        db.createAll();
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @AfterAll
    static void tearDown() {
        db.close();
        binds.close();
    }

    @AfterEach
    void heal(ReplicatedDatabase cluster) {
        cluster.heal();
    }

    @Test
    void aLaterSessionWithTheTokenSeesTheWriteAndOneWithoutDoesNot(ReplicatedDatabase cluster) {
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);
        }
        Todo todo = new Todo("written before the token");
        try (RoutingSession s = db.openSession()) {
            assertThat(s.causalToken()).as("before any commit").isEqualTo(CausalToken.NONE);
        }
        Todo found;
        Route route;
        // tag::session-token[]
        CausalToken token;
        try (RoutingSession s = db.openSession()) {
            s.persist(todo);
            s.commit();
            token = s.causalToken();                              // e.g. default~3000128
        }
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).after(token).build())) {
            found = s.find(Todo.class, todo.getId());             // never stale: a replica past the token, or the primary
            route = s.lastRoute();
        }
        // end::session-token[]
        assertThat(token.position(Binds.DEFAULT)).isPositive();
        assertThat(CausalToken.parse(token.serialize())).isEqualTo(token);
        assertThat(found).as("read with the token").isNotNull();
        assertThat(route.role()).isEqualTo(Role.PRIMARY);
        assertThat(route.reason()).isEqualTo(RouteReason.CAUSAL_TOKEN);

        try (RoutingSession s = db.openReadOnlySession()) {
            assertThat(s.find(Todo.class, todo.getId())).as("stale read without the token, from a paused replica").isNull();
            assertThat(s.lastRoute().role()).isEqualTo(Role.REPLICA);
        }

        for (Node replica : cluster.replicas()) {
            cluster.resumeReplay(replica);
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).after(token).build())) {
            assertThat(s.find(Todo.class, todo.getId())).isNotNull();
            assertThat(s.lastRoute().role()).as("once replayed, a replica serves the token").isEqualTo(Role.REPLICA);
        }
    }

    @Test
    void aTokenFromOutsideIsHonouredOnlyThroughVerifyAndOneBeyondThePrimaryIsIgnored(ReplicatedDatabase cluster) {
        for (Node replica : cluster.replicas()) {
            cluster.pauseReplay(replica);
        }
        Todo todo = new Todo("written before the signed token");
        String carried;
        try (RoutingSession s = db.openSession()) {
            s.persist(todo);
            s.commit();
            carried = binds.tokens().sign(s.causalToken());
        }
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true).after(binds.tokens().verify(carried)).build())) {
            assertThat(s.find(Todo.class, todo.getId())).as("a verified token is honoured").isNotNull();
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.CAUSAL_TOKEN);
        }
        long malformed = binds.tokens().ignored().get(TokenRejection.MALFORMED);
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true)
                .after(binds.tokens().verify("default~7FFFFFFFFFFFFFFF")).build())) {
            assertThat(s.find(Todo.class, todo.getId())).as("a forged token is no token: a paused replica serves").isNull();
            assertThat(s.lastRoute().reason()).isEqualTo(RouteReason.REPLICA_READ);
        }
        assertThat(binds.tokens().ignored().get(TokenRejection.MALFORMED)).isEqualTo(malformed + 1);

        long ignored = binds.status(Binds.DEFAULT).tokensIgnored();
        try (RoutingSession s = db.openSession(SessionOptions.builder().readOnly(true)
                .after(CausalToken.of(Binds.DEFAULT, 0x7FFFFFFFFFFFFFFFL)).build())) {
            s.find(Todo.class, todo.getId());
            assertThat(s.lastRoute().role()).as("beyond anything the primary reported: ignored after one read of the primary")
                    .isEqualTo(Role.REPLICA);
        }
        assertThat(binds.status(Binds.DEFAULT).tokensIgnored()).isEqualTo(ignored + 1);
    }
}
