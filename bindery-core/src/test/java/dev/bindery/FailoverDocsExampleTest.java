package dev.bindery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.config.Failover;
import dev.bindery.status.GroupStatus;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failover examples of docs/replicas.md, compiled and run as written: a {@code failover=follow} group (built
 * without connecting, so PostgreSQL URLs need no server here) and a write that retries once when the primary changed
 * (on H2). The tagged regions are shown verbatim there (DocSnippetsAreCompiledTest in bindery-it checks them).
 */
class FailoverDocsExampleTest {

    @Test
    void aFollowingGroupStartsWithTheConfiguredPrimary() {
        String node1 = "jdbc:postgresql://10.0.0.1:5432/app";
        String node2 = "jdbc:postgresql://10.0.0.2:5432/app";
        String node3 = "jdbc:postgresql://10.0.0.3:5432/app";
        // tag::follow[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(node1).failover(Failover.FOLLOW)
                        .healthCheckInterval(Duration.ofMillis(500)))
                .bind("node-2", b -> b.url(node2).replicaOf(Binds.DEFAULT))
                .bind("node-3", b -> b.url(node3).replicaOf(Binds.DEFAULT))
                .build();
        GroupStatus roles = binds.groupStatus(Binds.DEFAULT);   // primary, timeline, failovers, splitBrain, ...
        // end::follow[]
        try (binds) {
            assertThat(roles.primary()).isEqualTo(Binds.DEFAULT);
            assertThat(roles.failover()).isEqualTo(Failover.FOLLOW);
            assertThat(roles.failovers()).isZero();
            assertThat(roles.splitBrain()).isEmpty();
        }
    }

    @Test
    void aWriteRetriesOnceWhenThePrimaryChanged() throws Exception {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, H2.url("failover-docs")).build()) {
            binds.withWriteConnection(Binds.DEFAULT, c -> c.createStatement().execute("create table note (id int primary key)"));
            int id = 7;
            // tag::retry-write[]
            for (int attempt = 1; ; attempt++) {
                try {
                    binds.withWriteConnection(Binds.DEFAULT, c -> {
                        try (PreparedStatement p = c.prepareStatement("insert into note (id) values (?)")) {
                            p.setInt(1, id);
                            return p.executeUpdate();
                        }
                    });
                    break;
                } catch (PrimaryChangedException e) {   // rolled back (its message says if the commit was cut)
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            // end::retry-write[]
            assertThat(binds.<Integer, RuntimeException>withReadConnection(Binds.DEFAULT, c -> {
                try (var rs = c.createStatement().executeQuery("select count(*) from note where id = 7")) {
                    rs.next();
                    return rs.getInt(1);
                }
            })).isEqualTo(1);
        }
    }
}
