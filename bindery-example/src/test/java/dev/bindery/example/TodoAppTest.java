package dev.bindery.example;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static dev.bindery.example.DemoClient.bind;
import static dev.bindery.example.DemoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The demo on the embedded H2 default, started on a random port and driven over HTTP. */
class TodoAppTest {
    private final String url = "jdbc:h2:mem:todo-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private TodoApp app;
    private DemoClient http;

    @BeforeEach
    void start() {
        app = TodoApp.start(DemoBinds.embedded(url), 0);
        http = new DemoClient(app.port());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private String sql(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ";").append(rs.getString(1));
            }
            return out.toString();
        }
    }

    @Test
    void theApiCreatesListsUpdatesCompletesAndDeletesTodos() throws SQLException {
        HttpResponse<String> created = http.send("POST", "/api/todos", "{\"title\":\"write the demo\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(bind(created)).isEqualTo("default");
        long id = json(created).get("id").asLong();
        http.send("POST", "/api/todos", "{\"title\":\"test the demo\"}");

        HttpResponse<String> list = http.send("GET", "/api/todos?limit=1", null);
        assertThat(bind(list)).isEqualTo("replica");
        JsonNode page = json(list);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("title").asText()).isEqualTo("write the demo");
        assertThat(page.get("next").asText()).isEqualTo("/api/todos?offset=1&limit=1");

        assertThat(http.send("PATCH", "/api/todos/" + id, "{\"title\":\"write the Todo demo\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> done = http.send("POST", "/api/todos/" + id + "/complete", "");
        assertThat(json(done).get("done").asBoolean()).isTrue();
        assertThat(sql("select title || ':' || done from todo where id = " + id)).isEqualTo("write the Todo demo:TRUE");

        assertThat(http.send("DELETE", "/api/todos/" + id, null).statusCode()).isEqualTo(204);
        assertThat(sql("select title from todo")).isEqualTo("test the demo");
    }

    @Test
    void missingTodosAnswer404AndInvalidOnesAnswer400() throws SQLException {
        assertThat(http.send("GET", "/api/todos/999", null).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/api/todos/999/complete", "").statusCode()).isEqualTo(404);
        HttpResponse<String> blank = http.send("POST", "/api/todos", "{\"title\":\"\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(json(blank).get("problems").get(0).asText()).isEqualTo("title must not be blank");
        assertThat(sql("select count(*) from todo")).isEqualTo("0");
    }

    @Test
    void notFoundAnswersAreJsonLikeEveryOtherAnswer() {
        for (String path : new String[] {"/api/todos/999", "/api/nothing-here", "/no-such-page"}) {
            HttpResponse<String> r = http.send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(json(r).get("error").asText()).as(path).isNotBlank();
        }
        assertThat(json(http.send("GET", "/api/todos/999", null)).get("error").asText()).contains("999");
        assertThat(json(http.send("POST", "/api/todos/abc/complete", "")).get("error").asText()).contains("abc");
    }

    @Test
    void aWrongMethodAnswers405WithTheAllowedMethods() throws SQLException {
        HttpResponse<String> put = http.send("PUT", "/api/todos/1", "{\"title\":\"x\"}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow.split(", "))
                .contains("GET", "PATCH", "DELETE").doesNotContain("PUT", "POST"));
        assertThat(json(put).get("error").asText()).isNotBlank();

        HttpResponse<String> delete = http.send("DELETE", "/api/todos", null);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow.split(", "))
                .contains("GET", "POST").doesNotContain("DELETE"));
        assertThat(sql("select count(*) from todo")).isEqualTo("0");
    }

    @Test
    void anUnknownJsonFieldIsRefusedWithAProblemThatNamesIt() throws SQLException {
        HttpResponse<String> created = http.send("POST", "/api/todos", "{\"title\":\"typo\",\"dnoe\":true}");
        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(json(created).get("problems").get(0).asText()).contains("'dnoe'").contains("done");
        assertThat(sql("select count(*) from todo")).isEqualTo("0");

        long id = json(http.send("POST", "/api/todos", "{\"title\":\"kept\"}")).get("id").asLong();
        HttpResponse<String> patched = http.send("PATCH", "/api/todos/" + id, "{\"titel\":\"changed\"}");
        assertThat(patched.statusCode()).isEqualTo(400);
        assertThat(json(patched).get("problems").get(0).asText()).contains("'titel'").contains("title");
        HttpResponse<String> badType = http.send("PATCH", "/api/todos/" + id, "{\"done\":\"maybe\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(json(badType).get("problems").get(0).asText()).contains("'done'");
        assertThat(sql("select title || ':' || done from todo")).isEqualTo("kept:FALSE");
    }

    @Test
    void aPortInUseSaysHowToPickAnother() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> TodoApp.start(DemoBinds.embedded(url), taken.getLocalPort()).close());
            assertThat(refused).isInstanceOf(DemoStartException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort())).hasMessageContaining("-Dport=")
                    .hasMessageContaining("PORT=");
        }
        assertThat(http.send("GET", "/api/todos", null).statusCode()).isEqualTo(200);
    }

    @Test
    void restartingOnTheSameDatabaseKeepsItsTodos() throws SQLException {
        http.send("POST", "/api/todos", "{\"title\":\"survives a restart\"}");
        app.close();
        app = TodoApp.start(DemoBinds.embedded(url), 0);
        http = new DemoClient(app.port());
        assertThat(json(http.send("GET", "/api/todos", null)).get("total").asLong()).isEqualTo(1);
        assertThat(sql("select title from todo")).isEqualTo("survives a restart");
    }

    @Test
    void thePageAddsAndCompletesTodosAndShowsTheBind() throws SQLException {
        HttpResponse<String> added = http.send("POST", "/todos", "title=buy+milk",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(added.statusCode()).isEqualTo(303);
        String marker = DemoClient.cookie(added, "bindery-ryw");
        assertThat(marker).isNotNull();

        HttpResponse<String> ownPage = http.send("GET", "/", null, "Cookie", "bindery-ryw=" + marker);
        assertThat(ownPage.body()).contains("buy milk").contains("<strong id=\"bind\">default</strong>")
                .contains("READ_YOUR_WRITES");
        HttpResponse<String> otherPage = http.send("GET", "/", null);
        assertThat(otherPage.body()).contains("buy milk").contains("<strong id=\"bind\">replica</strong>");
        assertThat(bind(otherPage)).isEqualTo("replica");

        String id = sql("select id from todo");
        assertThat(http.send("POST", "/todos/" + id + "/complete", "").statusCode()).isEqualTo(303);
        assertThat(sql("select done from todo")).isEqualTo("TRUE");
        assertThat(http.send("GET", "/", null).body()).contains("class=\"done\">buy milk");
    }

    @Test
    void bindsReportRolePoolAndRoutedWork() {
        http.send("POST", "/api/todos", "{\"title\":\"count me\"}");
        http.send("GET", "/api/todos", null);
        HttpResponse<String> r = http.send("GET", "/binds", null);
        assertThat(bind(r)).isEqualTo("none");
        JsonNode binds = json(r);
        assertThat(binds.get("default").get("role").asText()).isEqualTo("primary");
        assertThat(binds.get("replica").get("role").asText()).isEqualTo("replica");
        assertThat(binds.get("default").get("up").asBoolean()).isTrue();
        assertThat(binds.get("default").get("writes").asLong()).isPositive();
        assertThat(binds.get("replica").get("reads").asLong()).isPositive();
        assertThat(binds.get("replica").get("writes").asLong()).isZero();
        assertThat(binds.get("default").get("pool").get("active").asInt()).isZero();
    }

    @Test
    void theConfigurationComesFromAFileTheEnvironmentOrTheEmbeddedDefault() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("binds", ".properties");
        java.nio.file.Files.writeString(file, "bindery.url=" + url + "\nbindery.binds.replica.url=" + url
                + "\nbindery.binds.replica.replicaOf=default\n");
        Properties system = new Properties();
        system.setProperty("bindery.config", file.toString());
        try (var fromFile = DemoBinds.load(Map.of(), system).binds();
             var fromEnv = DemoBinds.load(Map.of("BINDERY_URL", url, "BINDERY_BINDS_REPLICA_URL", url,
                     "BINDERY_BINDS_REPLICA_REPLICA_OF", "default"), new Properties()).binds()) {
            assertThat(fromFile.replicas("default")).containsExactly("replica");
            assertThat(fromEnv.replicas("default")).containsExactly("replica");
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertThat(DemoBinds.load(Map.of(), new Properties()).description()).contains("embedded H2");
        assertThat(TodoApp.port(null, null)).isEqualTo(7070);
        assertThat(TodoApp.port("8081", "9090")).isEqualTo(8081);
        assertThat(TodoApp.port(null, "9090")).isEqualTo(9090);
        assertThat(sql("select count(*) from todo")).isEqualTo("0");
    }
}
