package dev.bindery.javalin;

import dev.bindery.servlet.Note;
import dev.bindery.servlet.TestDatabase;
import dev.bindery.servlet.SessionAvailability;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.javalin.apibuilder.ApiBuilder.crud;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic CRUD view: offset pagination, 404 on a missing item, 400 with JSON problems; and the session mixin. The
 * tagged regions are shown verbatim in docs/web.md (DocSnippetsAreCompiledTest in bindery-it checks them).
 */
class ViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestDatabase data = TestDatabase.create("views");
    private final TestDatabase audit = TestDatabase.create("views-audit");
    private TestServer server;

    /** The view under test: notes whose text must not be blank nor longer than 40 characters. */
    // tag::crud-view[]
    static final class NoteView extends CrudView<Note> {
        NoteView() {
            super(Note.class);
        }

        @Override
        protected List<String> validate(Note note) {
            List<String> problems = new ArrayList<>();
            if (note.getText() == null || note.getText().isBlank()) {
                problems.add("text must not be blank");
            } else if (note.getText().length() > 40) {
                problems.add("text must be at most 40 characters");
            }
            return problems;
        }
    }
    // end::crud-view[]

    /** A class-based handler reaching two keys' sessions through the mixin, like aiohttp-sqlalchemy's SABaseView. */
    // tag::session-view[]
    static final class CopyView implements Handler, SessionView {
        @Override
        public void handle(Context ctx) {
            Note original = findOr404(ctx, Note.class, Long.valueOf(ctx.pathParam("id")));
            session(ctx, "audit").persist(new Note("copy of " + original.getText()));
            ctx.status(201);
        }
    }
    // end::session-view[]

    @BeforeEach
    void start() {
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> {
                p.session(data.db);
                p.session("audit", audit.db, SessionAvailability.ON_DEMAND);
            }));
            // tag::view-routes[]
            cfg.routes.apiBuilder(() -> crud("notes/{id}", new NoteView()));
            cfg.routes.post("/notes/{id}/copy", Bindery.withSession("audit", new CopyView()));
            // end::view-routes[]
        });
    }

    @AfterEach
    void stop() {
        server.close();
        data.close();
        audit.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void listsWithOffsetPagination() {
        for (int i = 1; i <= 25; i++) {
            data.insert("note " + i);
        }
        JsonNode first = json(server.get("/notes?limit=10"));
        assertThat(first.get("total").asLong()).isEqualTo(25);
        assertThat(first.get("items")).hasSize(10);
        assertThat(first.get("items").get(0).get("text").asText()).isEqualTo("note 1");
        assertThat(first.get("next").asText()).isEqualTo("/notes?offset=10&limit=10");
        assertThat(first.get("prev").isNull()).isTrue();

        JsonNode last = json(server.get("/notes?offset=20&limit=10"));
        assertThat(last.get("items")).hasSize(5);
        assertThat(last.get("items").get(4).get("text").asText()).isEqualTo("note 25");
        assertThat(last.get("next").isNull()).isTrue();
        assertThat(last.get("prev").asText()).isEqualTo("/notes?offset=10&limit=10");
    }

    @Test
    void badPaginationAnswers400() {
        HttpResponse<String> r = server.get("/notes?limit=1000");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("problems").get(0).asText()).contains("limit must be a whole number from 1 to 100");
    }

    @Test
    void createsReadsUpdatesAndDeletes() {
        HttpResponse<String> created = server.post("/notes", "{\"text\":\"first\",\"id\":999}");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(id).isNotEqualTo(999);
        assertThat(json(server.get("/notes/" + id)).get("text").asText()).isEqualTo("first");

        HttpResponse<String> updated = server.patch("/notes/" + id, "{\"text\":\"second\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(data.texts()).containsExactly("second");

        assertThat(server.delete("/notes/" + id).statusCode()).isEqualTo(204);
        assertThat(data.texts()).isEmpty();
    }

    @Test
    void aMissingItemAnswers404() {
        assertThat(server.get("/notes/12345").statusCode()).isEqualTo(404);
        assertThat(server.patch("/notes/12345", "{\"text\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(server.delete("/notes/12345").statusCode()).isEqualTo(404);
        assertThat(data.texts()).isEmpty();
    }

    @Test
    void invalidDataAnswers400WithTheProblemsAsJsonAndWritesNothing() {
        HttpResponse<String> blank = server.post("/notes", "{\"text\":\"  \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        assertThat(json(blank).get("error").asText()).isEqualTo("validation failed");
        assertThat(json(blank).get("problems").get(0).asText()).isEqualTo("text must not be blank");

        data.insert("kept");
        long id = json(server.get("/notes")).get("items").get(0).get("id").asLong();
        HttpResponse<String> tooLong = server.patch("/notes/" + id, "{\"text\":\"" + "x".repeat(41) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(server.post("/notes", "not json").statusCode()).isEqualTo(400);
        assertThat(server.get("/notes/abc").statusCode()).isEqualTo(400);
        assertThat(data.texts()).containsExactly("kept");
    }

    @Test
    void aClassBasedViewReachesSessionsByKey() {
        data.insert("original");
        long id = json(server.get("/notes")).get("items").get(0).get("id").asLong();
        assertThat(server.post("/notes/" + id + "/copy", "").statusCode()).isEqualTo(201);
        assertThat(audit.texts()).containsExactly("copy of original");
        assertThat(server.post("/notes/777/copy", "").statusCode()).isEqualTo(404);
        assertThat(audit.texts()).containsExactly("copy of original");
    }
}
