package dev.bindery.servlet;

/** Which responses roll a request's sessions back instead of committing them. An exception always rolls back. */
public enum RollbackRule {
    /** Roll back on an exception or a status of 500 or more; commit 2xx, 3xx and 4xx. The default. */
    SERVER_ERRORS,
    /** Roll back on an exception or a status of 400 or more: a request that answers an error never keeps its writes. */
    CLIENT_AND_SERVER_ERRORS;

    /** Whether a request that answered {@code status} (without an exception) rolls back under this rule. */
    public boolean rollsBack(int status) {
        return this == SERVER_ERRORS ? status >= 500 : status >= 400;
    }
}
