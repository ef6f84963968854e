package org.headend.protocol.dlt645;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * item follow each other in value order.
 */
public final class Dlt645Catalogue {

    private static final String RESOURCE = "dlt645-catalogue.tsv";
    private static final Dlt645Catalogue STANDARD = load();

    private final Map<Dlt645Edition, Map<Long, DataItem>> items;

    private Dlt645Catalogue(Map<Dlt645Edition, Map<Long, DataItem>> items) {
        this.items = items;
    }

    /** The catalogue shipped with the product. */
    public static Dlt645Catalogue standard() {
        return STANDARD;
    }

    public Optional<DataItem> find(Dlt645Edition edition, long di) {
        return Optional.ofNullable(items.get(edition).get(di));
    }

    /** Like {@link #find} but fails with UNKNOWN_DATA_ID. */
    public DataItem require(Dlt645Edition edition, long di) {
        return find(edition, di).orElseThrow(() -> new Dlt645Exception(Dlt645Exception.Reason.UNKNOWN_DATA_ID,
                "DI " + edition.formatDataId(di) + " is not in the " + edition + " catalogue"));
    }

    public Collection<DataItem> items(Dlt645Edition edition) {
        return items.get(edition).values();
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
        record Key(Dlt645Edition edition, long id) {
        }
        Map<Key, String> names = new LinkedHashMap<>();
        Map<Key, List<DataItem.Element>> elements = new LinkedHashMap<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalStateException(RESOURCE + " line " + lineNo + ": 7 tab-separated fields expected, got " + f.length);
            }
            Dlt645Edition edition = switch (f[0]) {
                case "2007" -> Dlt645Edition.V2007;
                case "1997" -> Dlt645Edition.V1997;
                default -> throw new IllegalStateException(RESOURCE + " line " + lineNo + ": edition " + f[0]);
            };
            Key key = new Key(edition, Long.parseLong(f[1], 16));
            String prev = names.putIfAbsent(key, f[2]);
            if (prev != null && !prev.equals(f[2])) {
                throw new IllegalStateException(RESOURCE + " line " + lineNo + ": DI " + f[1] + " named twice differently");
            }
            elements.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new DataItem.Element(f[3], f[4], DataFormat.parse(f[5]), f[6]));
        }
        Map<Dlt645Edition, Map<Long, DataItem>> items = new HashMap<>();
        for (Dlt645Edition e : Dlt645Edition.values()) {
            items.put(e, new LinkedHashMap<>());
        }
        elements.forEach((k, els) -> items.get(k.edition()).put(k.id(), new DataItem(k.edition(), k.id(), names.get(k), els)));
        return new Dlt645Catalogue(items);
    }
}
