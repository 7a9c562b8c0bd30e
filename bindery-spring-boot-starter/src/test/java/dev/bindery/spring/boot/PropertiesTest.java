package dev.bindery.spring.boot;

import dev.bindery.BindConfig;
import dev.bindery.BindConfigException;
import dev.bindery.Binds;
import dev.bindery.config.BindOption;
import dev.bindery.config.BuiltInBalancer;
import dev.bindery.config.TransactionIsolation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The bindery.* properties: every option of the README table, relaxed binding, and start-up failures. */
class PropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BinderyAutoConfiguration.class));

    @Test
    void everyBindOptionIsABinderyPropertyInSpringsRelaxedForms() {
        runner.withPropertyValues(
                "bindery.url=jdbc:h2:mem:props", "bindery.username=sa", "bindery.password=s3cret", "bindery.pool-size=4",
                "bindery.minimumIdle=1", "bindery.connection-timeout=5s", "bindery.idle_timeout=1m", "bindery.max-lifetime=10m",
                "bindery.validation-timeout=1s", "bindery.leak-detection-threshold=2s", "bindery.read-only=false",
                "bindery.auto-commit=true", "bindery.transaction-isolation=READ_COMMITTED", "bindery.schema=PUBLIC",
                "bindery.region=eu", "bindery.balancer=random", "bindery.replica-fallback=fail",
                "bindery.health-check-interval=3s", "bindery.health-check-timeout=2s", "bindery.eject-after-failures=3",
                "bindery.readmit-after-successes=4", "bindery.causal-wait=50ms", "bindery.driver-properties.TRACE_LEVEL_FILE=0",
                "bindery.token-keys=0123456789abcdef0123456789abcdef",
                "bindery.binds.replica.url=jdbc:h2:mem:props-replica", "bindery.binds.replica.replica-of=default",
                "bindery.binds.replica.weight=7", "bindery.binds.replica.max-replication-lag=9s",
                "bindery.binds.replica.max-replication-lag-bytes=16mb", "bindery.binds.replica.region=eu")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Binds binds = context.getBean(Binds.class);
                    BindConfig d = binds.config("default");
                    assertThat(d.username()).isEqualTo("sa");
                    assertThat(d.poolSize()).isEqualTo(4);
                    assertThat(d.minimumIdle()).isEqualTo(1);
                    assertThat(d.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(d.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(d.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(d.leakDetectionThreshold()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(d.transactionIsolation()).isEqualTo(TransactionIsolation.READ_COMMITTED);
                    assertThat(d.schema()).isEqualTo("PUBLIC");
                    assertThat(d.region()).isEqualTo("eu");
                    assertThat(d.groupOptions().balancer()).isEqualTo(BuiltInBalancer.RANDOM);
                    assertThat(d.groupOptions().healthCheckInterval()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(d.groupOptions().ejectAfterFailures()).isEqualTo(3);
                    assertThat(d.groupOptions().readmitAfterSuccesses()).isEqualTo(4);
                    assertThat(d.groupOptions().causalWait()).isEqualTo(Duration.ofMillis(50));
                    assertThat(d.driverProperties()).containsEntry("TRACE_LEVEL_FILE", "0");
                    BindConfig r = binds.config("replica");
                    assertThat(r.replicaOf()).isEqualTo("default");
                    assertThat(r.weight()).isEqualTo(7);
                    assertThat(r.maxReplicationLag()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(r.maxReplicationLagBytes()).isEqualTo(16L * 1024 * 1024);
                });
    }

    @Test
    void theStartersPropertiesCoverEveryOptionOfTheTable() {
        for (BindOption option : BindOption.values()) {
            String getter = "get" + Character.toUpperCase(option.optionName().charAt(0)) + option.optionName().substring(1);
            Class<?> holder = option == BindOption.TOKEN_KEYS ? BinderyProperties.class : BindProperties.class;
            assertThat(Arrays.stream(holder.getMethods()).map(Method::getName)).as(option.optionName()).contains(getter);
        }
    }

    @Test
    void theMigrationSettingsOfGroupsAreTheStartersOwnNotBindOptions() {
        runner.withPropertyValues("bindery.url=jdbc:h2:mem:migration-settings", "bindery.flyway.locations.audit=classpath:db/audit",
                        "bindery.liquibase.change-log.audit=classpath:db/changelog/audit.yaml")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Binds.class));
    }

    @Test
    void withoutBinderyUrlTheDefaultBindIsSpringsDataSource() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:from-spring", "spring.datasource.username=sa")
                .run(context -> {
                    BindConfig d = context.getBean(Binds.class).config("default");
                    assertThat(d.url()).isEqualTo("jdbc:h2:mem:from-spring");
                    assertThat(d.username()).isEqualTo("sa");
                });
    }

    @Test
    void aBadConfigurationStopsStartUpListingEveryProblemWithoutTheSecret() {
        runner.withPropertyValues("bindery.url=jdbc:h2:mem:bad", "bindery.password=hunter2-secret", "bindery.pool-size=lots",
                        "bindery.poolSze=4", "bindery.binds.replica.url=jdbc:h2:mem:bad-r", "bindery.binds.replica.replica-of=defualt")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = new BindConfigFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("3 problems", "bind 'default', field 'poolSize'", "[bindery.pool-size]",
                                    "field 'poolSze': unknown option; did you mean 'poolSize'?",
                                    "bind 'replica', field 'replicaOf'", "did you mean 'default'?", "[bindery.binds.replica.replica-of]")
                            .doesNotContain("hunter2");
                    assertThat(analysis.getAction()).contains("bindery.binds.<key>.<option>").doesNotContain("hunter2");
                    assertThat(failure).hasRootCauseInstanceOf(BindConfigException.class);
                });
    }
}
