package dev.bindery;

import dev.bindery.status.TokenRejection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What clients carry is signed with HMAC-SHA256 under the token keys; anything else they send is ignored and counted. */
class ClientTokensTest {
    private static final String KEY_1 = "k1-0123456789abcdef0123456789abcdef";
    private static final String KEY_2 = "k2-0123456789abcdef0123456789abcdef";
    private static final String KEY_3 = "k3-0123456789abcdef0123456789abcdef";
    private static final CausalToken TOKEN = CausalToken.of(Binds.DEFAULT, 0x16B374D848L);

    private static Binds binds(String... keys) {
        return Binds.builder().bind(Binds.DEFAULT, H2.url("tokens")).tokenKeys(keys).build();
    }

    @Test
    void aSignedTokenVerifiesToTheSameToken() {
        try (Binds binds = binds(KEY_1)) {
            String signed = binds.tokens().sign(TOKEN);
            assertThat(signed).startsWith("default~16B374D848!").hasSize("default~16B374D848!".length() + 22);
            assertThat(binds.tokens().verify(signed)).isEqualTo(TOKEN);
            assertThat(binds.tokens().ignored().values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void anUnsignedForgedOrEditedTokenIsIgnoredAndCountedByReason() {
        try (Binds binds = binds(KEY_1)) {
            String signed = binds.tokens().sign(TOKEN);
            ClientTokens t = binds.tokens();
            assertThat(t.verify("default~7FFFFFFFFFFFFFFF")).isEqualTo(CausalToken.NONE);                 // unsigned
            assertThat(t.verify("default~7FFFFFFFFFFFFFFF" + signed.substring(signed.indexOf('!')))).isEqualTo(CausalToken.NONE);
            assertThat(t.verify(signed.replace("16B374D848", "16B374D849"))).isEqualTo(CausalToken.NONE);  // edited
            assertThat(t.verify(signed.substring(0, signed.length() - 1) + "A")).isEqualTo(CausalToken.NONE);
            assertThat(t.verify("x".repeat(100_000))).isEqualTo(CausalToken.NONE);                         // bounded
            assertThat(t.verify(null)).isEqualTo(CausalToken.NONE);
            assertThat(t.ignored()).containsEntry(TokenRejection.MALFORMED, 2L).containsEntry(TokenRejection.BAD_SIGNATURE, 3L);
        }
    }

    @Test
    void aTokenSignedByAnotherKeyDoesNotVerify() {
        String signed;
        try (Binds other = binds(KEY_2)) {
            signed = other.tokens().sign(TOKEN);
        }
        try (Binds binds = binds(KEY_1)) {
            assertThat(binds.tokens().verify(signed)).isEqualTo(CausalToken.NONE);
            assertThat(binds.tokens().ignored()).containsEntry(TokenRejection.BAD_SIGNATURE, 1L);
        }
    }

    @Test
    void afterRotationTheOldKeyStillVerifiesAndTheNewKeySigns() {
        String oldToken;
        try (Binds before = binds(KEY_1)) {
            oldToken = before.tokens().sign(TOKEN);
        }
        try (Binds rotated = binds(KEY_2, KEY_1)) {
            assertThat(rotated.tokens().verify(oldToken)).isEqualTo(TOKEN);
            String newToken = rotated.tokens().sign(TOKEN);
            assertThat(newToken).isNotEqualTo(oldToken);
            try (Binds newKeyOnly = binds(KEY_2)) {
                assertThat(newKeyOnly.tokens().verify(newToken)).as("signed by the first key").isEqualTo(TOKEN);
            }
        }
        try (Binds removed = binds(KEY_2, KEY_3)) {
            assertThat(removed.tokens().verify(oldToken)).as("the key was removed").isEqualTo(CausalToken.NONE);
            assertThat(removed.tokens().ignored()).containsEntry(TokenRejection.BAD_SIGNATURE, 1L);
        }
    }

    @Test
    void aWindowIsHonouredOnlyAsSignedAndNeverBeyondTheConfiguredWindow() {
        try (Binds binds = binds(KEY_1)) {
            ClientTokens t = binds.tokens();
            long now = 1_000_000L;
            Duration window = Duration.ofSeconds(5);
            String issued = t.signWindow(now + 5_000);
            assertThat(t.windowEnd(issued, now, window)).isEqualTo(now + 5_000);
            assertThat(t.windowEnd(issued, now + 6_000, window)).as("expired, still authentic").isEqualTo(now + 5_000);

            String year2200 = "7258118400000";
            assertThat(t.windowEnd(year2200, now, window)).as("unsigned").isEqualTo(-1);
            String edited = (now + 3_605_000) + issued.substring(issued.indexOf('!'));
            assertThat(t.windowEnd(edited, now, window)).as("edited to +1 h").isEqualTo(-1);
            assertThat(t.windowEnd(t.signWindow(now + 3_600_000), now, window)).as("signed, but longer than the window").isEqualTo(-1);
            assertThat(t.windowEnd(t.sign(TOKEN), now, window)).as("a token is no window").isEqualTo(-1);
            assertThat(t.verify(issued)).as("a window is no token").isEqualTo(CausalToken.NONE);
            assertThat(t.ignored()).isEqualTo(Map.of(TokenRejection.MALFORMED, 1L, TokenRejection.BAD_SIGNATURE, 3L,
                    TokenRejection.AHEAD_OF_PRIMARY, 0L, TokenRejection.WINDOW_TOO_LONG, 1L));
        }
    }

    @Test
    void withoutConfiguredKeysARandomKeyOfTheProcessSigns() {
        try (Binds one = Binds.builder().bind(Binds.DEFAULT, H2.url("a")).build();
             Binds two = Binds.builder().bind(Binds.DEFAULT, H2.url("b")).build()) {
            String signed = one.tokens().sign(TOKEN);
            assertThat(one.tokens().verify(signed)).isEqualTo(TOKEN);
            assertThat(two.tokens().verify(signed)).isEqualTo(CausalToken.NONE);
        }
    }

    @Test
    void tokenKeysComeFromTheTopLevelOfMapsAndPropertiesAndTheEnvironment() {
        String signed;
        try (Binds code = binds(KEY_1)) {
            signed = code.tokens().sign(TOKEN);
        }
        try (Binds map = Binds.fromMap(Map.of("url", H2.url("m"), "tokenKeys", KEY_2 + ", " + KEY_1), Map.of())) {
            assertThat(map.tokens().verify(signed)).isEqualTo(TOKEN);
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bindery.url", H2.url("p"));
        p.setProperty("bindery.tokenKeys", "${APP_TOKEN_KEYS}");
        try (Binds props = Binds.fromProperties(p, Map.of("APP_TOKEN_KEYS", KEY_1))) {
            assertThat(props.tokens().verify(signed)).isEqualTo(TOKEN);
        }
        try (Binds env = Binds.fromProperties(new java.util.Properties(),
                Map.of("BINDERY_URL", H2.url("e"), "BINDERY_TOKEN_KEYS", KEY_1))) {
            assertThat(env.tokens().verify(signed)).isEqualTo(TOKEN);
        }
    }

    @Test
    void badTokenKeysAreConfigurationErrorsThatNeverQuoteAKey() {
        String shortKey = "short-secret-key";
        assertThatThrownBy(() -> binds(KEY_1, shortKey))
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'default', field 'tokenKeys': key 2 of 2 is shorter than 32 bytes")
                .message().doesNotContain(shortKey).doesNotContain(KEY_1);
        assertThatThrownBy(() -> binds())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("field 'tokenKeys': names no key");
        assertThatThrownBy(() -> Binds.fromMap(Map.of("url", H2.url("x"),
                "binds", Map.of("r", Map.of("url", H2.url("y"), "tokenKeys", KEY_1))), Map.of()))
                .isInstanceOf(BindConfigException.class).hasMessageContaining("bind 'r', field 'tokenKeys': is Binds-wide")
                .message().doesNotContain(KEY_1);
        assertThatThrownBy(() -> Binds.builder().bind(Binds.DEFAULT, b -> b.url(H2.url("z")).option("tokenKeys", KEY_1))
                .tokenKeys(KEY_2).build())
                .isInstanceOf(BindConfigException.class).hasMessageContaining("field 'tokenKeys': is set both");
        assertThatThrownBy(() -> Binds.fromMap(Map.of("url", H2.url("w"), "tokenKeys", 42), Map.of()))
                .isInstanceOf(BindConfigException.class).hasMessageContaining("field 'tokenKeys': must be a string");
    }

    @Test
    void tokenKeysNeverAppearInToString() {
        try (Binds binds = Binds.fromMap(Map.of("url", H2.url("s"), "tokenKeys", KEY_1), Map.of())) {
            assertThat(binds.toString()).doesNotContain(KEY_1);
            assertThat(binds.config(Binds.DEFAULT).toString()).doesNotContain(KEY_1);
            assertThat(binds.tokens().toString()).doesNotContain(KEY_1).contains("****");
        }
    }
}
