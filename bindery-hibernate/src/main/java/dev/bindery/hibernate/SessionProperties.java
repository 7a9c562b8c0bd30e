package dev.bindery.hibernate;

/**
 * The session properties a standard {@code Session} or {@code EntityManager} from Bindery reads when its unit of work
 * is routed ({@code em.setProperty(name, value)}, {@code session.setProperty(name, value)}, or the map of
 * {@code createEntityManager(map)}). Each works like its {@link dev.bindery.BindContext} scope; a property wins over the
 * scope.
 */
public final class SessionProperties {
    /** A bind key ({@code String}): the session's work goes to that bind, like {@code BindContext.use(key)}. */
    public static final String BIND = "bindery.bind";
    /** A region ({@code String}): the session's region, like {@code BindContext.region(region)}. */
    public static final String REGION = "bindery.region";
    /**
     * A causal token: a {@link dev.bindery.CausalToken}, or the text {@code binds.tokens().sign(token)} gave (verified;
     * a forged text is ignored). Reads see at least the writes it records, like {@code BindContext.after(token)}.
     */
    public static final String AFTER = "bindery.after";
    /** Hibernate's read-only hint ({@code Boolean}): as a session property, the session's work is read-only. */
    public static final String READ_ONLY = org.hibernate.jpa.HibernateHints.HINT_READ_ONLY;

    private SessionProperties() {
    }
}
