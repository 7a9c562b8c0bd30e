package dev.bindery.internal;

import dev.bindery.status.TokenRejection;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts the client tokens that were ignored, by reason; shared by the token checks and the router. */
public final class TokenCounters {
    private final LongAdder[] counts = new LongAdder[TokenRejection.values().length];

    public TokenCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one token ignored for {@code reason}. */
    public void ignored(TokenRejection reason) {
        counts[reason.ordinal()].increment();
    }

    /** Every reason with its count so far, zeros included, in declaration order. */
    public Map<TokenRejection, Long> snapshot() {
        Map<TokenRejection, Long> out = new EnumMap<>(TokenRejection.class);
        for (TokenRejection r : TokenRejection.values()) {
            out.put(r, counts[r.ordinal()].sum());
        }
        return out;
    }
}
