package dev.bindery.example.recipe;

import dev.bindery.example.spring.ExampleApplication;
import dev.bindery.example.spring.probe.ReplicaPin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The same example application, its same controllers, repositories and probes, with the hand-written recipe
 * ({@link ReadOnlyRoutingRecipe}) as its DataSource instead of the Bindery starter, whose auto-configurations are
 * excluded. Listens on a random port.
 */
public final class RecipeApplication {
    private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private RecipeApplication() {
    }

    /** The recipe's pin: its thread-local routing key. */
    @Configuration(proxyBeanMethods = false)
    static class RecipePin {
        @Bean
        ReplicaPin replicaPin() {
            return new ReplicaPin() {
                @Override
                public <T> T onReplica(Supplier<T> work) {
                    return RoutingKey.with(ReadOnlyRoutingRecipe.REPLICA, work);
                }
            };
        }
    }

    /** Starts the recipe's application with {@code properties} (the recipe's URLs). */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(ExampleApplication.class, ReadOnlyRoutingRecipe.class, RecipePin.class)
                .properties(properties)
                .properties(Map.of("server.port", "0", "example.setup", "recipe",
                        "spring.autoconfigure.exclude", String.join(",", binderyAutoConfigurations())))
                .run();
    }

    /** Every Bindery auto-configuration on the class path, to exclude. */
    static List<String> binderyAutoConfigurations() {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(RecipeApplication.class.getClassLoader().getResources(IMPORTS))) {
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String name = line.strip();
                        if (name.startsWith("dev.bindery.")) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
