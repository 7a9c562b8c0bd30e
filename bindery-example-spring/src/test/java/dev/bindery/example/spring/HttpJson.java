package dev.bindery.example.spring;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of one application over real HTTP (java.net.http), keeping cookies like a browser, so a setup that carries
 * read-your-writes in a cookie gets it back on the next request.
 */
public final class HttpJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client;

    /** A client of {@code http://127.0.0.1:<port>} with a cookie jar of its own. */
    public HttpJson(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A status and the JSON body (a missing node when the body is empty or not JSON). */
    public record Reply(int status, JsonNode body) {
        /** The body, after checking that the status is {@code expected}. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return body;
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body;
            try {
                body = text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
            } catch (RuntimeException notJson) {
                body = JSON.getNodeFactory().textNode(text);
            }
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
