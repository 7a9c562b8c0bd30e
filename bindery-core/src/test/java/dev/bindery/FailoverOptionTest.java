package dev.bindery;

import dev.bindery.config.Failover;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code failover} group option: its values, and the groups it cannot work for, each refused when built. */
class FailoverOptionTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:1/app";

    @Test
    void followIsReadFromMapsAndPropertiesAndDefaultsToNone() {
        try (Binds binds = Binds.fromMap(Map.of("url", PG, "failover", "follow",
                "binds", Map.of("replica-1", Map.of("url", PG, "replicaOf", "default"))), Map.of())) {
            assertThat(binds.config(Binds.DEFAULT).groupOptions().failover()).isEqualTo(Failover.FOLLOW);
            assertThat(binds.groupStatus(Binds.DEFAULT).failover()).isEqualTo(Failover.FOLLOW);
            assertThat(binds.groupStatus(Binds.DEFAULT).primary()).isEqualTo(Binds.DEFAULT);
            assertThat(binds.groupStatus(Binds.DEFAULT).failovers()).isZero();
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:failover-none");
        try (Binds binds = Binds.fromProperties(p, Map.of())) {
            assertThat(binds.config(Binds.DEFAULT).groupOptions().failover()).isEqualTo(Failover.NONE);
        }
    }

    @Test
    void aWrongValueIsAProblemOfTheField() {
        BindConfigException e = catchThrowableOfType(() -> Binds.fromMap(Map.of("url", PG, "failover", "auto"), Map.of()),
                BindConfigException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("failover");
            assertThat(p.message()).isEqualTo("must be none or follow, was 'auto'");
        });
    }

    @Test
    void followRefusesMembersWhoseRoleCannotBeAskedOrThatAreReadOnlyOrElsewhere() {
        BindConfigException e = catchThrowableOfType(() -> Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(PG).failover(Failover.FOLLOW).region("eu"))
                .bind("h2", b -> b.url("jdbc:h2:mem:x").replicaOf(Binds.DEFAULT))
                .bind("maria", b -> b.url("jdbc:mariadb://127.0.0.1:1/app").replicaOf(Binds.DEFAULT))
                .bind("ro", b -> b.url(PG).replicaOf(Binds.DEFAULT).readOnly(true))
                .bind("us", b -> b.url(PG).replicaOf(Binds.DEFAULT).region("us"))
                .build(), BindConfigException.class);
        assertThat(e.problems()).extracting(p -> p.key() + "/" + p.field())
                .containsExactlyInAnyOrder("h2/url", "maria/url", "ro/readOnly", "us/region");
        assertThat(e.problems()).filteredOn(p -> p.key().equals("h2")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("failover=follow").contains("failover=none"));
    }

    @Test
    void followOnAReplicaPointsAtThePrimary() {
        BindConfigException e = catchThrowableOfType(() -> Binds.builder().bind(Binds.DEFAULT, PG)
                .bind("r", b -> b.url(PG).replicaOf(Binds.DEFAULT).option("failover", "follow")).build(), BindConfigException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("set it on the primary 'default'"));
    }
}
