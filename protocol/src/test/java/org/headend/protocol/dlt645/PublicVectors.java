package org.headend.protocol.dlt645;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows of ../shared/vectors/public-frames.tsv (env SHARED_DIR, else ../../shared from the module).
 * Public so that every protocol's tests read the vectors one way.
 */
public final class PublicVectors {

    public record Row(String id, String protocol, String direction, String hex, String meaning) {
        public byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }

        public boolean invalid() {
            return meaning.startsWith("INVALID");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private PublicVectors() {
    }

    public static Path file() {
        String env = System.getenv("SHARED_DIR");
        Path dir = env != null && Files.isDirectory(Path.of(env)) ? Path.of(env) : Path.of("..", "..", "shared");
        Path f = dir.resolve("vectors").resolve("public-frames.tsv");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("public vectors not found at " + f.toAbsolutePath() + " (set SHARED_DIR)");
        }
        return f;
    }

    /** Rows whose id starts with one of {@code families} (e.g. "D07"). */
    public static List<Row> rows(String... families) {
        List<Row> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                for (String fam : families) {
                    if (f[0].startsWith(fam + "-")) {
                        out.add(new Row(f[0], f[1], f[2], f[3], f[4]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
