package org.headend.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The HikariCP pool a PostgreSQL store runs on: credentials from the URL's query, else from the
 * environment; timeouts and session settings the store relies on; validated at start, so opening
 * fails now if the server cannot be reached, not at the first write.
 */
final class PostgresPool {
    private PostgresPool() {
    }

    static HikariDataSource open(String url, String envUser, String envPassword, int connections) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("headend-store");
        hc.setJdbcUrl(url);
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        if (!hasParam(query, "user") && envUser != null) {
            hc.setUsername(envUser);
        }
        if (!hasParam(query, "password") && envPassword != null) {
            hc.setPassword(envPassword);
        }
        hc.setMaximumPoolSize(connections);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(3_000);
        // A database lost behind a dead network (no reset) must not hang the writer forever on a
        // read; the writer retries a failed batch (ReadingWriter), so a timeout loses nothing.
        if (!hasParam(query, "connectTimeout")) {
            hc.addDataSourceProperty("connectTimeout", "5");
        }
        if (!hasParam(query, "socketTimeout")) {
            hc.addDataSourceProperty("socketTimeout", "120");
        }
        // The store's bulk reads are index seeks by the hundred thousand whose estimated cost passes
        // the JIT threshold: compiling them took longer than running them (an around chunk of 20,000
        // probes: 2.9 s with JIT, 0.35 s without, docs/performance.md).
        hc.setConnectionInitSql("SET jit = off");
        hc.setInitializationFailTimeout(1); // validated at start: open fails now, not at the first write
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + safe(url) + ": "
                    + PostgresStore.rootMessage(e), e);
        }
    }

    /** The URL with its password masked, for messages. */
    static String safe(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    private static boolean hasParam(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
