package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.spi.Route;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The token-carrying example of docs/replicas.md, compiled and run (on H2, which reports no positions). */
class ClientTokensDocsExampleTest {

    @Test
    void theDocumentedWayToCarryATokenSignsItAndVerifiesWhatComesBack() {
        Map<String, String> cookies = new HashMap<>();
        String url = H2.url("docs");
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT))
                .tokenKeys("0123456789abcdef0123456789abcdef-key-1").build()) {
            Route route;
            // tag::carry-token[]
            // after the commit that wrote: sign the token for the client
            CausalToken token = binds.causalToken(Binds.DEFAULT);      // the primary's WAL insert position
            cookies.put("bindery-after", binds.tokens().sign(token));   // default~16B374D848!<signature>

            // in the next request: verify what the client sent back
            CausalToken after = binds.tokens().verify(cookies.get("bindery-after"));   // NONE unless signed by a tokenKey
            try (BindScope s = BindContext.after(after)) {              // or SessionOptions.builder().after(after)
                route = binds.router().route(Binds.DEFAULT, Access.READ);   // a replica past the token, else the primary
            }
            // end::carry-token[]
            assertThat(route.bind()).isEqualTo("replica");
            assertThat(binds.tokens().ignored().values()).allMatch(n -> n == 0);
        }
    }
}
