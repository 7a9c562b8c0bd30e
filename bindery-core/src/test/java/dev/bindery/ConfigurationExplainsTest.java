package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.BindOption;
import dev.bindery.config.ReplicaFallback;
import dev.bindery.spi.Route;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Configuration that used to crash, overflow later or be silently ignored is refused at build time, naming bind and field. */
class ConfigurationExplainsTest {

    private static BindConfigException.Problem onlyProblem(Map<String, ?> config) {
        Throwable failure = catchThrowable(() -> Binds.fromMap(config, Map.of("POOL", "abc")).close());
        assertThat(failure).isInstanceOf(BindConfigException.class);
        List<BindConfigException.Problem> problems = ((BindConfigException) failure).problems();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static Map<String, Object> defaultWith(String option, Object value) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", "jdbc:h2:mem:explains");
        config.put(option, value);
        return config;
    }

    @Test
    void numbersTooLargeForTheirTypeAreProblemsOfTheirField() {
        String[][] cases = {
                {"connectionTimeout", "99999999999999999999ms"},
                {"idleTimeout", "9999999999999999d"},
                {"healthCheckInterval", "300000000000d"},
                {"causalWait", "1000000000d"},
                {"maxReplicationLagBytes", "17179869184gb"},
                {"maxReplicationLagBytes", "99999999999999999999"},
                {"poolSize", "99999999999"},
                {"weight", "-99999999999999999999"},
                {"maxLifetime", "PT99999999999999999H"}};
        for (String[] c : cases) {
            BindConfigException.Problem p = onlyProblem(defaultWith(c[0], c[1]));
            assertThat(p.key()).isEqualTo(Binds.DEFAULT);
            assertThat(p.field()).isEqualTo(c[0]);
        }
        assertThat(onlyProblem(defaultWith("maxReplicationLagBytes", "17179869184gb")).message()).contains("too large");
        assertThat(onlyProblem(defaultWith("connectionTimeout", java.math.BigInteger.TEN.pow(30))).field()).isEqualTo("connectionTimeout");
        assertThat(onlyProblem(defaultWith("poolSize", 4.5)).message()).isEqualTo("must be a whole number, was 4.5");
    }

    @Test
    void durationsAreBoundedSoThatNothingOverflowsOnTheFirstRoute() {
        BindConfigException.Problem wait = onlyProblem(defaultWith("causalWait", "1000000000d"));
        assertThat(wait.toString()).isEqualTo("bind 'default', field 'causalWait': must be between 0ms and 1m, was 1000000000d");
        Throwable fromCode = catchThrowable(() -> Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url("jdbc:h2:mem:x").causalWait(Duration.ofSeconds(Long.MAX_VALUE))
                        .healthCheckInterval(Duration.ofDays(300_000_000_000L)))
                .build());
        assertThat(fromCode).isInstanceOfSatisfying(BindConfigException.class, e -> assertThat(e.problems())
                .extracting(BindConfigException.Problem::field).containsExactly("healthCheckInterval", "causalWait"));

        String url = H2.url("largest-values");
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(url).causalWait(Duration.ofMinutes(1)).healthCheckInterval(Duration.ofDays(1))
                        .healthCheckTimeout(Duration.ofHours(1)).connectionTimeout(Duration.ofDays(1)))
                .bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT).maxReplicationLag(Duration.ofDays(365)))
                .build()) {
            Route read = binds.router().route(Binds.DEFAULT, Access.READ);     // starts the group's health checks
            assertThat(read.bind()).isEqualTo("replica");
            assertThat(binds.router().route(Binds.DEFAULT, Access.WRITE).bind()).isEqualTo(Binds.DEFAULT);
        }
    }

    @Test
    void aNullMapKeyIsAProblemNotACrash() {
        Map<String, Object> top = new HashMap<>();
        top.put("url", "jdbc:h2:mem:x");
        top.put(null, "5");
        BindConfigException.Problem p = onlyProblem(top);
        assertThat(p.key()).isEqualTo(Binds.DEFAULT);
        assertThat(p.field()).isEqualTo("(null)");

        Map<String, Object> binds = new HashMap<>();
        binds.put(null, "jdbc:h2:mem:y");
        Map<String, Object> options = new HashMap<>();
        options.put("url", "jdbc:h2:mem:z");
        options.put(null, 3);
        binds.put("z", options);
        Throwable failure = catchThrowable(() -> Binds.fromMap(Map.of("url", "jdbc:h2:mem:x", "binds", binds), Map.of()));
        assertThat(failure).isInstanceOfSatisfying(BindConfigException.class, e -> assertThat(e.problems())
                .extracting(q -> q.key() + "." + q.field()).containsExactlyInAnyOrder("(null).key", "z.(null)"));
    }

    @Test
    void placeholdersWorkInTypedValues() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", "jdbc:h2:mem:${DB:typed}");
        config.put("poolSize", "${POOL_SIZE}");
        config.put("connectionTimeout", "${TIMEOUT:2s}");
        config.put("readOnly", "${READ_ONLY:true}");
        config.put("maxReplicationLagBytes", "${LAG}mb");
        try (Binds binds = Binds.fromMap(config, Map.of("POOL_SIZE", "7", "LAG", "16"))) {
            BindConfig c = binds.config(Binds.DEFAULT);
            assertThat(c.url()).isEqualTo("jdbc:h2:mem:typed");
            assertThat(c.poolSize()).isEqualTo(7);
            assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.maxReplicationLagBytes()).isEqualTo(16L * 1024 * 1024);
        }
        Properties p = new Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:typed-props");
        p.setProperty("bindery.poolSize", "${POOL_SIZE:3}");
        try (Binds binds = Binds.fromProperties(p, Map.of())) {
            assertThat(binds.config(Binds.DEFAULT).poolSize()).isEqualTo(3);
        }
        assertThat(onlyProblem(defaultWith("poolSize", "${POOL}")).toString())
                .isEqualTo("bind 'default', field 'poolSize': must be a whole number, was '${POOL}' (as resolved from the environment)");
        assertThat(onlyProblem(defaultWith("poolSize", "${NOT_SET}")).toString()).isEqualTo("bind 'default', field 'poolSize': "
                + "refers to environment variable ${NOT_SET}, which is not set: export it or give a default as ${NOT_SET:value}");
    }

    @Test
    void everyGroupOptionOnAReplicaIsAProblemThatPointsAtThePrimary() {
        List<Consumer<BindConfig.Builder>> setters = List.of(
                b -> b.balancer(BuiltInBalancer.RANDOM), b -> b.replicaFallback(ReplicaFallback.FAIL),
                b -> b.healthCheckInterval(Duration.ofSeconds(5)), b -> b.healthCheckTimeout(Duration.ofSeconds(2)),
                b -> b.ejectAfterFailures(3), b -> b.readmitAfterSuccesses(3), b -> b.causalWait(Duration.ofMillis(10)),
                b -> b.failover(dev.bindery.config.Failover.FOLLOW));
        List<String> fields = new java.util.ArrayList<>();
        for (Consumer<BindConfig.Builder> setter : setters) {
            Throwable failure = catchThrowable(() -> Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:g")
                    .bind("replica", b -> setter.accept(b.url("jdbc:h2:mem:g").replicaOf(Binds.DEFAULT))).build());
            assertThat(failure).isInstanceOfSatisfying(BindConfigException.class, e -> {
                assertThat(e.problems()).hasSize(1);
                BindConfigException.Problem p = e.problems().get(0);
                assertThat(p.key()).isEqualTo("replica");
                assertThat(p.message()).isEqualTo("is a group option, and this bind is a replica of 'default': "
                        + "set it on the primary 'default' instead, for the whole group");
                fields.add(p.field());
            });
        }
        assertThat(fields).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(BindOption.values())
                .filter(BindOption::isGroupOption).map(BindOption::optionName).toList());

        Map<String, Object> replica = Map.of("url", "jdbc:h2:mem:g", "replicaOf", "default", "causalWait", "${WAIT:5ms}",
                "balancer", "fastest");
        Throwable fromMap = catchThrowable(() -> Binds.fromMap(Map.of("url", "jdbc:h2:mem:g", "binds", Map.of("r", replica)), Map.of()));
        assertThat(fromMap).isInstanceOfSatisfying(BindConfigException.class, e -> assertThat(e.problems())
                .extracting(BindConfigException.Problem::field).contains("causalWait", "balancer"));

        try (Binds ok = Binds.builder().bind(Binds.DEFAULT, b -> b.url("jdbc:h2:mem:g").causalWait(Duration.ofMillis(10)))
                .bind("replica", b -> b.url("jdbc:h2:mem:g").replicaOf(Binds.DEFAULT)).build()) {
            assertThat(ok.config(Binds.DEFAULT).groupOptions().causalWait()).isEqualTo(Duration.ofMillis(10));
            assertThat(ok.config("replica").groupOptions()).isNull();
            Throwable added = catchThrowable(() -> ok.addReplica("late", b -> b.url("jdbc:h2:mem:g").replicaOf(Binds.DEFAULT)
                    .ejectAfterFailures(1)));
            assertThat(added).isInstanceOf(BindConfigException.class)
                    .hasMessageContaining("bind 'late', field 'ejectAfterFailures': is a group option");
            assertThat(ok.keys()).doesNotContain("late");
        }
    }
}
