package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.spring.TransactionRoutingDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Spring Boot quick start: its three properties, exactly as printed, start the starter. */
class SpringBootQuickStartTest {

    @Test
    void theReadmesThreePropertiesGiveBindsAndTheRoutingDataSource() throws Exception {
        List<String> properties = readmeProperties();
        assertThat(properties).hasSize(3);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BinderyAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Binds binds = context.getBean(Binds.class);           // no connection opened yet
                    assertThat(binds.keys()).containsExactly("default", "replica");
                    assertThat(binds.replicas("default")).containsExactly("replica");
                    assertThat(context.getBean(DataSource.class)).isInstanceOf(TransactionRoutingDataSource.class);
                });
    }

    /** The lines of the properties block of the README's "Quick start: Spring Boot" section. */
    private static List<String> readmeProperties() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Quick start: Spring Boot"));
        String block = section.substring(section.indexOf("```properties") + "```properties".length());
        block = block.substring(0, block.indexOf("```"));
        return block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
