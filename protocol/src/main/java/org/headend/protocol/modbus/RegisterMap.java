package org.headend.protocol.modbus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.headend.protocol.dlt645.DataItem;
import org.headend.protocol.dlt645.Dlt645Catalogue;
import org.headend.protocol.dlt645.Dlt645Edition;

/**
 * Where a meter model keeps its quantities: a register map, read from a text file (data, not code).
 *
 * <h2>Format</h2>
 * UTF-8 text; {@code #} starts a comment; blank lines are ignored. Directives: {@code @map NAME}
 * (required, lowercase) and {@code @description TEXT}. Every other line is one quantity, seven
 * fields separated by tabs or spaces:
 * <pre>
 * # register  table    type     order  scale  unit  quantity
 * 0x0000      input    float32  ABCD   1      V     voltage.a
 * 0x000C      input    float32  ABCD   0.001  kW    power.active.a       # the meter counts W
 * 0x2044      holding  float32  ABCD   0.01   Hz    frequency
 * </pre>
 * <ul>
 * <li>register: 0-based wire address, decimal or {@code 0x} hex (a document's 30001/40001 is 0);</li>
 * <li>table: {@code input} (FC 04) or {@code holding} (FC 03);</li>
 * <li>type: {@code int16 uint16 int32 uint32 float32};</li>
 * <li>order: {@code ABCD} (high word first, the Modbus convention), {@code CDAB}, {@code BADC}, {@code DCBA};</li>
 * <li>scale: the stored value is the register number × scale (decimal, non-zero);</li>
 * <li>unit: of the scaled value, {@code -} for none; it must be the unit DL/T 645 meters store the
 *     quantity in (kWh, kvarh, kW, kvar, kVA, V, A, Hz), so reports need not know the protocol;</li>
 * <li>quantity: the stored quantity name, as DL/T 645 meters store it ({@code energy.active.import.total},
 *     {@code voltage.a}, {@code power.active.total}, {@code power_factor.total}, {@code frequency}, ...);
 *     other names are allowed for quantities DL/T 645 lacks. Each quantity appears once.</li>
 * </ul>
 * Entries may not overlap. Built-in maps: {@code sdm630}, {@code dtsu666} ({@link #builtIn}).
 */
public final class RegisterMap {

    /** Names of the maps shipped as resources. */
    public static final List<String> BUILT_IN = List.of("sdm630", "dtsu666");

    private static volatile Map<String, String> catalogueUnits;

    private final String name;
    private final String description;
    private final List<RegisterEntry> entries;

    RegisterMap(String name, String description, List<RegisterEntry> entries) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        List<RegisterEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(RegisterEntry::table).thenComparingInt(RegisterEntry::register));
        this.entries = List.copyOf(sorted);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Entries by table, then register. */
    public List<RegisterEntry> entries() {
        return entries;
    }

    public Optional<RegisterEntry> entry(String quantity) {
        return entries.stream().filter(e -> e.quantity().equals(quantity)).findFirst();
    }

    /** A map shipped with the head-end, by name ({@link #BUILT_IN}). */
    public static Optional<RegisterMap> builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            return Optional.empty();
        }
        String resource = name + ".map";
        try (InputStream in = RegisterMap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in register map " + resource + " is missing from the jar");
            }
            return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a map file's text.
     *
     * @param source names the text in error messages (the file name)
     * @throws ModbusException with reason {@code bad_map}, listing every bad line at once
     */
    public static RegisterMap parse(String text, String source) {
        String name = null;
        String description = "";
        List<RegisterEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            if (content.startsWith("@")) {
                String[] kv = content.split("\\s+", 2);
                switch (kv[0]) {
                    case "@map" -> name = kv.length > 1 ? kv[1] : null;
                    case "@description" -> description = kv.length > 1 ? kv[1] : "";
                    default -> problems.add(where + "unknown directive " + kv[0] + " (use @map, @description)");
                }
                continue;
            }
            try {
                entries.add(entry(content.split("\\s+")));
            } catch (IllegalArgumentException | ModbusException e) {
                problems.add(where + e.getMessage());
            }
        }
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]*")) {
            problems.add(source + ": needs '@map NAME' with a lowercase name (letters, digits, - _ .)");
        }
        if (entries.isEmpty()) {
            problems.add(source + ": has no register lines");
        }
        checkWhole(entries, source, problems);
        if (!problems.isEmpty()) {
            throw new ModbusException(ModbusException.Reason.BAD_MAP, String.join("; ", problems));
        }
        return new RegisterMap(name, description, entries);
    }

    private static RegisterEntry entry(String[] f) {
        if (f.length != 7) {
            throw new IllegalArgumentException(f.length + " fields, expected 7: register table type order scale unit quantity");
        }
        int register;
        try {
            register = f[0].toLowerCase().startsWith("0x") ? Integer.parseInt(f[0].substring(2), 16) : Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("register '" + f[0] + "' is not a decimal or 0x hex number");
        }
        double scale;
        try {
            scale = new BigDecimal(f[4]).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale '" + f[4] + "' is not a decimal number");
        }
        String unit = f[5].equals("-") ? "" : f[5];
        RegisterEntry e = new RegisterEntry(register, RegisterTable.parse(f[1]), RegisterType.parse(f[2]),
                WordOrder.parse(f[3]), scale, unit, f[6]);
        String expected = catalogueUnits().get(e.quantity());
        if (expected != null && !expected.equals(unit)) {
            throw new IllegalArgumentException("quantity " + e.quantity() + " is stored in '" + expected + "' (as DL/T 645 meters"
                    + " store it), not '" + unit + "'; fix the unit and scale");
        }
        return e;
    }

    /** No quantity twice, no two entries sharing a register. */
    private static void checkWhole(List<RegisterEntry> entries, String source, List<String> problems) {
        Set<String> quantities = new HashSet<>();
        for (RegisterEntry e : entries) {
            if (!quantities.add(e.quantity())) {
                problems.add(source + ": quantity " + e.quantity() + " appears twice");
            }
        }
        List<RegisterEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(RegisterEntry::table).thenComparingInt(RegisterEntry::register));
        for (int i = 1; i < sorted.size(); i++) {
            RegisterEntry a = sorted.get(i - 1);
            RegisterEntry b = sorted.get(i);
            if (a.table() == b.table() && b.register() < a.end()) {
                problems.add(String.format("%s: %s at 0x%04X overlaps %s at 0x%04X", source, b.quantity(), b.register(),
                        a.quantity(), a.register()));
            }
        }
    }

    /** Quantity to unit of every DL/T 645 catalogue element (both editions). */
    private static Map<String, String> catalogueUnits() {
        Map<String, String> m = catalogueUnits;
        if (m == null) {
            m = new HashMap<>();
            for (Dlt645Edition ed : Dlt645Edition.values()) {
                for (DataItem item : Dlt645Catalogue.standard().items(ed)) {
                    for (DataItem.Element el : item.elements()) {
                        m.putIfAbsent(el.quantity(), el.unit() == null ? "" : el.unit());
                    }
                }
            }
            catalogueUnits = m;
        }
        return m;
    }

    /**
     * The values of every entry of {@code table} that lies wholly inside the registers
     * {@code words}, read from {@code start}. Entries partly outside are left out.
     */
    public List<MapValue> decode(RegisterTable table, int start, int[] words) {
        List<MapValue> out = new ArrayList<>();
        for (RegisterEntry e : entries) {
            if (e.table() == table && e.register() >= start && e.end() <= start + words.length) {
                out.add(new MapValue(e.quantity(), e.decode(words, e.register() - start), e.unit(), table, e.register()));
            }
        }
        return out;
    }

    /** Entries of {@code table} wholly inside {@code [start, start+count)}. */
    public List<RegisterEntry> covered(RegisterTable table, int start, int count) {
        return entries.stream().filter(e -> e.table() == table && e.register() >= start && e.end() <= start + count).toList();
    }

    /**
     * The reads that cover every entry, each at most {@code maxRegisters} long: entries of one table
     * are joined greedily in register order, reading the registers between them.
     */
    public List<ReadBlock> blocks(int maxRegisters) {
        if (maxRegisters < 2 || maxRegisters > ModbusLimits.MAX_READ_REGISTERS) {
            throw new IllegalArgumentException("maxRegisters was " + maxRegisters + " but must be 2.." + ModbusLimits.MAX_READ_REGISTERS);
        }
        List<ReadBlock> out = new ArrayList<>();
        RegisterTable table = null;
        int start = 0;
        int end = 0;
        for (RegisterEntry e : entries) {
            if (table == e.table() && e.end() - start <= maxRegisters) {
                end = Math.max(end, e.end());
                continue;
            }
            if (table != null) {
                out.add(new ReadBlock(table, start, end - start));
            }
            table = e.table();
            start = e.register();
            end = e.end();
        }
        out.add(new ReadBlock(table, start, end - start));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "RegisterMap[" + name + ", " + entries.size() + " entries]";
    }
}
