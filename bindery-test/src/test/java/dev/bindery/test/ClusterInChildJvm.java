package dev.bindery.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Started in a separate JVM by {@link NoOrphanProcessesTest}: starts a private cluster, prints
 * {@code READY <start millis> <postmaster pid>...} and waits to be killed.
 */
public final class ClusterInChildJvm {
    private ClusterInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        PostgresCluster cluster = PostgresCluster.builder().name(args[0]).replicas(Integer.parseInt(args[1])).start();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> pids = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            try (Connection c = cluster.connect(node); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pids.add(String.valueOf(ProcessHandle.of(rs.getLong(1)).orElseThrow().parent().orElseThrow().pid()));
            }
        }
        System.out.println("READY " + millis + " " + String.join(" ", pids));
        System.out.flush();
        if (args.length > 2 && args[2].equals("exit")) {
            cluster.close();
            return;
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
