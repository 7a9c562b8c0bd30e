package dev.bindery.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static dev.bindery.example.DemoClient.bind;
import static dev.bindery.example.DemoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The demo switched to PostgreSQL with two streaming replicas by environment variables, as the README shows. */
@PostgresReplication(replicas = 2)
class TodoAppOnPostgresTest {

    @Test
    void writesGoToThePrimaryAndReadsToTheReplicas(ReplicatedDatabase cluster) throws SQLException {
        Map<String, String> env = Map.of(
                "BINDERY_URL", cluster.jdbcUrl(cluster.primary()),
                "BINDERY_BINDS_REPLICA_1_URL", cluster.jdbcUrl(cluster.replica(1)),
                "BINDERY_BINDS_REPLICA_1_REPLICA_OF", "default",
                "BINDERY_BINDS_REPLICA_2_URL", cluster.jdbcUrl(cluster.replica(2)),
                "BINDERY_BINDS_REPLICA_2_REPLICA_OF", "default");
        DemoBinds config = DemoBinds.load(env, new Properties());
        assertThat(config.binds().replicas("default")).containsExactlyInAnyOrder("replica-1", "replica-2");
        try (TodoApp app = TodoApp.start(config.binds(), 0)) {
            DemoClient http = new DemoClient(app.port());
            HttpResponse<String> created = http.send("POST", "/api/todos", "{\"title\":\"on postgres\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(bind(created)).isEqualTo("default");
            cluster.awaitCaughtUp(Duration.ofSeconds(30));

            HttpResponse<String> list = http.send("GET", "/api/todos", null);   // a count and a page: two reads
            assertThat(bind(list)).startsWith("replica-").doesNotContain("default");
            assertThat(json(list).get("items").get(0).get("title").asText()).isEqualTo("on postgres");

            String marker = DemoClient.cookie(created, "bindery-ryw");
            assertThat(marker).as("on PostgreSQL the cookie carries a causal token").startsWith("t.default~");
            HttpResponse<String> own = http.send("GET", "/api/todos", null, "Cookie", "bindery-ryw=" + marker);
            assertThat(json(own).get("items").get(0).get("title").asText()).isEqualTo("on postgres");
            assertThat(bind(own)).as("the replicas have passed the token, so they serve the client's own reads")
                    .startsWith("replica-").doesNotContain("default");

            JsonNode binds = json(http.send("GET", "/binds", null));
            assertThat(binds.get("replica-1").get("role").asText()).isEqualTo("replica");
            assertThat(binds.get("replica-1").get("up").asBoolean()).isTrue();
            assertThat(binds.get("default").get("writes").asLong()).isPositive();
            assertThat(binds.get("replica-1").get("reads").asLong()).isPositive();
            assertThat(binds.get("replica-2").get("reads").asLong()).isPositive();
            assertThat(binds.get("replica-1").get("writes").asLong()).isZero();
        }
        try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select title from todo")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on postgres");
        }
    }
}
