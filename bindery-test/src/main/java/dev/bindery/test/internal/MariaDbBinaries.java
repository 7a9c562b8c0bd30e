package dev.bindery.test.internal;

import dev.bindery.test.MariaDbClusterException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's MariaDB server binaries: {@code mariadbd} (or {@code mysqld}) and {@code mariadb-install-db} (or
 * {@code mysql_install_db}), looked up only in {@code -Dbindery.mariadb.bin=<dir>} when that is set, else on
 * {@code PATH} and then in the usual system directories ({@code /usr/sbin} is not on every user's PATH).
 *
 * @param server    the server binary
 * @param installDb the script that initialises a data directory
 */
public record MariaDbBinaries(Path server, Path installDb) {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin",
            "/usr/libexec", "/usr/local/mysql/bin", "/usr/local/mysql/scripts", "/opt/homebrew/bin");

    /** The binaries, or empty when this machine has none. */
    public static Optional<MariaDbBinaries> find() {
        List<Path> dirs = new ArrayList<>();
        String configured = System.getProperty("bindery.mariadb.bin");
        if (configured != null && !configured.isBlank()) {
            dirs.add(Path.of(configured));
        } else {
            addSearchPath(dirs);
        }
        Optional<Path> server = first(dirs, "mariadbd", "mysqld");
        Optional<Path> installDb = first(dirs, "mariadb-install-db", "mysql_install_db");
        return server.isPresent() && installDb.isPresent()
                ? Optional.of(new MariaDbBinaries(server.get(), installDb.get())) : Optional.empty();
    }

    private static void addSearchPath(List<Path> dirs) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
    }

    /**
     * The binaries.
     *
     * @throws MariaDbClusterException when they are missing, saying how to install them
     */
    public static MariaDbBinaries require() {
        return find().orElseThrow(() -> new MariaDbClusterException(missingMessage()));
    }

    /** What to do when the binaries are missing. */
    public static String missingMessage() {
        return "No MariaDB server binaries (mariadbd and mariadb-install-db) on PATH or in /usr/sbin, /usr/bin. Install "
                + "them ('sudo apt-get install mariadb-server', 'brew install mariadb'), or point -Dbindery.mariadb.bin at "
                + "the directory holding them. The test cluster runs its own servers; it does not use a running one.";
    }

    private static Optional<Path> first(List<Path> dirs, String... names) {
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
