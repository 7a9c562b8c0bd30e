package dev.bindery.example;

import dev.bindery.spi.Route;
import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import dev.bindery.hibernate.RoutingSession;
import dev.bindery.javalin.Bindery;
import dev.bindery.javalin.BinderyPlugin;
import dev.bindery.javalin.SessionView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.javalin.apibuilder.ApiBuilder.crud;

/**
 * The Todo service: a JSON API ({@code /api/todos}), an HTML page ({@code /}) and the binds' status ({@code /binds}),
 * on a {@code default} and a {@code replica} bind. Every response names the binds that served it in {@code X-Bind};
 * every error is JSON, {@code {"error": ...}}, and a wrong method answers 405 with {@code Allow}.
 * Run it with {@code ./mvnw -pl bindery-example -am -DskipTests package exec:java}.
 */
public final class TodoApp implements AutoCloseable {
    /** The port used when neither {@code -Dport} nor {@code PORT} is set. */
    public static final int DEFAULT_PORT = 7070;
    private static final Logger LOG = LoggerFactory.getLogger("dev.bindery.example");

    private final Binds binds;
    private final Database db;
    private final Javalin app;

    private TodoApp(Binds binds, Database db, Javalin app) {
        this.binds = binds;
        this.db = db;
        this.app = app;
    }

    /**
     * Starts the service on {@code port} (0 for any free port) over {@code binds}, which it closes when closed, or
     * when it cannot start.
     *
     * @throws DemoStartException if a primary does not answer, or the port is taken; the message says what to change
     */
    public static TodoApp start(Binds binds, int port) {
        Database db;
        try {
            StartChecks.primariesAnswer(binds);
            db = Database.builder(binds).entities(Todo.class).build();
        } catch (RuntimeException e) {
            binds.close();
            throw e;
        }
        try {
            return start(binds, db, port);
        } catch (RuntimeException e) {
            db.close();
            binds.close();
            DemoStartException taken = StartChecks.portTaken(e, port);
            throw taken != null ? taken : e;
        }
    }

    private static TodoApp start(Binds binds, Database db, int port) {
        createTablesUnlessPresent(db);
        BindsStatus status = new BindsStatus(binds);
        TodoView api = new TodoView();
        SessionView page = new SessionView() { };
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.prefer405over404 = true;
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(db).bindHeader("X-Bind")));
            cfg.routes.exception(HttpResponseException.class, TodoApp::jsonError);
            cfg.routes.apiBuilder(() -> crud("api/todos/{id}", api));
            cfg.routes.post("/api/todos/{id}/complete", ctx -> ctx.json(complete(page, ctx)));
            cfg.routes.get("/", ctx -> home(page, ctx));
            cfg.routes.post("/todos", ctx -> add(page, ctx));
            cfg.routes.post("/todos/{id}/complete", ctx -> {
                complete(page, ctx);
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            });
            cfg.routes.get("/binds", ctx -> ctx.json(status.snapshot()));
            cfg.routes.after(ctx -> {
                if (ctx.res().getHeader("X-Bind") == null) {
                    ctx.header("X-Bind", "none");
                }
            });
        });
        app.start(port);
        return new TodoApp(binds, db, app);
    }

    /**
     * Creates the demo's table unless it is there already (a restart on PostgreSQL), which gets one line instead of
     * Hibernate's stack trace for {@code relation "todo" already exists}.
     */
    private static void createTablesUnlessPresent(Database db) {
        try {
            db.sessionFactory(Binds.DEFAULT).getSchemaManager().validate();
        } catch (jakarta.persistence.SchemaValidationException | RuntimeException missing) {
            db.createAll();
            return;
        }
        LOG.info("The todo table exists on bind 'default'; keeping its rows.");
    }

    /** Every HTTP error as JSON, like the API's other answers; a 405 also lists the allowed methods in Allow. */
    private static void jsonError(HttpResponseException e, Context ctx) {
        if (e instanceof MethodNotAllowedResponse && !e.getDetails().isEmpty()) {
            ctx.header("Allow", e.getDetails().values().iterator().next());
        }
        ctx.status(e.getStatus()).json(Map.of("error", e.getMessage()));
    }

    private static Todo complete(SessionView view, Context ctx) {
        Todo todo = view.findOr404(ctx, Todo.class, parseId(ctx.pathParam("id")));
        todo.setDone(true);
        view.session(ctx).flush();
        return todo;
    }

    private static Long parseId(String raw) {
        try {
            return Long.valueOf(raw);
        } catch (NumberFormatException e) {
            throw new io.javalin.http.BadRequestResponse("id '" + raw + "' is not a number");
        }
    }

    private static void add(SessionView view, Context ctx) {
        String title = ctx.formParam("title");
        if (title == null || title.isBlank() || title.length() > Todo.MAX_TITLE) {
            ctx.redirect("/?error=title", HttpStatus.SEE_OTHER);
            return;
        }
        view.session(ctx).persist(new Todo(title.trim()));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static void home(SessionView view, Context ctx) {
        RoutingSession s = view.session(ctx);
        List<Todo> todos = s.createSelectionQuery("from Todo t order by t.id desc", Todo.class)
                .setMaxResults(50).getResultList();
        long total = s.createSelectionQuery("select count(t) from Todo t", Long.class).getSingleResult();
        Route last = s.lastRoute();
        String error = ctx.queryParam("error") != null
                ? "A title is needed, at most " + Todo.MAX_TITLE + " characters." : null;
        ctx.html(TodoPage.render(todos, total, String.join(",", Bindery.servedBy(ctx)),
                last == null ? "" : last.role().name().toLowerCase() + ", " + last.reason(), error));
    }

    /** The port the service listens on. */
    public int port() {
        return app.port();
    }

    /** The service's database. */
    public Database database() {
        return db;
    }

    /** The service's binds. */
    public Binds binds() {
        return binds;
    }

    /** Stops the server, then closes the database and the binds. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            db.close();
            binds.close();
        }
    }

    /**
     * Starts the demo, prints its URL and serves until Ctrl-C. A start that fails as the user can fix (a database that
     * does not answer, a port in use, a bad port) prints what to change, without a stack trace, and exits with 1.
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("Starting the Bindery Todo demo...");
        quietLibraryLogs();
        TodoApp todo;
        DemoBinds config;
        try {
            config = DemoBinds.load(System.getenv(), System.getProperties());
            todo = start(config.binds(), port(System.getProperty("port"), System.getenv("PORT")));
        } catch (DemoStartException | IllegalArgumentException | dev.bindery.BindConfigException e) {
            System.err.println();
            System.err.println("The demo did not start. " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(todo::close, "bindery-demo-stop"));
        System.out.println();
        System.out.println("Bindery Todo demo on " + config.description());
        System.out.println("  open   http://localhost:" + todo.port() + "/");
        System.out.println("  api    http://localhost:" + todo.port() + "/api/todos");
        System.out.println("  binds  http://localhost:" + todo.port() + "/binds");
        System.out.println("Press Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    /** Routes Hibernate's logging to SLF4J and keeps Hibernate and HikariCP to warnings, unless set otherwise. */
    private static void quietLibraryLogs() {
        for (String[] p : new String[][] {{"org.jboss.logging.provider", "slf4j"},
                {"org.slf4j.simpleLogger.log.org.hibernate", "warn"},
                {"org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn"}}) {
            if (System.getProperty(p[0]) == null) {
                System.setProperty(p[0], p[1]);
            }
        }
    }

    static int port(String property, String env) {
        String raw = property != null && !property.isBlank() ? property : env;
        if (raw == null || raw.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(raw.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("The port must be a number from 0 to 65535, was '" + raw
                + "'; set -Dport=8080 or PORT=8080, or leave both unset for " + DEFAULT_PORT + ".");
    }
}
