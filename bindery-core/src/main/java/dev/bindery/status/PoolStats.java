package dev.bindery.status;

/** A snapshot of one bind's pool: connections in use, idle, total, and threads waiting for one. */
public record PoolStats(int active, int idle, int waiting, int total) {
    public static final PoolStats NOT_STARTED = new PoolStats(0, 0, 0, 0);

    @Override
    public String toString() {
        return "total=" + total + ", active=" + active + ", idle=" + idle + ", waiting=" + waiting;
    }
}
