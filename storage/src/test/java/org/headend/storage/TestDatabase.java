package org.headend.storage;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A database for tests: the one named by an environment variable; else, where Docker runs, a
 * container of {@code image} started once per JVM (Testcontainers); else none, and the tests are
 * skipped with the reason, except on CI ({@code CI=true}), where that is a failure: CI must never
 * silently skip a database.
 */
record TestDatabase(String url, String skipReason) {
    private static final Map<String, String> STARTED = new ConcurrentHashMap<>();

    static TestDatabase from(String variable, String example, String what, String image) {
        String url = System.getenv(variable);
        String reason;
        if (url == null || url.isBlank()) {
            url = DockerClientFactory.instance().isDockerAvailable() ? STARTED.computeIfAbsent(image, TestDatabase::start) : null;
            if (url != null) {
                return new TestDatabase(url, null);
            }
            reason = "env " + variable + " is unset (e.g. " + example + ") and Docker is not available for Testcontainers";
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

    /** Starts {@code image} for the rest of the JVM (Testcontainers' reaper removes it at exit). */
    @SuppressWarnings("resource")
    private static String start(String image) {
        PostgreSQLContainer c = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        c.start();
        String jdbc = c.getJdbcUrl();
        return jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + c.getUsername() + "&password=" + c.getPassword();
    }
}
