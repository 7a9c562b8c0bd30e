package dev.bindery.test.internal;

import dev.bindery.test.PatroniClusterException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's Patroni cluster binaries: {@code patroni}, {@code patronictl} and {@code etcd} (on {@code PATH}, then
 * in {@code /usr/bin} and the like), and the directory of a PostgreSQL installation that has {@code pg_basebackup}
 * ({@code -Dbindery.patroni.pgbin=<dir>}, else the newest {@code /usr/lib/postgresql/<major>/bin}, else
 * {@code /usr/pgsql-<major>/bin}). Patroni needs {@code pg_basebackup} to build replicas, which the Maven binaries
 * artifact does not ship.
 *
 * @param patroni    the Patroni daemon
 * @param patronictl Patroni's command-line client
 * @param etcd       the etcd server
 * @param pgBin      PostgreSQL's bin directory
 */
public record PatroniBinaries(Path patroni, Path patronictl, Path etcd, Path pgBin) {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin");

    /** The binaries, or empty when any is missing. */
    public static Optional<PatroniBinaries> find() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
        Optional<Path> patroni = first(dirs, "patroni");
        Optional<Path> patronictl = first(dirs, "patronictl");
        Optional<Path> etcd = first(dirs, "etcd");
        Optional<Path> pgBin = findPgBin();
        if (patroni.isEmpty() || patronictl.isEmpty() || etcd.isEmpty() || pgBin.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PatroniBinaries(patroni.get(), patronictl.get(), etcd.get(), pgBin.get()));
    }

    /**
     * The binaries.
     *
     * @throws PatroniClusterException when any is missing, saying how to install them
     */
    public static PatroniBinaries require() {
        return find().orElseThrow(() -> new PatroniClusterException(missingMessage()));
    }

    /** What to do when the binaries are missing. */
    public static String missingMessage() {
        return "The Patroni test cluster needs patroni, patronictl and etcd on PATH or in /usr/bin, and a PostgreSQL "
                + "installation with pg_basebackup (/usr/lib/postgresql/<major>/bin, or -Dbindery.patroni.pgbin=<dir>). "
                + "Install them with 'sudo apt-get install patroni etcd-server postgresql' (Debian/Ubuntu); "
                + "the cluster runs its own servers on free ports and never uses a running one.";
    }

    /** The path of a PostgreSQL executable. */
    public String pg(String name) {
        return pgBin.resolve(name).toString();
    }

    private static Optional<Path> findPgBin() {
        String configured = System.getProperty("bindery.patroni.pgbin");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return hasServer(dir) ? Optional.of(dir) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        candidates.addAll(children(Path.of("/usr/lib/postgresql"), ""));        // Debian, Ubuntu: <major>/bin
        candidates.addAll(children(Path.of("/usr"), "pgsql-"));                // PGDG RPMs: /usr/pgsql-<major>/bin
        return candidates.stream().map(p -> p.resolve("bin")).filter(PatroniBinaries::hasServer)
                .max(Comparator.comparingInt(PatroniBinaries::major));
    }

    private static List<Path> children(Path root, String prefix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int major(Path bin) {
        String dir = bin.getParent().getFileName().toString().replaceAll("\\D", "");
        return dir.isEmpty() ? 0 : Integer.parseInt(dir.substring(0, Math.min(dir.length(), 4)));
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("pg_basebackup"))
                && Files.isExecutable(bin.resolve("initdb"));
    }

    private static Optional<Path> first(List<Path> dirs, String name) {
        for (Path dir : dirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
