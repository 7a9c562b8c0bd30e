package dev.bindery.spring.boot;

import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.spring.boot.app.NoteController;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The starter with {@code spring.jpa.open-in-view=false} (its own context, over the same H2 databases as
 * {@link StarterContext}; the H2 replica never receives the primary's rows, so a read that reaches it cannot see a
 * write). Each repository transaction of a request is routed on its own, the read after the write goes to the primary,
 * and lazy loading after a transaction fails in Hibernate without taking a connection.
 */
class OpenInViewOffTest extends StarterContext {
    @DynamicPropertySource
    static void openInViewOff(DynamicPropertyRegistry r) {
        r.add("spring.jpa.open-in-view", () -> "false");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Binds binds;
    @Autowired
    NoteController controller;

    @AfterEach
    void deleteNotes() {
        new JdbcTemplate(binds.dataSource("default")).update("delete from note");
    }

    @Test
    void withoutOpenInViewAReadAWriteAndAReadOfOneRequestAreEachRoutedAndTheLastReadsTheWrite() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/notes/count-create-find"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("written")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("the read after the write found the row").contains("\"found\":\"written\"");
        assertThat(ROUTES).extracting(Route::bind).as("read, write, read-your-writes").containsExactly("replica", "default", "default");
        assertThat(TestDatabases.notes(PRIMARY)).isEqualTo(1);
        assertThat(TestDatabases.notes(REPLICA)).isZero();
    }

    @Test
    void withoutOpenInViewLazyLoadingAfterTheTransactionFailsInHibernateAndRoutesNothing() throws Exception {
        long id = new JdbcTemplate(binds.dataSource("default")).queryForObject(
                "select id from final table (insert into note (text) values ('lazy'))", Long.class);
        ROUTES.clear();

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/notes/" + id + "/lazy-text"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as("the view could not load the note").isEqualTo(500);
        assertThat(ROUTES).as("the reference's transaction sent no statement; the proxy found no session (with open-in-view"
                + " it would be a read routed to the replica)").isEmpty();
        assertThatThrownBy(() -> controller.lazyText(id)).isInstanceOf(LazyInitializationException.class);
        assertThat(ROUTES).isEmpty();
    }
}
