package dev.bindery.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bindery's Spring Boot properties: the default bind's options at {@code bindery.*} (without {@code bindery.url}, the
 * default bind is {@code spring.datasource.url}, {@code username} and {@code password}), the other binds at
 * {@code bindery.binds.<key>.*}, the binds-wide {@code bindery.token-keys}, and the starter's own settings under
 * {@code bindery.web}. Bindery validates all of it when the binds are built; a bad configuration stops start-up with
 * every problem listed.
 */
@ConfigurationProperties(prefix = "bindery")
public class BinderyProperties extends BindProperties {
    /**
     * Keys that sign the causal tokens and read-your-writes windows clients carry, comma-separated, each at least 32
     * bytes; the first signs, all verify. Never logged or shown; use ${ENV_VAR}. Default: a random key per process.
     */
    private String tokenKeys;

    /** The named binds, by key: bindery.binds.replica.url, bindery.binds.replica.replica-of=default, ... */
    private Map<String, BindProperties> binds = new LinkedHashMap<>();

    /** Read-your-writes across a client's requests. */
    private final Web web = new Web();

    public String getTokenKeys() {
        return tokenKeys;
    }

    public void setTokenKeys(String tokenKeys) {
        this.tokenKeys = tokenKeys;
    }

    public Map<String, BindProperties> getBinds() {
        return binds;
    }

    public void setBinds(Map<String, BindProperties> binds) {
        this.binds = binds;
    }

    public Web getWeb() {
        return web;
    }

    /** The read-your-writes cookie: after a request wrote, the client's next reads see the write. */
    public static class Web {
        /** Whether requests that wrote issue the read-your-writes cookie (and requests honour it). */
        private boolean readYourWrites = true;

        /** The name of the read-your-writes cookie. */
        private String cookieName = "bindery-ryw";

        /**
         * How long after a write a client's reads stay on the primary where the database reports no replication
         * position (H2), and how long the cookie lives.
         */
        private Duration window = Duration.ofSeconds(5);

        /** Whether the cookie is marked Secure on every response; otherwise only on responses to HTTPS requests. */
        private boolean secureCookie;

        public boolean isReadYourWrites() {
            return readYourWrites;
        }

        public void setReadYourWrites(boolean readYourWrites) {
            this.readYourWrites = readYourWrites;
        }

        public String getCookieName() {
            return cookieName;
        }

        public void setCookieName(String cookieName) {
            this.cookieName = cookieName;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public boolean isSecureCookie() {
            return secureCookie;
        }

        public void setSecureCookie(boolean secureCookie) {
            this.secureCookie = secureCookie;
        }
    }
}
