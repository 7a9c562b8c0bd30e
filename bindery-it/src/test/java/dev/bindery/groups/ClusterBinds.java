package dev.bindery.groups;

import dev.bindery.BindConfig;
import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/** Binds over a test cluster with fast health checks, and small SQL helpers for the replica-group tests. */
final class ClusterBinds {
    private ClusterBinds() {
    }

    static Binds.Builder builder(ReplicatedDatabase cluster, Consumer<BindConfig.Builder> primaryOptions) {
        Binds.Builder b = Binds.builder().bind(Binds.DEFAULT, o -> {
            o.url(cluster.jdbcUrl()).poolSize(8).connectionTimeout(Duration.ofSeconds(2))
                    .healthCheckInterval(Duration.ofMillis(200)).healthCheckTimeout(Duration.ofMillis(500));
            primaryOptions.accept(o);
        });
        for (Node replica : cluster.replicas()) {
            b.bind(replica.name(), o -> o.url(cluster.jdbcUrl(replica)).replicaOf(Binds.DEFAULT).poolSize(8)
                    .connectionTimeout(Duration.ofSeconds(1)));
        }
        return b;
    }

    static void execute(ReplicatedDatabase cluster, String sql) throws SQLException {
        try (Connection c = cluster.connect(cluster.primary()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The port of the server a connection is on, which tells the nodes apart. */
    static int serverPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
