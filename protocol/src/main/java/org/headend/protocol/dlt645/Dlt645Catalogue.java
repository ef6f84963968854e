package org.headend.protocol.dlt645;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data-identifier catalogue, loaded from {@code dlt645-catalogue.tsv} beside this class:
 * data, not code, so a DI is added by adding a line. Each line is one element of one item:
 * {@code edition, DI, item name, element name, quantity, format, unit}; the lines of a block
 * item follow each other in value order. Families (energy types x tariffs x settlement periods,
 * phases, freeze days) are written once with {@code @var}/{@code @range} variables and expanded
 * at load (see {@link #parse}). The format column gives length, scale and sign ({@link DataFormat}).
 */
public final class Dlt645Catalogue {

    private static final String RESOURCE = "dlt645-catalogue.tsv";
    private static final Dlt645Catalogue STANDARD = load();

    private final Map<Dlt645Edition, Map<Long, DataItem>> items;

    private final DataItemTable items2007;
    private final DataItemTable items1997;

    private Dlt645Catalogue(Map<Dlt645Edition, Map<Long, DataItem>> items) {
        this.items = items;
        this.items2007 = new DataItemTable(items.get(Dlt645Edition.V2007).values());
        this.items1997 = new DataItemTable(items.get(Dlt645Edition.V1997).values());
    }

    /** The catalogue shipped with the product. */
    public static Dlt645Catalogue standard() {
        return STANDARD;
    }

    public Optional<DataItem> find(Dlt645Edition edition, long di) {
        return Optional.ofNullable(get(edition, di));
    }

    /** The item or null, without an Optional (decoder hot path). */
    DataItem get(Dlt645Edition edition, long di) {
        return (edition == Dlt645Edition.V2007 ? items2007 : items1997).get(di);
    }

    /** Like {@link #find} but fails with UNKNOWN_DATA_ID. */
    public DataItem require(Dlt645Edition edition, long di) {
        return find(edition, di).orElseThrow(() -> new Dlt645Exception(Dlt645Exception.Reason.UNKNOWN_DATA_ID,
                "DI " + edition.formatDataId(di) + " is not in the " + edition + " catalogue"));
    }

    /** Every item of {@code edition}, in catalogue order; read-only. */
    public Collection<DataItem> items(Dlt645Edition edition) {
        return java.util.Collections.unmodifiableCollection(items.get(edition).values());
    }

    private static Dlt645Catalogue load() {
        try (InputStream in = Dlt645Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dlt645Catalogue parse(BufferedReader reader) throws IOException {
        // A plain class key: a record's equals/hashCode bootstrap costs startup time the CLI feels.
        final class Key {
            final Dlt645Edition edition;
            final long id;

            Key(Dlt645Edition edition, long id) {
                this.edition = edition;
                this.id = id;
            }

            Dlt645Edition edition() {
                return edition;
            }

            long id() {
                return id;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.edition == edition && k.id == id;
            }

            @Override
            public int hashCode() {
                return Long.hashCode(id) * 31 + edition.hashCode();
            }
        }
        Map<Key, String> names = new LinkedHashMap<>();
        Map<Key, List<DataItem.Element>> elements = new LinkedHashMap<>();
        Map<String, List<String[]>> vars = new HashMap<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("@var") || f[0].equals("@range")) {
                defineVariable(f, vars, lineNo);
                continue;
            }
            for (String expanded : expand(line, vars, Map.of(), lineNo)) {
                f = expanded.split("\t", -1);
                if (f.length != 7) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": 7 tab-separated fields expected, got " + f.length);
                }
                Dlt645Edition edition = switch (f[0]) {
                    case "2007" -> Dlt645Edition.V2007;
                    case "1997" -> Dlt645Edition.V1997;
                    default -> throw new IllegalStateException(RESOURCE + " line " + lineNo + ": edition " + f[0]);
                };
                if (f[1].length() != 2 * edition.dataIdLength()) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": DI " + f[1] + " is not "
                            + 2 * edition.dataIdLength() + " hex digits");
                }
                Key key = new Key(edition, Long.parseLong(f[1], 16));
                String prev = names.putIfAbsent(key, f[2]);
                if (prev != null && !prev.equals(f[2])) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": DI " + f[1] + " named twice differently");
                }
                try {
                    elements.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new DataItem.Element(f[3], f[4], DataFormat.parse(f[5]), f[6]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        Map<Dlt645Edition, Map<Long, DataItem>> items = new HashMap<>();
        for (Dlt645Edition e : Dlt645Edition.values()) {
            items.put(e, new LinkedHashMap<>());
        }
        elements.forEach((k, els) -> items.get(k.edition()).put(k.id(), new DataItem(k.edition(), k.id(), names.get(k), els)));
        return new Dlt645Catalogue(items);
    }

    /**
     * {@code @var NAME code field1 field2 ...} adds one value to a family variable;
     * {@code @range NAME FROM TO field1 ...} adds the hex codes FROM..TO (same width), where
     * {@code {n}} in a field is the decimal index. A line uses {@code {NAME}} for the code and
     * {@code {NAME.k}} for field k, and expands to one line per value of every variable it uses.
     */
    private static void defineVariable(String[] f, Map<String, List<String[]>> vars, int lineNo) {
        if (f.length < 3) {
            throw new IllegalStateException(RESOURCE + " line " + lineNo + ": " + f[0] + " needs a name and a code");
        }
        List<String[]> values = vars.computeIfAbsent(f[1], k -> new ArrayList<>());
        if (f[0].equals("@var")) {
            values.add(Arrays.copyOfRange(f, 2, f.length));
            return;
        }
        int from = Integer.parseInt(f[2], 16), to = Integer.parseInt(f[3], 16), width = f[2].length();
        for (int n = from; n <= to; n++) {
            String[] v = new String[f.length - 3];
            String code = Integer.toHexString(n).toUpperCase();
            v[0] = "0".repeat(Math.max(0, width - code.length())) + code;
            for (int k = 4; k < f.length; k++) {
                v[k - 3] = f[k].replace("{n}", Integer.toString(n));
            }
            values.add(v);
        }
    }

    /**
     * Expands the leftmost variable, then recurses: outer loops follow the order of first use. A
     * variable already bound (a field of one variable may name another, e.g. a unit) keeps its value.
     */
    private static List<String> expand(String line, Map<String, List<String[]>> vars, Map<String, String[]> bound, int lineNo) {
        int open = line.indexOf('{');
        if (open < 0) {
            return List.of(line);
        }
        int close = line.indexOf('}', open);
        if (close < 0) {
            throw new IllegalStateException(RESOURCE + " line " + lineNo + ": unclosed '{'");
        }
        String ref = line.substring(open + 1, close);
        int dot = ref.indexOf('.');
        String name = dot < 0 ? ref : ref.substring(0, dot);
        List<String[]> values = bound.containsKey(name) ? List.<String[]>of(bound.get(name)) : vars.get(name);
        if (values == null) {
            throw new IllegalStateException(RESOURCE + " line " + lineNo + ": variable {" + name + "} is not defined above");
        }
        List<String> out = new ArrayList<>();
        for (String[] v : values) {
            Map<String, String[]> inner = new HashMap<>(bound);
            inner.put(name, v);
            out.addAll(expand(substitute(line, name, v, lineNo), vars, inner, lineNo));
        }
        return out;
    }

    /** Replaces every {@code {name}} and {@code {name.k}} in {@code line}; plain scanning, as loading runs at startup. */
    private static String substitute(String line, String name, String[] v, int lineNo) {
        StringBuilder sb = new StringBuilder(line.length() + 32);
        int p = 0;
        while (true) {
            int open = line.indexOf('{', p);
            if (open < 0) {
                break;
            }
            int close = line.indexOf('}', open);
            String ref = line.substring(open + 1, close);
            int dot = ref.indexOf('.');
            String refName = dot < 0 ? ref : ref.substring(0, dot);
            sb.append(line, p, open);
            if (refName.equals(name)) {
                int k = dot < 0 ? 0 : Integer.parseInt(ref.substring(dot + 1));
                if (k >= v.length) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + ": {" + ref + "} but "
                            + v[0] + " has " + (v.length - 1) + " fields");
                }
                sb.append(v[k]);
            } else {
                sb.append(line, open, close + 1);
            }
            p = close + 1;
        }
        return sb.append(line, p, line.length()).toString();
    }
}
