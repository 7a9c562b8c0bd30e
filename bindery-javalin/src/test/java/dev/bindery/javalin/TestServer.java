package dev.bindery.javalin;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A Javalin app started on a free port, and a java.net.http client for it. */
final class TestServer implements AutoCloseable {
    final Javalin app;
    final HttpClient client;
    final String base;

    TestServer(Consumer<JavalinConfig> config) {
        this.app = Javalin.create(config).start(0);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.base = "http://localhost:" + app.port();
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> patch(String path, String body, String... headers) {
        return send(request(path, headers).method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE().build());
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of cookie {@code name} set by {@code response}, or null. */
    static String cookie(HttpResponse<?> response, String name) {
        for (String h : response.headers().allValues("Set-Cookie")) {
            if (h.startsWith(name + "=")) {
                int end = h.indexOf(';');
                return h.substring(name.length() + 1, end < 0 ? h.length() : end);
            }
        }
        return null;
    }

    @Override
    public void close() {
        app.stop();
    }
}
