package dev.bindery.example.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of one application over real HTTP (java.net.http), keeping cookies like a browser (RFC 6265: it sends back
 * {@code name=value} of each {@code Set-Cookie}), so a setup that carries read-your-writes in a cookie gets it back on
 * the next request. Not {@link java.net.CookieManager}: it sends a cookie with {@code Max-Age} in the RFC 2965 form
 * ({@code $Version="1"; name="value"}), which no browser does.
 */
public final class HttpJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client;
    private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();

    /** A client of {@code http://127.0.0.1:<port>} with a cookie jar of its own. */
    public HttpJson(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A status, the headers and the JSON body (a missing node when the body is empty; text when not JSON). */
    public record Reply(int status, java.net.http.HttpHeaders headers, JsonNode body) {
        /** The body, after checking that the status is {@code expected}. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body + " " + headers.map());
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

    private synchronized Reply send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
            request.header("Cookie", header.toString());
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("set-cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    boolean expired = setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                    if (expired) {
                        cookies.remove(pair.substring(0, eq).strip());
                    } else {
                        cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                }
            }
            String text = response.body();
            JsonNode body;
            try {
                body = text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
            } catch (RuntimeException notJson) {
                body = JSON.getNodeFactory().textNode(text);
            }
            return new Reply(response.statusCode(), response.headers(), body);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
