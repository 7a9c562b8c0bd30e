package dev.bindery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The EU/US deployment of docs/residency.md, with in-memory H2 databases standing in for the five servers. The tagged
 * region is shown verbatim there (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class ResidencyDocsExampleTest {

    @Test
    void euResidentReadsUseTheEuReplicaOnlyAndNeedARegion() throws Exception {
        String servedBy = null;
        // tag::eu-us[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, "jdbc:h2:mem:reference")                               // non-resident reference data
                .bind("users@eu", "jdbc:h2:mem:eu-primary")
                .bind("eu-replica", b -> b.url("jdbc:h2:mem:eu-replica").replicaOf("users@eu").region("eu"))
                .bind("us-replica-of-eu", b -> b.url("jdbc:h2:mem:us-replica").replicaOf("users@eu").region("us"))
                .bind("users@us", "jdbc:h2:mem:us-primary")
                .build();

        try (BindScope r = BindContext.region("eu"); BindScope reads = BindContext.readOnly("users");
             Connection c = binds.routingDataSource().getConnection()) {
            servedBy = c.getMetaData().getURL();         // jdbc:h2:mem:eu-replica; never us-replica-of-eu
        }
        try (BindScope reads = BindContext.readOnly("users")) {
            assertThatThrownBy(() -> binds.routingDataSource().getConnection())   // no region
                    .isInstanceOf(ResidencyRequiredException.class);
        }
        // end::eu-us[]
        try (binds) {
            assertThat(servedBy).isEqualTo("jdbc:h2:mem:eu-replica");
            for (int i = 0; i < 20; i++) {
                try (BindScope r = BindContext.region("eu"); BindScope reads = BindContext.readOnly("users");
                     Connection c = binds.routingDataSource().getConnection()) {
                    assertThat(c.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:eu-replica");
                }
            }
            assertThat(binds.status("us-replica-of-eu").reads()).isZero();
        }
    }
}
