package dev.bindery.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread cursor over the primary keys 1..{@link SharedDatabase#ROWS}, so that reads don't hit one row only. */
@State(Scope.Thread)
public class Keys {

    private int last;

    /** The next primary key, cycling; allocation-free. */
    int next() {
        last = last == SharedDatabase.ROWS ? 1 : last + 1;
        return last;
    }
}
