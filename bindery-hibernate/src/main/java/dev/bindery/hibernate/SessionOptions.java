package dev.bindery.hibernate;

/**
 * How a {@link RoutingSession} is opened.
 *
 * @param readOnly     the session refuses every write with {@link ReadOnlySessionException}, before any SQL
 * @param region       the region the session's work should stay in (data residency), or {@code null}
 * @param primaryReads every read of the session goes to the primary of its group (read-your-writes across requests)
 * @param bind         a bind to point the session at from the start, as {@link RoutingSession#usingBind(String)}, or
 *                     {@code null}
 * @param after        reads of the session must see the writes this causal token records (only replicas that have
 *                     replayed past it, else the primary), or {@code null}
 */
public record SessionOptions(boolean readOnly, String region, boolean primaryReads, String bind, dev.bindery.CausalToken after) {
    /** A read-write session with no hints. */
    public static final SessionOptions DEFAULT = new SessionOptions(false, null, false, null, null);
    /** A read-only session with no other hints. */
    public static final SessionOptions READ_ONLY = new SessionOptions(true, null, false, null, null);

    /** Options without a causal token (the shape before tokens existed). */
    public SessionOptions(boolean readOnly, String region, boolean primaryReads, String bind) {
        this(readOnly, region, primaryReads, bind, null);
    }

    /** Starts a builder with the defaults of {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().readOnly(readOnly).region(region).primaryReads(primaryReads).bind(bind).after(after);
    }

    /** Collects session options. */
    public static final class Builder {
        private boolean readOnly;
        private String region;
        private boolean primaryReads;
        private String bind;
        private dev.bindery.CausalToken after;

        Builder() {
        }

        /** Makes the session read-only (default false). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** The region of the session's work, or {@code null} (default). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Sends every read to the primary of its group (default false). */
        public Builder primaryReads(boolean primaryReads) {
            this.primaryReads = primaryReads;
            return this;
        }

        /** Points the session at bind {@code bind} from the start, or {@code null} (default). */
        public Builder bind(String bind) {
            this.bind = bind;
            return this;
        }

        /**
         * Makes the session's reads see the writes {@code token} records: they are served by replicas that have
         * replayed past it, else by the primary. {@code null} or an empty token asks nothing (default). A token that
         * came from outside the process must come from {@code binds.tokens().verify(text)}, which checks its signature;
         * a token beyond anything the primary reported is ignored in any case.
         */
        public Builder after(dev.bindery.CausalToken token) {
            this.after = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /** Builds the options. */
        public SessionOptions build() {
            return new SessionOptions(readOnly, region, primaryReads, bind, after);
        }
    }
}
