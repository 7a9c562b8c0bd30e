package dev.bindery.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo command of README.md and docs/web.md shows progress from its first second: a quiet Maven ({@code -q}) printed
 * nothing for the whole build (17-48 s on a fresh machine) before the demo's first line.
 */
class DemoCommandTest {

    private static List<String> demoCommands() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("bindery-example"))) {
            root = root.getParent();
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(root.resolve("README.md")));
        lines.addAll(Files.readAllLines(root.resolve("docs/web.md")));
        return lines.stream().filter(l -> l.contains("exec:java")).toList();
    }

    @Test
    void everyDemoCommandInTheDocsShowsMavensProgress() throws IOException {
        List<String> commands = demoCommands();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(6).allSatisfy(c -> assertThat(c)
                .contains("./mvnw -pl bindery-example -am -DskipTests package exec:java")
                .doesNotContain(" -q ").doesNotContain("--quiet"));
    }
}
