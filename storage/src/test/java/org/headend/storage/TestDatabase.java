package org.headend.storage;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database for tests, named by an environment variable: its URL, or why there is none. Without
 * one the tests are skipped with the reason, except on CI ({@code CI=true}), where that is a
 * failure: CI must never silently skip a database.
 */
record TestDatabase(String url, String skipReason) {

    static TestDatabase from(String variable, String example, String what) {
        String url = System.getenv(variable);
        String reason;
        if (url == null || url.isBlank()) {
            reason = "env " + variable + " is unset (e.g. " + example + ")";
        } else {
            try (Connection ignored = DriverManager.getConnection(url)) {
                return new TestDatabase(url, null);
            } catch (SQLException e) {
                reason = "no " + what + " at " + variable + "=" + url.replaceAll("password=[^&]*", "password=***")
                        + ": " + e.getMessage();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason + "; CI must not skip the " + what + " store tests");
        }
        String skip = what + " store tests skipped: " + reason;
        System.err.println(skip);
        return new TestDatabase(null, skip);
    }
}
