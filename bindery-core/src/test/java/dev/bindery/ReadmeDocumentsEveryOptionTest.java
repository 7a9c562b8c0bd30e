package dev.bindery;

import dev.bindery.config.BindOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README is the settings manual: every bind option appears in its table with its default. */
class ReadmeDocumentsEveryOptionTest {
    @Test
    void everyBindOptionHasARowInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (BindOption option : BindOption.values()) {
            assertThat(readme).contains("| `" + option.optionName() + "` | " + option.defaultValue() + " |");
        }
    }
}
