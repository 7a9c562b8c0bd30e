package dev.bindery.hibernate.internal;

import org.hibernate.Session;

/** The Hibernate session a routing session holds for one bind, and whether it has a transaction open there. */
final class BindSession {
    final String key;
    final String group;
    final boolean readOnlyBind;
    final Session session;
    boolean transactionOpen;

    BindSession(String key, String group, boolean readOnlyBind, Session session) {
        this.key = key;
        this.group = group;
        this.readOnlyBind = readOnlyBind;
        this.session = session;
    }

    @Override
    public String toString() {
        return "BindSession[" + key + (transactionOpen ? ", in transaction" : "") + "]";
    }
}
