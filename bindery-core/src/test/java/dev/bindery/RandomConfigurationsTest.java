package dev.bindery;

import dev.bindery.config.BindOption;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated configurations, well-formed and garbled alike: every one either builds, or fails with a
 * {@link BindConfigException} whose every problem names the bind and the field. No other exception escapes, and
 * nothing that builds is out of range. No connection is opened, so each try costs well under a millisecond or two.
 */
class RandomConfigurationsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("POOL", "5", "TIMEOUT", "2s", "WORD", "abc",
            "BIG", "99999999999999999999", "FLAG", "true");
    private static final List<String> OPTION_NAMES = Arrays.stream(BindOption.values()).map(BindOption::optionName).toList();

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void aMapConfigurationBuildsOrExplainsEveryProblem(@ForAll("mapConfigurations") Map<String, Object> config) {
        assertBuildsOrExplains(() -> Binds.fromMap(config, ENVIRONMENT));
        bothOutcomesOccur();
    }

    /** The generator is worth its tries only if a fair share of the configurations builds, and a fair share fails. */
    private static void bothOutcomesOccur() {
        Statistics.label("outcome").coverage(c -> {
            c.check("builds").percentage(p -> p >= 2);
            c.check("fails").percentage(p -> p >= 2);
        });
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void aPropertiesConfigurationBuildsOrExplainsEveryProblem(@ForAll("propertiesConfigurations") Properties properties) {
        assertBuildsOrExplains(() -> Binds.fromProperties(properties, ENVIRONMENT));
        bothOutcomesOccur();
    }

    private static void assertBuildsOrExplains(java.util.function.Supplier<Binds> build) {
        Binds binds;
        try {
            binds = build.get();
            Statistics.label("outcome").collect("builds");
        } catch (BindConfigException e) {
            Statistics.label("outcome").collect("fails");
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.key()).as("bind of %s", p).isNotNull();
                assertThat(p.field()).as("field of %s", p).isNotNull().isNotBlank();
                assertThat(p.message()).as("message of %s", p).isNotBlank();
            });
            assertThat(e.getMessage()).doesNotContain("SECRET-PW");
            return;
        }
        try (binds) {
            for (String key : binds.keys()) {
                BindConfig c = binds.config(key);
                assertThat(c.poolSize()).isBetween(1, 10_000);
                assertThat(c.connectionTimeout()).isLessThanOrEqualTo(Duration.ofDays(1));
                assertThat(c.groupOptions() == null).isEqualTo(c.replicaOf() != null);
                if (c.groupOptions() != null) {
                    assertThat(c.groupOptions().causalWait().toNanos()).isNotNegative();
                    assertThat(c.groupOptions().healthCheckInterval().toNanos()).isPositive();
                    assertThat(c.groupOptions().failover()).isNotNull();
                    if (c.groupOptions().follows()) {
                        assertThat(c.url()).matches("jdbc:(postgresql|mariadb|mysql):.*");
                        assertThat(c.readOnly()).isFalse();
                    }
                }
                assertThat(c.toString()).doesNotContain("SECRET-PW");
            }
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> mapConfigurations() {
        Arbitrary<Map<String, Object>> binds = entries(bindKeys(), bindValue(), 3);
        return Combinators.combine(options(), binds, Arbitraries.integers().between(0, 9)).as((defaults, named, shape) -> {
            Map<String, Object> config = new HashMap<>(defaults);
            if (shape < 7) {
                config.put("binds", new HashMap<>(named));
            } else if (shape == 7) {
                config.put("binds", "jdbc:h2:mem:not-a-map");
            }
            return config;
        });
    }

    @Provide
    Arbitrary<Properties> propertiesConfigurations() {
        Arbitrary<Tuple.Tuple2<String, String>> entry = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("bindery."), Arbitraries.of("bindery.binds.").flatMap(prefix ->
                        bindKeys().filter(k -> k != null).map(k -> prefix + k + "."))),
                optionNames().filter(n -> n != null),
                stringValues()).as((prefix, name, value) -> Tuple.of(prefix + name, value));
        return entry.list().ofMaxSize(4).map(entries -> {
            Properties p = new Properties();
            p.setProperty("bindery.url", "jdbc:h2:mem:random-properties");
            entries.forEach(e -> p.setProperty(e.get1(), e.get2()));
            return p;
        });
    }

    /** Up to {@code max} entries, built from pairs (cheaper to generate than jqwik's maps with unique keys). */
    private static Arbitrary<Map<String, Object>> entries(Arbitrary<String> keys, Arbitrary<Object> values, int max) {
        return Combinators.combine(keys, values).as(Tuple::of).list().ofMaxSize(max).map(pairs -> {
            Map<String, Object> m = new HashMap<>();
            pairs.forEach(p -> m.put(p.get1(), p.get2()));
            return m;
        });
    }

    private Arbitrary<Object> bindValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, urls().map(u -> (Object) u)),
                Tuple.of(5, options().map(m -> (Object) m)),
                Tuple.of(1, Arbitraries.of(42, List.of("x"), true).map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.<Object>just(null)));
    }

    /** The options of one bind: mostly known names, with typos, nulls and driver properties among them. */
    private Arbitrary<Map<String, Object>> options() {
        Arbitrary<Map<String, Object>> raw = entries(optionNames(), values(), 3);
        return Combinators.combine(raw, Arbitraries.integers().between(0, 9), urls()).as((m, withUrl, url) -> {
            Map<String, Object> out = new HashMap<>(m);
            if (withUrl < 8) {
                out.put("url", url);
            }
            if (withUrl % 3 == 0) {
                out.put("password", "SECRET-PW");
            }
            return out;
        });
    }

    private Arbitrary<String> bindKeys() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("default", "replica", "auth", "users@eu", "r-1", "Replica", "defualt")),
                Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').withChars('@', '-', '_', '.', ' ', '$').ofMaxLength(6)),
                Tuple.of(1, Arbitraries.of("", "a.b", "ümlaut")),
                Tuple.of(1, Arbitraries.<String>just(null)));
    }

    private Arbitrary<String> optionNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(OPTION_NAMES)),
                Tuple.of(2, Arbitraries.of(OPTION_NAMES).map(n -> n.substring(0, n.length() - 1))),
                Tuple.of(1, Arbitraries.of("POOLSIZE", "pool_size", "driverProperties.sslpassword", "driverProperties.",
                        "driverProperties.MODE", "binds", "", " url")),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8)),
                Tuple.of(1, Arbitraries.<String>just(null)));
    }

    private Arbitrary<String> urls() {
        return Arbitraries.of("jdbc:h2:mem:random", "jdbc:h2:mem:random;PASSWORD=SECRET-PW", "postgres://h/db",
                "jdbc:oracle:thin:scott/SECRET-PW@h:1521/db", "jdbc:mysql://address=(host=h)(password=SECRET-PW)/db",
                "jdbc:h2:mem:${WORD}", "jdbc:h2:mem:${UNSET}", "", "   ", "jdbc:postgresql://127.0.0.1:1/db",
                "jdbc:mariadb://127.0.0.1:1/db");
    }

    /** Values of every kind an option can be given: well-formed, huge, with bad units, placeholders, wrong types, null. */
    private Arbitrary<Object> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, stringValues().map(s -> (Object) s)),
                Tuple.of(2, Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                        Arbitraries.doubles().map(d -> (Object) d),
                        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(30)).map(b -> (Object) b))),
                Tuple.of(1, Arbitraries.of(true, Duration.ofSeconds(Long.MAX_VALUE), Duration.ofMillis(-5), Duration.ofSeconds(3),
                        Map.of("MODE", "MySQL"), List.of(1, 2))),
                Tuple.of(1, Arbitraries.<Object>just(null)));
    }

    private Arbitrary<String> stringValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("1", "10", "0", "-1", "250ms", "30s", "5m", "2h", "1d", "PT30S", "true", "false",
                        "round-robin", "weighted", "least-busy", "primary", "fail", "SERIALIZABLE", "16mb", "1gb", "eu",
                        "default", "replica", "defualt", "follow", "none", "FOLLOW", "follows")),
                Tuple.of(3, Arbitraries.of("99999999999999999999ms", "9999999999999999d", "300000000000d", "1000000000d",
                        "17179869184gb", "99999999999", "-99999999999999999999", "PT99999999999999999H", "PT-5S",
                        "5 years", "10xb", "1.5s", "", " ", "yes", "NaN", "1e10")),
                Tuple.of(2, Arbitraries.of("${POOL}", "${TIMEOUT}", "${WORD}", "${BIG}", "${FLAG}", "${UNSET}",
                        "${UNSET:7}", "${UNSET:}", "${POOL}0", "${", "${1BAD}", "${BIG}gb")),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)));
    }
}
