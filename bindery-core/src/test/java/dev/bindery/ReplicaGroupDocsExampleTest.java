package dev.bindery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.config.BuiltInBalancer;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The group configuration of docs/replicas.md, built as written (on H2, which the health checks only check for
 * liveness) and routed. The tagged region is shown verbatim there (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class ReplicaGroupDocsExampleTest {

    @Test
    void aWeightedGroupSendsThreeReadsToReplicaOneForEachToReplicaTwo() throws Exception {
        String primaryUrl = H2.url("group");
        String replica1Url = primaryUrl;
        String replica2Url = primaryUrl;
        // tag::group[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(primaryUrl).balancer(BuiltInBalancer.WEIGHTED)
                        .healthCheckInterval(Duration.ofSeconds(1)).causalWait(Duration.ofMillis(50)))
                .bind("replica-1", b -> b.url(replica1Url).replicaOf(Binds.DEFAULT).weight(3)
                        .maxReplicationLag(Duration.ofSeconds(5)))
                .bind("replica-2", b -> b.url(replica2Url).replicaOf(Binds.DEFAULT).weight(1)
                        .maxReplicationLagBytes(16 * 1024 * 1024))
                .build();
        // end::group[]
        try (binds) {
            for (int i = 0; i < 400; i++) {
                try (BindScope s = BindContext.readOnly(); Connection c = binds.routingDataSource().getConnection()) {
                    c.createStatement().execute("select 1");
                }
            }
            assertThat(binds.status("replica-1").reads() + binds.status("replica-2").reads()).isEqualTo(400);
            assertThat(binds.status("replica-1").reads()).isBetween(270L, 330L);   // 3:1 within ±10%
            assertThat(binds.status(Binds.DEFAULT).reads()).isZero();
        }
    }
}
