package org.headend.protocol.dlt645;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the bits of error bytes (§1.4, §2) and meter status words (§1.8), loaded from
 * {@code dlt645-status-bits.tsv}: data, so a vendor's extra bit is one line.
 */
final class Dlt645StatusBits {

    private static final String RESOURCE = "dlt645-status-bits.tsv";
    private static final Map<String, Table> TABLES = load();

    /** One field of a bit map: {@code width} bits from {@code low}; values named for width > 1. */
    record Field(int low, int width, String name, List<String> values) {
        Field {
            values = List.copyOf(values);
            if (low < 0 || width < 1 || low + width > 32 || (width > 1 && values.size() != 1 << width)) {
                throw new IllegalArgumentException("bit field " + name + " at " + low + "+" + width + " with values " + values);
            }
        }
    }

    /** The named fields of one bit map, in bit order. */
    record Table(String name, List<Field> fields) {
        Table {
            fields = List.copyOf(fields);
        }

        /** What {@code raw} says; set bits no field covers are named {@code reserved_<bit>}. */
        List<String> names(int raw) {
            List<String> out = new ArrayList<>();
            int covered = 0;
            for (Field f : fields) {
                int mask = ((1 << f.width()) - 1) << f.low();
                covered |= mask;
                int v = (raw & mask) >>> f.low();
                if (f.width() == 1) {
                    if (v != 0) {
                        out.add(f.name());
                    }
                } else {
                    out.add(f.name() + "=" + f.values().get(v));
                }
            }
            for (int b = 0; b < 32; b++) {
                if ((raw & ~covered & (1 << b)) != 0) {
                    out.add("reserved_" + b);
                }
            }
            return List.copyOf(out);
        }
    }

    private Dlt645StatusBits() {
    }

    static Table table(String name) {
        Table t = TABLES.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no bit table '" + name + "' in " + RESOURCE + "; known: " + TABLES.keySet());
        }
        return t;
    }

    private static Map<String, Table> load() {
        Map<String, List<Field>> fields = new LinkedHashMap<>();
        try (InputStream in = Dlt645StatusBits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": 4 or 5 tab-separated fields expected, got " + f.length);
                }
                List<String> values = f.length > 4 && !f[4].isEmpty() ? List.of(f[4].split(",")) : List.of();
                fields.computeIfAbsent(f[0], k -> new ArrayList<>())
                        .add(new Field(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        fields.forEach((k, v) -> tables.put(k, new Table(k, v)));
        return Map.copyOf(tables);
    }
}
