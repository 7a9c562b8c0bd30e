package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.servlet.DuplicateSessionKeyException;
import dev.bindery.servlet.SessionAvailability;
import dev.bindery.servlet.SessionNotOpenException;
import dev.bindery.servlet.SessionOpenedTwiceException;
import dev.bindery.servlet.UnknownSessionKeyException;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several session factories in one Javalin app: a per-request key (middleware on), an on-demand key opened by a wrapper (middleware off,
 * decorator on), both in one handler, and the errors for misuse.
 */
class SessionModesTest {
    private final TestDatabase main = TestDatabase.create("modes-main");
    private final TestDatabase audit = TestDatabase.create("modes-audit");
    private TestServer server;

    @BeforeEach
    void start() {
        Handler writeBoth = ctx -> {
            Bindery.session(ctx).persist(new Note("main " + ctx.body()));
            Bindery.session(ctx, "audit").persist(new Note("audit " + ctx.body()));
            ctx.status(201);
        };
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> {
                p.session(main.db);
                p.session("audit", audit.db, SessionAvailability.ON_DEMAND);
            }));
            cfg.routes.post("/main", ctx -> Bindery.session(ctx).persist(new Note("main " + ctx.body())));
            cfg.routes.post("/both", Bindery.withSession("audit", writeBoth));
            cfg.routes.post("/unwrapped", ctx -> {
                Bindery.session(ctx).persist(new Note("main " + ctx.body()));
                try {
                    Bindery.session(ctx, "audit");
                    ctx.result("opened");
                } catch (SessionNotOpenException e) {
                    ctx.status(409).result(e.getMessage());
                }
            });
            cfg.routes.post("/unknown", ctx -> {
                try {
                    Bindery.session(ctx, "analytics");
                } catch (UnknownSessionKeyException e) {
                    ctx.status(404).result(e.getMessage());
                }
            });
            cfg.routes.post("/nested", Bindery.withSession("audit", Bindery.withSession("audit", writeBoth)));
            cfg.routes.post("/hidden-per-request-wrapper",
                    ctx -> Bindery.withSession("db", c -> Bindery.session(c).persist(new Note("x"))).handle(ctx));
        });
    }

    @AfterEach
    void stop() {
        server.close();
        main.close();
        audit.close();
    }

    @Test
    void aPerRequestKeyServesEveryHandler() {
        assertThat(server.post("/main", "1").statusCode()).isEqualTo(200);
        assertThat(main.texts()).containsExactly("main 1");
        assertThat(audit.texts()).isEmpty();
    }

    @Test
    void anOnDemandKeyServesTheHandlersItWraps() {
        assertThat(server.post("/both", "2").statusCode()).isEqualTo(201);
        assertThat(main.texts()).containsExactly("main 2");
        assertThat(audit.texts()).containsExactly("audit 2");
    }

    @Test
    void anOnDemandKeyInAHandlerThatDidNotOpenItSaysHowToOpenIt() {
        long auditRoutes = audit.routesDecided.get();
        HttpResponse<String> r = server.post("/unwrapped", "3");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("'audit' is registered ON_DEMAND")
                .contains("Bindery.withSession(\"audit\", handler)");
        assertThat(main.texts()).containsExactly("main 3");   // 409 is below the rollback threshold
        assertThat(audit.texts()).isEmpty();
        assertThat(audit.routesDecided.get()).isEqualTo(auditRoutes);
    }

    @Test
    void anUnknownKeyListsTheRegisteredKeys() {
        HttpResponse<String> r = server.post("/unknown", "");
        assertThat(r.body()).contains("'analytics'").contains("[db, audit]");
        assertThat(main.texts()).isEmpty();
    }

    @Test
    void openingAnOnDemandKeyTwiceInOneRequestIsRefusedAndRollsBack() {
        assertThat(server.post("/nested", "4").statusCode()).isEqualTo(500);
        assertThat(main.texts()).isEmpty();
        assertThat(audit.texts()).isEmpty();
    }

    @Test
    void aPerRequestKeyWrappedInsideAnotherHandlerIsRefusedOnTheRequest() {
        assertThat(server.post("/hidden-per-request-wrapper", "").statusCode()).isEqualTo(500);
        assertThat(main.texts()).isEmpty();
    }

    @Test
    void registeringAKeyTwiceFailsAtStartup() {
        long auditRoutes = audit.routesDecided.get();
        assertThatThrownBy(() -> Javalin.create(cfg -> cfg.registerPlugin(new BinderyPlugin(p -> {
            p.session(main.db);
            p.session("db", audit.db);
        })))).isInstanceOf(DuplicateSessionKeyException.class).hasMessageContaining("'db' is registered twice");
        assertThat(audit.routesDecided.get()).isEqualTo(auditRoutes);
        assertThat(audit.texts()).isEmpty();
    }

    @Test
    void wrappingAnUnknownKeyFailsAtStartup() {
        assertThatThrownBy(() -> Javalin.create(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(main.db)));
            cfg.routes.post("/x", Bindery.withSession("analytics", ctx -> ctx.result("never")));
        }).start(0).stop()).isInstanceOf(UnknownSessionKeyException.class).hasMessageContaining("[db]");
        assertThat(main.texts()).isEmpty();
    }

    @Test
    void wrappingAPerRequestKeyFailsAtStartup() {
        assertThatThrownBy(() -> Javalin.create(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(main.db)));
            cfg.routes.post("/x", Bindery.withSession("db", ctx -> Bindery.session(ctx).persist(new Note("x"))));
        }).start(0).stop()).isInstanceOf(SessionOpenedTwiceException.class)
                .hasMessageContaining("wraps route POST /x").hasMessageContaining("SessionAvailability.ON_DEMAND");
        assertThat(main.texts()).isEmpty();
    }
}
