package dev.bindery.test.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tiny {@code sh} process that outlives a killed JVM: it waits for the JVM's pid to disappear, then shuts down the
 * cluster's servers and deletes the cluster directory: first SIGKILL to the daemons that would restart a server
 * (Patroni and etcd, whose pids are in {@code <cluster>/*.pid}), then SIGQUIT and SIGKILL to PostgreSQL postmasters
 * and MariaDB {@code mariadbd}, found by their pid files. Disabled with
 * {@code -Dbindery.pg.watchdog=false}; a later start then cleans up instead (see {@link OrphanReaper}).
 */
final class Watchdog {
    private static final String SCRIPT = String.join("\n",
            "trap '' INT TERM HUP",
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done",
            "for f in \"$2\"/*.pid; do [ -f \"$f\" ] && kill -KILL \"$(head -n 1 \"$f\")\" 2>/dev/null; done",
            "for f in \"$2\"/*/postmaster.pid \"$2\"/*/mariadbd.pid; do [ -f \"$f\" ] && kill -QUIT \"$(head -n 1 \"$f\")\" 2>/dev/null; done",
            "sleep 2",
            "for f in \"$2\"/*/postmaster.pid \"$2\"/*/mariadbd.pid; do [ -f \"$f\" ] && kill -KILL \"$(head -n 1 \"$f\")\" 2>/dev/null; done",
            "rm -rf \"$2\"",
            "");

    private Watchdog() {
    }

    /** Starts a watchdog for {@code clusterDir}, or returns null when disabled or when {@code sh} is missing. */
    static Process start(Path clusterDir) {
        if ("false".equals(System.getProperty("bindery.pg.watchdog"))) {
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", SCRIPT, "bindery-pg-watchdog",
                String.valueOf(ProcessHandle.current().pid()), clusterDir.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return pb.start();
        } catch (IOException e) {
            return null;
        }
    }
}
