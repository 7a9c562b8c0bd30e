package dev.bindery.test.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A data directory made by {@code initdb} once per cache and never started. Every node of every cluster is a copy
 * of it: copying before the first start is what lets a copy follow another copy as a streaming replica.
 */
public final class DataTemplate {
    /** WAL segment size: 1 MB instead of 16 MB makes each copy 15 MB smaller. {@link Lsn} relies on it. */
    static final int WAL_SEGMENT_MB = 1;

    /** Settings for a fast, throw-away test server; node-specific settings are added to each copy. */
    static final String SETTINGS = String.join("\n",
            "",
            "# --- bindery-test ---",
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "wal_level = replica",
            "hot_standby = on",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "shared_buffers = 16MB",
            "max_connections = 100",
            "wal_keep_size = 256MB",
            "wal_receiver_status_interval = 1s",
            "wal_retrieve_retry_interval = 100ms",
            "jit = off",
            "log_min_messages = warning",
            "log_connections = off",
            "");

    private DataTemplate() {
    }

    /** The template data directory, made with initdb when the cache has none yet. */
    public static Path ensure(CacheDirectory cache, PgBinaries binaries, ServerAccount account) {
        Path dir = cache.ensure("template-" + binaries.version() + "-wal" + WAL_SEGMENT_MB + "m", tmp -> {
            account.own(tmp);
            Path data = tmp.resolve("data");
            ProcessRunner.runOrFail(account.command(List.of(binaries.bin("initdb"), "-D", data.toString(),
                            "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync",
                            "--wal-segsize=" + WAL_SEGMENT_MB)),
                    Duration.ofMinutes(2), "initdb failed while preparing the PostgreSQL template in " + data);
            Files.writeString(data.resolve("postgresql.conf"), SETTINGS, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        });
        return dir.resolve("data");
    }
}
