package org.headend.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings a database's schema up to date from numbered SQL resources, one transaction per
 * migration, recorded in {@code schema_version}. Resources live under
 * {@code org/headend/storage/db/<dialect>/} as {@code V<n>.sql}; a variant of the dialect
 * (e.g. {@code timescaledb}) may replace one as {@code V<n>.<variant>.sql}; a script that both
 * dialects run as written lives once under {@code common/}. The first line
 * {@code -- text} is the description. Numbers start at 1 without gaps; a migration once applied
 * is never edited, a change is a new number.
 *
 * <p>Why our own and not Flyway: the whole job is these ~100 lines, and Flyway would add a
 * dependency tree and its own conventions for two dialects we already control.
 */
final class Migrator {
    private static final String ROOT = "/org/headend/storage/db/";

    private final String dialect;
    private final String variant;
    private final String lockSql;

    /**
     * @param lockSql statement run first in every migration transaction to keep two openers
     *                from migrating at once (PostgreSQL: an advisory lock), or null
     */
    Migrator(String dialect, String variant, String lockSql) {
        this.dialect = dialect;
        this.variant = variant;
        this.lockSql = lockSql;
    }

    /** The variant recorded by the first migration, if the schema exists. */
    static Optional<String> recordedVariant(Connection c) throws SQLException {
        if (!hasVersionTable(c)) {
            return Optional.empty();
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT variant FROM schema_version ORDER BY version LIMIT 1")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Applies what is missing; returns the schema version now in place. */
    int migrate(Connection c) throws SQLException {
        return migrate(c, Integer.MAX_VALUE);
    }

    /** Applies what is missing up to version {@code upTo} (tests build an older schema with it). */
    int migrate(Connection c, int upTo) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "description TEXT NOT NULL, variant TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
            }
            c.commit();
            int version = currentVersion(c);
            for (int n = version + 1; ; n++) {
                Optional<String> script = n > upTo ? Optional.empty() : script(n);
                if (script.isEmpty()) {
                    return n - 1;
                }
                apply(c, n, script.get());
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private void apply(Connection c, int n, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (lockSql != null) {
                s.execute(lockSql);
            }
            if (currentVersion(c) >= n) {
                c.commit(); // another opener applied it while we waited for the lock
                return;
            }
            for (String sql : statements(script)) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("migration " + dialect + " V" + n + " failed at: " + firstLine(sql)
                            + ": " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO schema_version (version, description, variant, applied_at_ms) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, n);
            p.setString(2, firstLine(script).replaceFirst("^--\\s*", ""));
            p.setString(3, variant);
            p.setLong(4, System.currentTimeMillis());
            p.executeUpdate();
        }
        c.commit();
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean hasVersionTable(Connection c) throws SQLException {
        String schema = c.getSchema();
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "schema_version", null)) {
            return rs.next();
        }
    }

    /** The variant's script, else the dialect's, else one written for both dialects ({@code common/}). */
    private Optional<String> script(int n) {
        String base = ROOT + dialect + "/V" + n;
        Optional<String> specific = read(base + "." + variant + ".sql");
        if (specific.isPresent()) {
            return specific;
        }
        Optional<String> ofDialect = read(base + ".sql");
        return ofDialect.isPresent() ? ofDialect : read(ROOT + "common/V" + n + ".sql");
    }

    private static Optional<String> read(String resource) {
        try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + resource, e);
        }
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /**
     * Splits a script at semicolons outside quotes, comments and dollar-quoted bodies, so one
     * splitter serves SQLite (which runs one statement per call) and PostgreSQL functions.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int len = script.length();
        while (i < len) {
            char ch = script.charAt(i);
            if (ch == '-' && i + 1 < len && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? len : end + 1;
                cur.append('\n');
            } else if (ch == '\'' || ch == '"') {
                int end = script.indexOf(ch, i + 1);
                end = end < 0 ? len - 1 : end;
                cur.append(script, i, end + 1);
                i = end + 1;
            } else if (ch == '$' && i + 1 < len && script.charAt(i + 1) == '$') {
                int end = script.indexOf("$$", i + 2);
                end = end < 0 ? len - 2 : end;
                cur.append(script, i, end + 2);
                i = end + 2;
            } else if (ch == ';') {
                add(out, cur);
                i++;
            } else {
                cur.append(ch);
                i++;
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String sql = cur.toString().strip();
        if (!sql.isEmpty()) {
            out.add(sql);
        }
        cur.setLength(0);
    }
}
