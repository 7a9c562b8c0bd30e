package dev.bindery;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The README's validation example: two typos, both reported in one run, exactly as the README shows them. */
class ValidationReportTest {

    @Test
    void aTypoInAnOptionAndInReplicaOfAreReportedTogether() {
        Throwable failure = catchThrowable(() -> {
            // tag::validation-example[]
            Binds binds = Binds.fromMap(Map.of(
                    "url", "jdbc:h2:mem:app",
                    "binds", Map.of("replica", Map.of("url", "jdbc:h2:mem:app", "poolSze", 4, "replicaOf", "defualt"))));
            // end::validation-example[]
            binds.close();
        });
        assertThat(failure).isInstanceOf(BindConfigException.class);
        assertThat(failure.toString()).isEqualTo("""
                dev.bindery.BindConfigException: Invalid bind configuration (2 problems):
                  - bind 'replica', field 'poolSze': unknown option; did you mean 'poolSize'?
                  - bind 'replica', field 'replicaOf': names unknown bind 'defualt'; did you mean 'default'?""");
    }

    @Test
    void aBindWithItsOwnProblemsIsStillCheckedAgainstTheOthers() {
        Throwable failure = catchThrowable(() -> Binds.builder()
                .bind(Binds.DEFAULT, "jdbc:h2:mem:a")
                .bind("r1", b -> b.url("not-jdbc").poolSize(0).replicaOf("r2"))
                .bind("r2", b -> b.url("jdbc:h2:mem:a").replicaOf(Binds.DEFAULT).causalWait(java.time.Duration.ofSeconds(1)))
                .build());
        assertThat(failure).isInstanceOfSatisfying(BindConfigException.class, e -> assertThat(e.problems())
                .extracting(p -> p.key() + "." + p.field())
                .containsExactly("r1.url", "r1.poolSize", "r1.replicaOf", "r2.causalWait"));
    }
}
