package dev.bindery;

import dev.bindery.spi.Role;
import dev.bindery.status.PoolStats;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindsConfigurationTest {

    @Test
    void builderDefinesDefaultAndNamedBindsWithTheirOptions() {
        String url = H2.url("builder");
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, url)
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT).poolSize(3).weight(2).region("eu")
                        .maxReplicationLag(Duration.ofSeconds(5)))
                .build()) {
            assertThat(binds.keys()).containsExactly("default", "replica");
            BindConfig replica = binds.config("replica");
            assertThat(replica.role()).isEqualTo(Role.REPLICA);
            assertThat(replica.isReadOnly()).isTrue();
            assertThat(replica.poolSize()).isEqualTo(3);
            assertThat(replica.weight()).isEqualTo(2);
            assertThat(replica.region()).isEqualTo("eu");
            assertThat(replica.maxReplicationLag()).isEqualTo(Duration.ofSeconds(5));
            assertThat(binds.config(Binds.DEFAULT).role()).isEqualTo(Role.PRIMARY);
            assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("replica");
            assertThat(binds.groupOf("replica")).isEqualTo(Binds.DEFAULT);
            assertThat(binds.dataSources()).containsOnlyKeys("default", "replica");
        }
    }

    @Test
    void fromMapAcceptsUrlStringsAndOptionMaps() throws Exception {
        String url = H2.url("map");
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("url", url);
        replica.put("replicaOf", "default");
        replica.put("poolSize", 2);
        replica.put("connectionTimeout", "2s");
        replica.put("driverProperties", Map.of("MODE", "PostgreSQL"));
        Map<String, Object> config = Map.of("url", url, "poolSize", "4",
                "binds", Map.of("meta", H2.url("meta"), "replica", replica));
        try (Binds binds = Binds.fromMap(config)) {
            assertThat(binds.keys()).containsExactlyInAnyOrder("default", "meta", "replica").startsWith("default");
            assertThat(binds.config(Binds.DEFAULT).poolSize()).isEqualTo(4);
            assertThat(binds.config("replica").connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(binds.config("replica").driverProperties()).containsEntry("MODE", "PostgreSQL");
            try (Connection c = binds.dataSource("meta").getConnection(); ResultSet rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void fromPropertiesReadsDefaultAndNamedBinds() {
        Properties p = new Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:props");
        p.setProperty("bindery.poolSize", "3");
        p.setProperty("bindery.binds.replica-1.url", "jdbc:h2:mem:props");
        p.setProperty("bindery.binds.replica-1.replicaOf", "default");
        p.setProperty("bindery.binds.replica-1.driverProperties.MODE", "MySQL");
        p.setProperty("bindery.binds.auth", "jdbc:h2:mem:auth");
        p.setProperty("unrelated.setting", "ignored");
        try (Binds binds = Binds.fromProperties(p, Map.of())) {
            assertThat(binds.keys()).containsExactlyInAnyOrder("default", "replica-1", "auth");
            assertThat(binds.keys().get(0)).isEqualTo("default");
            assertThat(binds.config(Binds.DEFAULT).poolSize()).isEqualTo(3);
            assertThat(binds.config("replica-1").replicaOf()).isEqualTo("default");
            assertThat(binds.config("replica-1").driverProperties()).containsEntry("MODE", "MySQL");
            assertThat(binds.config("auth").url()).isEqualTo("jdbc:h2:mem:auth");
        }
    }

    @Test
    void fromPropertiesFileReadsTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bindery.properties");
        Files.writeString(file, "bindery.url=jdbc:h2:mem:file\nbindery.binds.ro.url=jdbc:h2:mem:file\nbindery.binds.ro.readOnly=true\n");
        try (Binds binds = Binds.fromProperties(file)) {
            assertThat(binds.config("ro").isReadOnly()).isTrue();
        }
    }

    @Test
    void environmentVariablesOverrideProperties() {
        Properties p = new Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:from-file");
        p.setProperty("bindery.binds.replica-1.url", "jdbc:h2:mem:from-file");
        p.setProperty("bindery.binds.replica-1.replicaOf", "default");
        Map<String, String> env = Map.of(
                "BINDERY_URL", "jdbc:h2:mem:from-env",
                "BINDERY_POOL_SIZE", "7",
                "BINDERY_BINDS_REPLICA_1_URL", "jdbc:h2:mem:replica-from-env",
                "BINDERY_BINDS_REPLICA_1_POOL_SIZE", "2",
                "BINDERY_BINDS_ANALYTICS_URL", "jdbc:h2:mem:analytics",
                "PATH", "/usr/bin");
        try (Binds binds = Binds.fromProperties(p, env)) {
            assertThat(binds.config(Binds.DEFAULT).url()).isEqualTo("jdbc:h2:mem:from-env");
            assertThat(binds.config(Binds.DEFAULT).poolSize()).isEqualTo(7);
            assertThat(binds.config("replica-1").url()).isEqualTo("jdbc:h2:mem:replica-from-env");
            assertThat(binds.config("replica-1").poolSize()).isEqualTo(2);
            assertThat(binds.config("analytics").url()).isEqualTo("jdbc:h2:mem:analytics");
        }
    }

    @Test
    void environmentAloneIsEnoughConfiguration() {
        try (Binds binds = Binds.fromProperties(new Properties(), Map.of("BINDERY_URL", "jdbc:h2:mem:env-only"))) {
            assertThat(binds.keys()).containsExactly("default");
        }
    }

    @Test
    void placeholdersResolveSecretsFromTheEnvironment() {
        Map<String, Object> config = Map.of("url", "jdbc:h2:mem:${DB_NAME}", "username", "sa", "password", "${DB_PASSWORD}",
                "binds", Map.of("x", Map.of("url", "jdbc:h2:mem:${MISSING:fallback}")));
        try (Binds binds = Binds.fromMap(config, Map.of("DB_NAME", "placeholders", "DB_PASSWORD", "s3cret-pw"))) {
            assertThat(binds.config(Binds.DEFAULT).url()).isEqualTo("jdbc:h2:mem:placeholders");
            assertThat(binds.config(Binds.DEFAULT).password()).isEqualTo("s3cret-pw");
            assertThat(binds.config("x").url()).isEqualTo("jdbc:h2:mem:fallback");
            assertThat(binds.config(Binds.DEFAULT).toString()).doesNotContain("s3cret-pw").contains("password=****");
        }
    }

    @Test
    void aMissingPlaceholderVariableNamesTheVariableAndTheField() {
        assertThatThrownBy(() -> Binds.fromMap(Map.of("url", "jdbc:h2:mem:x", "password", "${NOT_SET}"), Map.of()))
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'default', field 'password'")
                .hasMessageContaining("${NOT_SET}")
                .hasMessageContaining("not set");
    }

    @Test
    void aMissingUrlNamesTheBindAndTheField() {
        assertThatThrownBy(() -> Binds.builder().bind("reports", b -> b.poolSize(2)).build())
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'reports', field 'url': is required");
    }

    @Test
    void noBindAtAllIsAnError() {
        assertThatThrownBy(() -> Binds.fromMap(Map.of(), Map.of()))
                .isInstanceOf(BindConfigException.class).hasMessageContaining("no bind is configured");
    }

    @Test
    void replicaOfAnUnknownBindSuggestsTheClosestKey() {
        assertThatThrownBy(() -> Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:a")
                .bind("replica", b -> b.url("jdbc:h2:mem:a").replicaOf("defualt")).build())
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'replica', field 'replicaOf': names unknown bind 'defualt'; did you mean 'default'?");
    }

    @Test
    void replicaOfAReplicaIsRefusedAndPointsAtThePrimary() {
        assertThatThrownBy(() -> Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:a")
                .bind("r1", b -> b.url("jdbc:h2:mem:a").replicaOf(Binds.DEFAULT))
                .bind("r2", b -> b.url("jdbc:h2:mem:a").replicaOf("r1")).build())
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'r2', field 'replicaOf'")
                .hasMessageContaining("itself a replica of 'default'");
    }

    @Test
    void replicaOfItselfIsRefused() {
        assertThatThrownBy(() -> Binds.builder().bind("a", b -> b.url("jdbc:h2:mem:a").replicaOf("a")).build())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("cannot be a replica of itself");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> Binds.builder().bind("a", "jdbc:h2:mem:a").bind("a", "jdbc:h2:mem:b").build())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("bind 'a', field 'key': is defined twice");
        Properties p = new Properties();
        p.setProperty("bindery.binds.Auth.url", "jdbc:h2:mem:a");
        p.setProperty("bindery.binds.auth.url", "jdbc:h2:mem:b");
        assertThatThrownBy(() -> Binds.fromProperties(p, Map.of()))
                .isInstanceOf(BindConfigException.class).hasMessageContaining("only in case");
    }

    @Test
    void anUnknownOptionSuggestsTheClosestName() {
        Map<String, Object> config = Map.of("url", "jdbc:h2:mem:x", "binds", Map.of("r", Map.of("url", "jdbc:h2:mem:x", "poolSze", 3)));
        assertThatThrownBy(() -> Binds.fromMap(config, Map.of()))
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'r', field 'poolSze': unknown option; did you mean 'poolSize'?");
    }

    @Test
    void wrongTypesAndOutOfRangeValuesAreAllReportedAtOnce() {
        Properties p = new Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:x");
        p.setProperty("bindery.poolSize", "ten");
        p.setProperty("bindery.binds.r.url", "jdbc:h2:mem:x");
        p.setProperty("bindery.binds.r.weight", "0");
        p.setProperty("bindery.binds.r.readOnly", "yes");
        p.setProperty("bindery.binds.r.connectionTimeout", "soon");
        p.setProperty("bindery.binds.r.transactionIsolation", "SERIALISABLE");
        p.setProperty("bindery.binds.r.balancer", "fastest");
        assertThatThrownBy(() -> Binds.fromProperties(p, Map.of()))
                .isInstanceOfSatisfying(BindConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(6);
                    assertThat(e.getMessage())
                            .contains("6 problems")
                            .contains("bind 'default', field 'poolSize': must be a whole number, was 'ten'")
                            .contains("bind 'r', field 'weight': must be between 1 and 1000, was 0")
                            .contains("bind 'r', field 'readOnly': must be true or false, was 'yes'")
                            .contains("bind 'r', field 'connectionTimeout': must be a duration")
                            .contains("bind 'r', field 'transactionIsolation': must be one of")
                            .contains("bind 'r', field 'balancer': must be one of round-robin, random, weighted, least-busy");
                });
    }

    @Test
    void aBindValueThatIsNeitherUrlNorMapIsRefused() {
        assertThatThrownBy(() -> Binds.fromMap(Map.of("binds", Map.of("x", 42)), Map.of()))
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'x', field 'url': must be a JDBC URL string or a map of options with 'url', was a Integer");
    }

    @Test
    void anInvalidKeyOrNonJdbcUrlIsRefused() {
        assertThatThrownBy(() -> Binds.builder().bind("a.b", "jdbc:h2:mem:x").bind("c", "postgres://host/db").build())
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'a.b', field 'key'")
                .hasMessageContaining("bind 'c', field 'url': must start with 'jdbc:'");
    }

    @Test
    void anUnknownKeyListsTheKnownKeys() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("unknown")).bind("auth", H2.url("auth")).build()) {
            assertThatThrownBy(() -> binds.dataSource("audit"))
                    .isInstanceOf(UnknownBindException.class)
                    .hasMessage("Unknown bind 'audit'. Known binds: [default, auth]. Define it in the Binds configuration or use one of the known keys.");
            assertThatThrownBy(() -> binds.config("audit")).isInstanceOf(UnknownBindException.class);
        }
    }

    @Test
    void aBindThatIsNeverUsedOpensNoConnection() throws Exception {
        List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("lazy")).bind("unused", H2.url("unused"))
                .onPoolStarted((key, ds) -> started.add(key)).build()) {
            assertThat(binds.poolStats("unused").total()).isZero();
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(started).containsExactly("default");
            assertThat(binds.poolStats("unused")).isEqualTo(PoolStats.NOT_STARTED);
            assertThat(binds.poolStats(Binds.DEFAULT).total()).isPositive();
        }
    }

    @Test
    void replicasGetReadOnlyConnections() throws Exception {
        String url = H2.url("ro");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            // H2 reports only database-level read-only; the pool's setting is what each connection gets.
            assertThat(binds.dataSource("replica").unwrap(com.zaxxer.hikari.HikariDataSource.class).isReadOnly()).isTrue();
            assertThat(binds.dataSource(Binds.DEFAULT).unwrap(com.zaxxer.hikari.HikariDataSource.class).isReadOnly()).isFalse();
        }
    }

    @Test
    void aClosedBindsRefusesNewConnectionsWithAClearMessage() {
        Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("closed")).build();
        binds.close();
        assertThatThrownBy(() -> binds.dataSource(Binds.DEFAULT).getConnection())
                .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("Binds was closed");
    }
}
