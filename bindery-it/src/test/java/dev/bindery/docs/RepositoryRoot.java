package dev.bindery.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root directory from the module directory the tests run in. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    /** The repository root: the nearest directory, from the working directory up, with README.md and the parent pom. */
    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(pom)) {
                try {
                    if (Files.readString(pom).contains("<module>bindery-core</module>")) {
                        return d;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("No repository root (README.md next to a pom.xml listing <module>bindery-core</module>)"
                + " above " + dir + ". Run this test from inside the Bindery repository.");
    }
}
