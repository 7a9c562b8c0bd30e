package dev.bindery.javalin;

import dev.bindery.Binds;
import dev.bindery.hibernate.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver's region reaches the router's residency rule: a request's customers are written to and read from the
 * database of its region only, picked from a header or from the authenticated tenant; without a region nothing runs.
 */
class ResidencyByRequestTest {
    private final String eu = "jdbc:h2:mem:residency-eu-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final String us = "jdbc:h2:mem:residency-us-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Binds binds;
    private Database db;
    private TestServer server;

    @BeforeEach
    void start() {
        binds = Binds.builder()
                .bind(Binds.DEFAULT, "jdbc:h2:mem:residency-ref-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .bind("customers@eu", eu)
                .bind("customers@us", us)
                .build();
        db = Database.builder(binds).entities(Customer.class).build();
        db.createAll("customers@eu", "customers@us");
        RequestResolver byTenant = RequestResolver.regionOfTenant(ctx -> ctx.header("X-Tenant"),
                Map.of("acme", "eu", "globex", "us"));
        RequestResolver byHeader = RequestResolver.regionFromHeader("X-Region");
        server = new TestServer(cfg -> {
            cfg.registerPlugin(new BinderyPlugin(p -> p.session(db).bindHeader("X-Bind")
                    .resolver(ctx -> ctx.header("X-Tenant") != null ? byTenant.resolve(ctx) : byHeader.resolve(ctx))));
            cfg.routes.post("/customers", ctx -> {
                Bindery.session(ctx).persist(new Customer(ctx.body()));
                ctx.status(201);
            });
            cfg.routes.get("/customers", ctx -> ctx.result(String.join(",", Bindery.session(ctx)
                    .createSelectionQuery("select c.name from Customer c order by c.id", String.class).getResultList())));
        });
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
        binds.close();
    }

    private static List<String> names(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name from Customer order by id")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void eachRequestsCustomersStayInItsRegion() throws SQLException {
        HttpResponse<String> ada = server.post("/customers", "Ada", "X-Region", "eu");
        assertThat(ada.statusCode()).isEqualTo(201);
        assertThat(ada.headers().firstValue("X-Bind")).hasValue("customers@eu");
        assertThat(server.post("/customers", "Grace", "X-Region", "us").headers().firstValue("X-Bind"))
                .hasValue("customers@us");

        assertThat(names(eu)).containsExactly("Ada");
        assertThat(names(us)).containsExactly("Grace");
        assertThat(server.get("/customers", "X-Region", "eu").body()).isEqualTo("Ada");
        assertThat(server.get("/customers", "X-Region", "us").body()).isEqualTo("Grace");
    }

    @Test
    void theTenantsRegionDecides() throws SQLException {
        assertThat(server.post("/customers", "Acme buyer", "X-Tenant", "acme").statusCode()).isEqualTo(201);
        assertThat(server.post("/customers", "Globex buyer", "X-Tenant", "globex").statusCode()).isEqualTo(201);
        assertThat(names(eu)).containsExactly("Acme buyer");
        assertThat(names(us)).containsExactly("Globex buyer");
    }

    @Test
    void aRequestWithoutARegionTouchesNoResidentData() throws SQLException {
        HttpResponse<String> r = server.post("/customers", "Nobody");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("jdbc:");
        assertThat(server.post("/customers", "Unknown tenant", "X-Tenant", "initech").statusCode()).isEqualTo(500);
        assertThat(names(eu)).isEmpty();
        assertThat(names(us)).isEmpty();
    }

    @Test
    void concurrentRequestsOfMixedRegionsEachTouchOnlyTheirRegion() throws Exception {
        int requests = 400;
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String region = i % 2 == 0 ? "eu" : "us";
            boolean write = i % 3 != 0;
            int n = i;
            outcomes.add(clients.submit(() -> {
                HttpResponse<String> r = write
                        ? server.post("/customers", region + "-" + n, "X-Region", region)
                        : server.get("/customers", "X-Region", region);
                assertThat(r.statusCode()).isBetween(200, 201);
                assertThat(r.headers().firstValue("X-Bind")).hasValue("customers@" + region);
                if (!write && !r.body().isEmpty()) {
                    assertThat(r.body().split(",")).allMatch(name -> name.startsWith(region + "-"));
                }
                return region;
            }));
        }
        for (java.util.concurrent.Future<String> f : outcomes) {
            f.get();
        }
        clients.shutdown();
        assertThat(names(eu)).isNotEmpty().allMatch(name -> name.startsWith("eu-"));
        assertThat(names(us)).isNotEmpty().allMatch(name -> name.startsWith("us-"));
        for (String key : binds.keys()) {
            assertThat(binds.poolStats(key).active()).isZero();
        }
    }
}
