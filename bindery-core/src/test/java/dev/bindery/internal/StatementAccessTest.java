package dev.bindery.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatementAccessTest {

    @ParameterizedTest
    @ValueSource(strings = {"select 1", "SELECT t.id from Todo t", "  (select 1) union (select 2)", "with x as (select 1) select * from x",
            "/* hql */ select n from Note n", "-- c\nselect 1", "values (1)", "explain select 1", "select * from t where f = 'for update'x"})
    void plainQueriesDoNotWrite(String sql) {
        assertThat(StatementAccess.writes(sql)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert into t values (1)", "update t set a = 1", "delete from t", "merge into t using s on 1=1",
            "select * from t for update", "select * from t where id=? FOR  SHARE", "select * from t for no key update",
            "call p()", "selectx", "", "/* unterminated", "create table t (id int)", "selected from t"})
    void everythingElseWrites(String sql) {
        assertThat(StatementAccess.writes(sql)).isTrue();
    }
}
