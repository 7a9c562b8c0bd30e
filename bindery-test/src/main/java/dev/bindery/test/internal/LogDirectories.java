package dev.bindery.test.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a test server writes its logs when the caller names no folder: {@code target/<folder>/<name>} (or
 * {@code build/...} in a Gradle project), under the parent that system property {@code property} names if set.
 * A name already used in this JVM gets a suffix, so two clusters never share a log.
 */
final class LogDirectories {
    private static final Set<Path> TAKEN = new HashSet<>();

    private LogDirectories() {
    }

    static Path unique(String property, String folder, String name) {
        String parent = System.getProperty(property);
        Path base = parent != null ? Path.of(parent)
                : Files.isDirectory(Path.of("build")) && !Files.isDirectory(Path.of("target"))
                ? Path.of("build", folder) : Path.of("target", folder);
        synchronized (TAKEN) {
            Path dir = base.resolve(name).toAbsolutePath();
            for (int i = 2; !TAKEN.add(dir); i++) {
                dir = base.resolve(name + "-" + i).toAbsolutePath();
            }
            return dir;
        }
    }
}
