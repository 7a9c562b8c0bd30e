package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.status.TokenRejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across a client's requests, over real HTTP: the starter's filter carries the signed cookie; the
 * H2 replica never receives the primary's rows, so a read that reaches it cannot see a write.
 */
class ReadYourWritesOverHttpTest extends StarterContext {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Binds binds;

    @AfterEach
    void deleteNotes() {
        new JdbcTemplate(binds.dataSource("default")).update("delete from note");
    }

    @Test
    void aGetRightAfterAPostSeesTheWriteWithTheCookieAndAReplicaServesAClientWithout() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/notes")).POST(HttpRequest.BodyPublishers.ofString("hello")), null);
        assertThat(post.statusCode()).isEqualTo(200);
        String cookie = post.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("bindery-ryw=w.").contains("HttpOnly", "SameSite=Lax");
        String id = post.body().replaceAll("\\D", "");
        String value = cookie.substring(0, cookie.indexOf(';'));

        assertThat(send(HttpRequest.newBuilder(uri("/notes/" + id)).GET(), value).statusCode()).as("with the cookie").isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/notes/" + id)).GET(), null).statusCode()).as("another client").isEqualTo(404);
        assertThat(ROUTES).extracting(Route::bind).containsExactly("default", "default", "replica");
    }

    @Test
    void aForgedCookieIsIgnoredAndCounted() throws Exception {
        long before = binds.tokens().ignored().get(TokenRejection.BAD_SIGNATURE);
        String forged = "bindery-ryw=w." + (System.currentTimeMillis() + 3_000) + "!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(send(HttpRequest.newBuilder(uri("/notes/1")).GET(), forged).statusCode()).isEqualTo(404);
        assertThat(ROUTES).extracting(Route::bind).containsExactly("replica");
        assertThat(binds.tokens().ignored().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(before);
    }

    @Test
    void withOpenInViewEachTransactionOfARequestIsRoutedOnItsOwn() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/notes/after-count")).POST(HttpRequest.BodyPublishers.ofString("x")), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ROUTES).extracting(Route::bind).containsExactly("replica", "default");
        assertThat(TestDatabases.notes(PRIMARY)).isEqualTo(1);
    }

    @Test
    void withOpenInViewLazyLoadingInTheViewIsARoutedRead() throws Exception {
        long id = new JdbcTemplate(binds.dataSource("default")).queryForObject(
                "select id from final table (insert into note (text) values ('lazy'))", Long.class);
        ROUTES.clear();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/notes/" + id + "/lazy-text")).GET(), null);
        assertThat(ROUTES).as("the proxy loaded in the view, outside a transaction: a read").extracting(Route::bind).containsExactly("replica");
        assertThat(r.statusCode()).as("the replica has not got the note").isNotEqualTo(200);
    }

    @Test
    void withOpenInViewLazyLoadingInTheViewGoesToThePrimaryOnceTheRequestHasWritten() throws Exception {
        long id = new JdbcTemplate(binds.dataSource("default")).queryForObject(
                "select id from final table (insert into note (text) values ('lazy'))", Long.class);
        ROUTES.clear();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/notes/" + id + "/create-then-lazy-text"))
                .POST(HttpRequest.BodyPublishers.ofString("written first")), null);
        assertThat(ROUTES).as("the write, then the proxy loaded in the view after it").extracting(Route::bind)
                .containsExactly("default", "default");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("only the primary holds the note").isEqualTo("lazy");
        assertThat(TestDatabases.notes(PRIMARY)).isEqualTo(2);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.header("Content-Type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
    }
}
