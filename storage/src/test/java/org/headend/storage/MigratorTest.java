package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        String script = "-- first; comment\nCREATE TABLE a (x TEXT DEFAULT ';'); -- tail; comment\n"
                + "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\n\n";
        assertEquals(List.of("CREATE TABLE a (x TEXT DEFAULT ';')",
                "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql"),
                Migrator.statements(script));
    }
}
