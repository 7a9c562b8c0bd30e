package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.servlet.RollbackRule;
import dev.bindery.hibernate.RoutingSession;
import io.javalin.http.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Each request's sessions commit on success, roll back on an exception or an error status, and always close. */
class LifecycleTest {
    private final TestDatabase data = TestDatabase.create("lifecycle");
    private final AtomicReference<RoutingSession> lastSession = new AtomicReference<>();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        data.close();
    }

    private void start(Consumer<BinderyPlugin.Config> plugin) {
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> {
                p.session(data.db);
                plugin.accept(p);
            }));
            cfg.routes.post("/notes", ctx -> write(ctx).status(201));
            cfg.routes.post("/throws", ctx -> {
                write(ctx);
                throw new IllegalStateException("handler failed");
            });
            cfg.routes.post("/status/{code}", ctx -> write(ctx).status(Integer.parseInt(ctx.pathParam("code"))));
            cfg.routes.post("/bad-sql", ctx -> {
                write(ctx);
                Bindery.session(ctx).createNativeQuery("insert into no_such_table values (1)", Object.class)
                        .executeUpdate();
            });
            cfg.routes.post("/duplicate-at-commit", ctx -> {
                RoutingSession s = Bindery.session(ctx);
                Note mine = s.createSelectionQuery("from Note where text = 'mine'", Note.class).getSingleResult();
                mine.setText("taken");   // written only at commit, after the handler: the unique text fails there
                ctx.status(200);
            });
            cfg.routes.get("/ping", ctx -> ctx.result(Bindery.isOpen(ctx, "db") ? "open" : "not open"));
        });
    }

    private Context write(Context ctx) {
        RoutingSession s = Bindery.session(ctx);
        lastSession.set(s);
        s.persist(new Note(ctx.body()));
        s.flush();
        return ctx;
    }

    @Test
    void aSuccessfulHandlerCommits() {
        start(p -> { });
        assertThat(server.post("/notes", "kept").statusCode()).isEqualTo(201);
        assertThat(data.texts()).containsExactly("kept");
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void anExceptionRollsBack() {
        start(p -> { });
        HttpResponse<String> r = server.post("/throws", "lost");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(data.texts()).isEmpty();
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void aServerErrorStatusRollsBack() {
        start(p -> { });
        assertThat(server.post("/status/503", "lost").statusCode()).isEqualTo(503);
        assertThat(data.texts()).isEmpty();
        assertThat(lastSession.get().isOpen()).isFalse();
    }

    @Test
    void aClientErrorStatusCommitsByDefault() {
        start(p -> { });
        assertThat(server.post("/status/409", "kept with 409").statusCode()).isEqualTo(409);
        assertThat(data.texts()).containsExactly("kept with 409");
    }

    @Test
    void aClientErrorStatusRollsBackWhenTheRuleSaysSo() {
        start(p -> p.rollbackOn(RollbackRule.CLIENT_AND_SERVER_ERRORS));
        assertThat(server.post("/status/409", "lost").statusCode()).isEqualTo(409);
        assertThat(server.post("/status/201", "kept").statusCode()).isEqualTo(201);
        assertThat(data.texts()).containsExactly("kept");
    }

    @Test
    void aRequestThatNeverTouchesTheDatabaseTakesNoConnection() {
        start(p -> { });
        long before = data.routesDecided.get();
        HttpResponse<String> r = server.get("/ping");
        assertThat(r.body()).isEqualTo("not open");
        assertThat(data.routesDecided.get()).isEqualTo(before);
        assertThat(data.activeConnections()).isZero();
        assertThat(data.texts()).isEmpty();
    }

    @Test
    void errorResponsesNeverShowSqlOrCredentials() {
        start(p -> { });
        HttpResponse<String> r = server.post("/bad-sql", "lost");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body().toLowerCase()).doesNotContain("no_such_table", "insert", "jdbc:", "password", "h2");
        assertThat(data.texts()).isEmpty();
    }

    @Test
    void aFailedCommitAnswers500WithoutSqlAndKeepsNothing() {
        data.insert("taken", "mine");
        start(p -> { });
        HttpResponse<String> r = server.post("/duplicate-at-commit", "");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("could not be saved").doesNotContainIgnoringCase("insert")
                .doesNotContainIgnoringCase("constraint");
        assertThat(data.texts()).containsExactly("taken", "mine");
        assertThat(data.activeConnections()).isZero();
    }

    @Test
    void everySessionIsClosedAndEveryConnectionReturned() {
        start(p -> { });
        for (int i = 0; i < 20; i++) {
            server.post(i % 2 == 0 ? "/notes" : "/throws", "note " + i);
            assertThat(lastSession.get().isOpen()).isFalse();
        }
        assertThat(data.activeConnections()).isZero();
        assertThat(data.texts()).hasSize(10).allMatch(t -> Integer.parseInt(t.substring(5)) % 2 == 0);
    }
}
