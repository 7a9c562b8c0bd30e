package dev.bindery.test.internal;

/** PostgreSQL WAL positions ({@code pg_lsn} text such as {@code 0/3000148}) as byte offsets. */
final class Lsn {
    private static final long PAGE = 8192;
    private static final long SEGMENT = DataTemplate.WAL_SEGMENT_MB * 1024L * 1024;
    private static final long SHORT_PAGE_HEADER = 24;
    private static final long LONG_PAGE_HEADER = 40;

    private Lsn() {
    }

    /** Parses {@code X/Y} (hex); null, as returned for a server that has replayed nothing, is 0. */
    static long parse(String text) {
        if (text == null) {
            return 0;
        }
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /**
     * Turns {@code pg_current_wal_insert_lsn()}, which points past the header of a fresh page when the last record
     * ended on a page boundary, into the end of the last record, which is what a replica reports as replayed.
     */
    static long endOfLastRecord(long insertLsn) {
        if (insertLsn % SEGMENT == LONG_PAGE_HEADER) {
            return insertLsn - LONG_PAGE_HEADER;
        }
        if (insertLsn % PAGE == SHORT_PAGE_HEADER) {
            return insertLsn - SHORT_PAGE_HEADER;
        }
        return insertLsn;
    }
}
