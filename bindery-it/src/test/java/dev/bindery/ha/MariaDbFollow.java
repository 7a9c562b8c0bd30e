package dev.bindery.ha;

import dev.bindery.Binds;
import dev.bindery.config.Failover;
import dev.bindery.test.MariaDbCluster;
import java.time.Duration;

/** Binds over a MariaDB test cluster whose group follows a promoted replica. */
final class MariaDbFollow {
    private MariaDbFollow() {
    }

    static Binds binds(MariaDbCluster db, Duration check) {
        return db.bindsBuilder((node, b) -> {
            b.poolSize(6).connectionTimeout(Duration.ofSeconds(1));
            if (node.isPrimary()) {
                b.healthCheckInterval(check).healthCheckTimeout(Duration.ofMillis(500)).failover(Failover.FOLLOW);
            }
        }).build();
    }
}
