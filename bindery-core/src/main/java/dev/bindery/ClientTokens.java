package dev.bindery;

import dev.bindery.internal.TokenCounters;
import dev.bindery.status.TokenRejection;
import dev.bindery.internal.TokenKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Signs what clients carry between requests, and checks what they send back: causal tokens and read-your-writes
 * windows, each signed with HMAC-SHA256 under the configured {@code tokenKeys} (the first key signs, every key
 * verifies). Anything a client sends that is not authentic is ignored, never an error, and counted in
 * {@link #ignored()}. Get it from {@link Binds#tokens()}.
 *
 * <p>A {@link CausalToken} object made in this process ({@link Binds#causalToken}, a session's
 * {@code causalToken()}) is trusted. Text from outside (a cookie, a header, a message) becomes a token only through
 * {@link #verify(String)}; {@link CausalToken#parse(String)} checks no signature.
 */
public final class ClientTokens {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTokens.class);
    private static final String TOKEN_PURPOSE = "bindery causal token";
    private static final String WINDOW_PURPOSE = "bindery read-your-writes window";
    private static final char SEPARATOR = '!';
    /** Longer client text is refused before any work: a signed token of a dozen groups is far shorter. */
    private static final int MAX_CHARS = 1024;

    private final TokenKeys keys;
    private final TokenCounters counters;
    private final AtomicBoolean warnedRandom = new AtomicBoolean();

    ClientTokens(TokenKeys keys, TokenCounters counters) {
        this.keys = keys;
        this.counters = counters;
    }

    /**
     * The text a client carries for {@code token}: its {@link CausalToken#serialize() serialized form}, {@code !}, and
     * a signature, such as {@code default~16B374D848!Xq3...}. An empty token gives an empty text.
     */
    public String sign(CausalToken token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        warnIfRandom();
        String payload = token.serialize();
        return payload + SEPARATOR + keys.sign(TOKEN_PURPOSE, payload);
    }

    /**
     * The token that {@code text}, sent by a client, carries: {@link CausalToken#NONE} for {@code null} or blank text,
     * and for text that is not a token signed by one of the keys (counted in {@link #ignored()}). Never throws.
     */
    public CausalToken verify(String text) {
        if (text == null || text.isBlank()) {
            return CausalToken.NONE;
        }
        String payload = authentic(TOKEN_PURPOSE, text);
        if (payload == null) {
            return CausalToken.NONE;
        }
        try {
            return CausalToken.parse(payload);
        } catch (IllegalArgumentException e) {
            counters.ignored(TokenRejection.MALFORMED);   // signed, but not a token: signed for another use
            return CausalToken.NONE;
        }
    }

    /** The text a client carries for a read-your-writes window that ends at {@code untilEpochMillis}. */
    public String signWindow(long untilEpochMillis) {
        warnIfRandom();
        String payload = Long.toString(untilEpochMillis);
        return payload + SEPARATOR + keys.sign(WINDOW_PURPOSE, payload);
    }

    /**
     * The end (epoch millis) of the window that {@code text}, sent by a client, carries; -1 for {@code null} text, and
     * for text that is not a window signed by one of the keys or that ends more than {@code maxWindow} after
     * {@code nowEpochMillis} (both counted in {@link #ignored()}). Never throws.
     */
    public long windowEnd(String text, long nowEpochMillis, Duration maxWindow) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        String payload = authentic(WINDOW_PURPOSE, text);
        if (payload == null) {
            return -1;
        }
        long until;
        try {
            until = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            counters.ignored(TokenRejection.MALFORMED);
            return -1;
        }
        if (until - nowEpochMillis > maxWindow.toMillis()) {
            counters.ignored(TokenRejection.WINDOW_TOO_LONG);
            return -1;
        }
        return until;
    }

    /** How many tokens and windows sent by clients were ignored so far, by reason (every reason, zeros included). */
    public Map<TokenRejection, Long> ignored() {
        return counters.snapshot();
    }

    /** The payload of {@code text} when its signature verifies, else {@code null} (counted). */
    private String authentic(String purpose, String text) {
        int sep = text.length() > MAX_CHARS ? -1 : text.lastIndexOf(SEPARATOR);
        if (sep <= 0 || text.length() - sep - 1 != TokenKeys.SIGNATURE_CHARS) {
            counters.ignored(TokenRejection.MALFORMED);
            return null;
        }
        String payload = text.substring(0, sep);
        if (!keys.verifies(purpose, payload, text.substring(sep + 1))) {
            counters.ignored(TokenRejection.BAD_SIGNATURE);
            return null;
        }
        return payload;
    }

    private void warnIfRandom() {
        if (keys.isRandom() && warnedRandom.compareAndSet(false, true)) {
            LOG.info("No tokenKeys are configured: tokens and read-your-writes windows handed to clients are signed with a "
                    + "random key of this process, so they verify neither after a restart nor on another instance. Set "
                    + "tokenKeys (bindery.tokenKeys, BINDERY_TOKEN_KEYS, or Binds.builder().tokenKeys(...)) to the same "
                    + "keys on every instance.");
        }
    }

    @Override
    public String toString() {
        return "ClientTokens[" + keys + "]";
    }
}
