package dev.bindery.test.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Patroni's REST API ({@code GET /cluster}) and etcd's {@code /health} on loopback, with short timeouts. The
 * {@code /cluster} answer is a list of flat member objects, read here with a few patterns (bindery-test has no JSON
 * library and needs only name, role, state and timeline).
 */
final class PatroniRest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern MEMBER = Pattern.compile("\\{[^{}]*}");
    private static final Pattern STRING = Pattern.compile("\"(name|role|state)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern TIMELINE = Pattern.compile("\"timeline\"\\s*:\\s*(\\d+)");

    private PatroniRest() {
    }

    /** The body of {@code GET http://127.0.0.1:<port><path>}, or null when it does not answer 200 within 2 s. */
    static String get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The cluster as the first answering member sees it, or an empty list when none answers. */
    static List<Member> cluster(List<Integer> restPorts) {
        for (int port : restPorts) {
            String body = get(port, "/cluster");
            if (body != null) {
                return parse(body);
            }
        }
        return List.of();
    }

    static List<Member> parse(String body) {
        int start = body.indexOf("\"members\"");
        List<Member> members = new ArrayList<>();
        if (start < 0) {
            return members;
        }
        Matcher m = MEMBER.matcher(body);
        m.region(start, body.length());
        while (m.find()) {
            String object = m.group();
            String name = null;
            String role = "";
            String state = "";
            Matcher s = STRING.matcher(object);
            while (s.find()) {
                switch (s.group(1)) {
                    case "name" -> name = s.group(2);
                    case "role" -> role = s.group(2);
                    default -> state = s.group(2);
                }
            }
            Matcher t = TIMELINE.matcher(object);
            int timeline = t.find() ? Integer.parseInt(t.group(1)) : 0;
            if (name != null) {
                members.add(new Member(name, role, state, timeline));
            }
        }
        return members;
    }

    /**
     * One member as Patroni reports it.
     *
     * @param name     the member name
     * @param role     {@code leader}, {@code replica}, {@code sync_standby}, ...
     * @param state    {@code running}, {@code streaming}, {@code starting}, {@code stopped}, ...
     * @param timeline its timeline, 0 when not reported
     */
    record Member(String name, String role, String state, int timeline) {
        boolean isLeader() {
            return "leader".equals(role);
        }

        boolean isUp() {
            return "running".equals(state) || "streaming".equals(state);
        }
    }
}
