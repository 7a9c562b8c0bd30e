package dev.bindery.test;

/**
 * Started in a separate JVM by {@link MariaDbNoOrphanProcessesTest}: starts a private MariaDB cluster, prints
 * {@code READY <start millis>} and waits to be killed.
 */
public final class MariaDbClusterInChildJvm {
    private MariaDbClusterInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        MariaDbCluster cluster = MariaDbCluster.builder().name(args[0]).replicas(1).start();
        System.out.println("READY " + cluster.startup().toMillis());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
