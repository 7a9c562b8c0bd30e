package dev.bindery.architecture;

import org.junit.jupiter.api.Test;

import dev.bindery.docs.RepositoryRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No production source file grows past {@value #LIMIT} lines unless its header says why (ARCHITECTURE.md, "Small
 * classes"): a long class is a class with more than one job until someone writes down the reason it is not.
 */
class ProductionClassesStaySmallTest {
    static final int LIMIT = 400;
    static final String REASON = "Why this class is over 400 lines:";

    @Test
    void everyLongProductionClassSaysWhy() throws IOException {
        Path root = RepositoryRoot.find();
        List<String> unexplained;
        try (Stream<Path> files = Files.walk(root)) {
            unexplained = files
                    .filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> lines(p).size() > LIMIT && lines(p).stream().noneMatch(l -> l.contains(REASON)))
                    .map(p -> root.relativize(p) + " (" + lines(p).size() + " lines)")
                    .sorted()
                    .toList();
        }
        assertThat(unexplained)
                .as("split these classes, or give each a paragraph in its header starting '" + REASON + "'")
                .isEmpty();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
