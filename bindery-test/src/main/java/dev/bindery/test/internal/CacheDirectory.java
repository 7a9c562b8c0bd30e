package dev.bindery.test.internal;

import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory that holds unpacked binaries, the initdb template and the data directories of running clusters.
 * Defaults to {@code ${java.io.tmpdir}/bindery-pg-<user>} (readable by the {@code nobody} account, unlike root's home);
 * override with the system property {@code bindery.pg.cache} or the environment variable {@code BINDERY_PG_CACHE}.
 */
public final class CacheDirectory {
    private static final Object IN_JVM_LOCK = new Object();

    private final Path root;

    private CacheDirectory(Path root) {
        this.root = root;
    }

    /** The cache directory configured for this JVM, created when missing. */
    public static CacheDirectory current() {
        String configured = System.getProperty("bindery.pg.cache", System.getenv("BINDERY_PG_CACHE"));
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "bindery-pg-" + System.getProperty("user.name"));
        CacheDirectory cache = new CacheDirectory(dir.toAbsolutePath());
        cache.createWorldReadable(cache.root);
        return cache;
    }

    /** The cache's root path. */
    public Path root() {
        return root;
    }

    /**
     * Where the data directories of running clusters go: {@code /dev/shm/bindery-pg-<user>/clusters} when that
     * memory file system is there (copying a data directory there is ten times faster than to disk, and the data is
     * throw-away anyway), else {@code clusters} in the cache. Override with {@code -Dbindery.pg.data=<dir>}.
     */
    public Path clustersDirectory() {
        String configured = System.getProperty("bindery.pg.data");
        Path shm = Path.of("/dev/shm");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
                : Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm.resolve("bindery-pg-" + System.getProperty("user.name")).resolve("clusters")
                : root.resolve("clusters");
        createWorldReadable(dir.getParent());
        createWorldReadable(dir);
        return dir;
    }

    /** Creates {@code dir} with mode 755 so that the server account can read and traverse it. */
    public void createWorldReadable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new PostgresClusterException("Could not create " + dir + ": " + e.getMessage()
                    + ". Set -Dbindery.pg.cache=<writable dir> to use another cache directory.", e);
        }
    }

    /** Runs {@code action} while holding an exclusive lock shared by all JVMs using this cache. */
    public <T> T locked(String lockName, IoAction<T> action) {
        synchronized (IN_JVM_LOCK) {
            Path lockFile = root.resolve(lockName + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.run();
            } catch (IOException e) {
                throw new PostgresClusterException("Could not prepare " + lockName + " in " + root + ": " + e.getMessage()
                        + ". Delete " + root + " and retry.", e);
            }
        }
    }

    /**
     * Returns {@code root/name}, building it first when missing. The builder fills a private temporary directory that
     * is then renamed into place atomically, under a lock, so racing JVMs never see a half-built directory.
     */
    public Path ensure(String name, DirectoryBuilder builder) {
        Path target = root.resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        return locked(name, () -> {
            if (Files.isDirectory(target)) {
                return target;
            }
            Path tmp = root.resolve(name + ".tmp-" + ProcessHandle.current().pid());
            deleteRecursively(tmp);
            createWorldReadable(tmp);
            builder.build(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        });
    }

    /** Deletes a directory tree, ignoring files that are already gone. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a concurrent cleanup may have removed it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort
        }
    }

    /** Work done under the cache lock. */
    @FunctionalInterface
    public interface IoAction<T> {
        /** Runs the action. */
        T run() throws IOException;
    }

    /** Fills a fresh directory. */
    @FunctionalInterface
    public interface DirectoryBuilder {
        /** Fills {@code dir}. */
        void build(Path dir) throws IOException;
    }
}
