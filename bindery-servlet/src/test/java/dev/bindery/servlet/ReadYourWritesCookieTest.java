package dev.bindery.servlet;

import dev.bindery.Binds;
import dev.bindery.CausalToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie's attributes and its signed values, on requests made here (a plain or an HTTPS request) rather than by a
 * server: over HTTPS it is {@code Secure} without configuration.
 */
class ReadYourWritesCookieTest {
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private static HttpServletRequest request(boolean secure, String cookie) {
        return (HttpServletRequest) Proxy.newProxyInstance(ReadYourWritesCookieTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isSecure" -> secure;
                    case "getCookies" -> cookie == null ? null : new Cookie[]{new Cookie(ReadYourWritesCookie.DEFAULT_NAME, cookie)};
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String setCookie(ReadYourWritesCookie cookie, boolean secure, CausalToken token) {
        List<String> headers = new ArrayList<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(ReadYourWritesCookieTest.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addHeader") && args[0].equals("Set-Cookie")) {
                        headers.add((String) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        cookie.issue(request(secure, null), response, 1_000_000L, token);
        return headers.get(0);
    }

    @Test
    void overHttpsTheCookieIsSecureWithoutConfigurationAndAlwaysHttpOnlyAndSameSiteLax() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:cookie-attrs").build()) {
            ReadYourWritesCookie byRequest = new ReadYourWritesCookie(ReadYourWritesCookie.DEFAULT_NAME, WINDOW, false, binds.tokens());
            assertThat(setCookie(byRequest, true, null)).contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=5").endsWith("; Secure");
            assertThat(setCookie(byRequest, false, null)).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
            ReadYourWritesCookie always = new ReadYourWritesCookie(ReadYourWritesCookie.DEFAULT_NAME, WINDOW, true, binds.tokens());
            assertThat(setCookie(always, false, null)).endsWith("; Secure");
        }
    }

    @Test
    void whatIsIssuedReadsBackAndNothingElseDoes() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, "jdbc:h2:mem:cookie-values").build()) {
            ReadYourWritesCookie cookie = new ReadYourWritesCookie(ReadYourWritesCookie.DEFAULT_NAME, WINDOW, false, binds.tokens());
            CausalToken token = CausalToken.of(Binds.DEFAULT, 0x3000128L);
            String issuedToken = setCookie(cookie, false, token).split("[=;]")[1];
            String issuedWindow = setCookie(cookie, false, null).split("[=;]")[1];
            assertThat(cookie.read(request(false, issuedToken), 1_000_000L)).isEqualTo(new ReadYourWritesCookie.Marker(false, token));
            assertThat(cookie.read(request(false, issuedWindow), 1_000_000L)).isEqualTo(new ReadYourWritesCookie.Marker(true, null));
            assertThat(cookie.read(request(false, issuedWindow), 1_005_000L)).as("expired").isEqualTo(ReadYourWritesCookie.Marker.NONE);
            assertThat(cookie.read(request(false, "t.default~3000128"), 1_000_000L)).isEqualTo(ReadYourWritesCookie.Marker.NONE);
            assertThat(cookie.read(request(false, "w.7258118400000"), 1_000_000L)).isEqualTo(ReadYourWritesCookie.Marker.NONE);
            assertThat(cookie.read(request(false, "anything"), 1_000_000L)).isEqualTo(ReadYourWritesCookie.Marker.NONE);
            assertThat(binds.tokens().ignored().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        }
    }
}
