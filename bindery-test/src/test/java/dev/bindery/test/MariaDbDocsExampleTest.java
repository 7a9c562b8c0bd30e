package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB example of docs/testing.md, compiled and run so that the page cannot rot. The tagged region is shown
 * verbatim there (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
// tag::mariadb-replication[]
@MariaDbReplication(replicas = 1)
class MariaDbDocsExampleTest {

    @Test
    void aTokenReadNeverSeesStaleDataWhileTheReplicaIsPaused(MariaDbCluster db) throws Exception {
        try (Binds binds = db.bindsBuilder((node, b) -> {
                    if (node.isPrimary()) {                        // group options live on the primary
                        b.healthCheckInterval(Duration.ofMillis(200));
                    }
                }).build()) {
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
                st.execute("create table orders (id int primary key)");
            }
            db.awaitCaughtUp(Duration.ofSeconds(30));
            db.pauseReplication(db.replica(1));                    // STOP SLAVE SQL_THREAD
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement st = c.createStatement()) {
                st.execute("insert into orders values (1)");
            }
            try (BindScope s = BindContext.after(binds.causalToken(Binds.DEFAULT))) {   // default~<GTID sequence>
                long n = binds.withReadConnection(Binds.DEFAULT, c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("select count(*) from orders")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                assertThat(n).isEqualTo(1);                        // served by the primary
            }
            db.resumeReplication(db.replica(1));                   // START SLAVE SQL_THREAD
        }
    }
}
// end::mariadb-replication[]
