package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Assumptions;

/**
 * Real stores for the tests: SQLite in a temporary file, or PostgreSQL from env
 * {@code HEADEND_TEST_JDBC_URL} in a schema of its own, dropped at close. Without the variable
 * the PostgreSQL tests are skipped, except under {@code CI=true}, where that fails.
 */
final class TestStores {
    private TestStores() {
    }

    /** A fresh PostgreSQL store in its own schema; {@link Pg#close()} drops the schema. */
    static Pg postgres() throws SQLException {
        String url = System.getenv("HEADEND_TEST_JDBC_URL");
        if (url == null || url.isBlank()) {
            String reason = "env HEADEND_TEST_JDBC_URL is unset (e.g. jdbc:postgresql://127.0.0.1:5432/headend_test?user=postgres)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + reason);
            }
            Assumptions.abort("PostgreSQL tests skipped: " + reason);
        }
        String schema = "fc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sql(url, "CREATE SCHEMA " + schema);
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Pg(url, schema, Stores.open(withSchema), withSchema);
    }

    static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute(statement);
        }
    }

    /** A PostgreSQL store and the schema it lives in. */
    record Pg(String baseUrl, String schema, ReadingStore store, String url) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            store.close();
            sql(baseUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
