package org.headend.collector.archive;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads the meter archive: a CSV file with a header row naming the columns.
 *
 * <p>Required columns, in any order and any letter case: {@value #REQUIRED_TEXT}. Modbus meters
 * (protocol {@code modbus-tcp} or {@code modbus-rtu}) also need {@code modbus_unit} (1..255) and
 * {@code register_map}: a built-in map ({@code sdm630}, {@code dtsu666}) or a map file, relative to
 * the archive's directory (format in {@link org.headend.protocol.modbus.RegisterMap}). Optional
 * site columns, read into {@link MeterSite} for on-site verification (issue 7):
 * {@value SiteColumns#TEXT}. Other columns are accepted and ignored. Every field is trimmed.
 * Required fields may not be blank, except {@code area}; optional ones may. A bad optional site
 * value (a latitude of "N/A") is a warning: the row is kept without that field, so archives that
 * had junk in once-ignored columns still load.
 *
 * <p>Optional columns {@code concentrator} and {@code point} place a meter behind a Q/GDW 1376.1
 * concentrator ({@link Placement}); a row with one of them needs both, and two meters may not share
 * a point of one concentrator. Archives without these columns read as before.
 *
 * <p>A bad row never stops the load: it is skipped and reported with its line number and reason
 * (missing field, bad address, bad number, duplicate address, unknown protocol), and the good rows
 * are kept. A duplicate keeps the first row. Empty lines are skipped. Only a file that cannot be
 * read as a whole (required column absent, column named twice, unclosed quote) fails, with an
 * {@link ArchiveException}.
 *
 * <p>Equal bus, class and area strings and equal ratios are shared between meters, so 100,000
 * meters cost about one small record and one address string each.
 */
public final class MeterArchive {

    static final String ADDRESS = "meter_address";
    static final String PROTOCOL = "protocol";
    static final String BUS = "bus";
    static final String CT_RATIO = "ct_ratio";
    static final String VT_RATIO = "vt_ratio";
    static final String CUSTOMER_CLASS = "customer_class";
    static final String AREA = "area";
    static final String MODBUS_UNIT = "modbus_unit";
    static final String REGISTER_MAP = "register_map";
    static final String CONCENTRATOR = "concentrator";
    static final String POINT = "point";
    static final List<String> REQUIRED = List.of(ADDRESS, PROTOCOL, BUS, CT_RATIO, VT_RATIO, CUSTOMER_CLASS, AREA);
    static final String REQUIRED_TEXT = "meter_address, protocol, bus, ct_ratio, vt_ratio, customer_class, area";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreHeaderCase(true)
            .setTrim(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            // empty lines are skipped by hand so that line numbers stay exact
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            .get();

    private MeterArchive() {
    }

    /** Reads a UTF-8 archive file. */
    public static ArchiveLoad read(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Path dir = csv.toAbsolutePath().getParent();
            return read(in, csv.toString(), dir);
        }
    }

    /**
     * Reads an archive from {@code in}, which the caller closes.
     *
     * @param source names the input in error messages, e.g. the file name
     * @throws ArchiveException when the header lacks a required column or the CSV is malformed
     */
    public static ArchiveLoad read(Reader in, String source) throws IOException {
        return read(in, source, Path.of("").toAbsolutePath());
    }

    private static ArchiveLoad read(Reader in, String source, Path mapDir) throws IOException {
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(source + " line 1: bad header: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ArchiveException(source + " line 1: cannot read the header: " + e.getMessage(), e);
        }
        checkHeader(parser.getHeaderNames(), source);
        RowReader rows = new RowReader(new RegisterMaps(mapDir));
        long previousEnd = parser.getCurrentLineNumber();
        try {
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                rows.accept(record, line);
            }
        } catch (UncheckedIOException e) {
            throw new ArchiveException(source + " line " + (previousEnd + 1) + ": malformed CSV: "
                    + e.getCause().getMessage(), e);
        }
        return new ArchiveLoad(rows.meters, rows.problems, rows.placements, rows.warnings);
    }

    private static void checkHeader(List<String> header, String source) {
        Set<String> present = new LinkedHashSet<>();
        for (String h : header) {
            present.add(h.strip().toLowerCase(Locale.ROOT));
        }
        List<String> missing = new ArrayList<>();
        for (String r : REQUIRED) {
            if (!present.contains(r)) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            throw new ArchiveException(source + " line 1: header lacks column(s) " + String.join(", ", missing)
                    + "; it has " + String.join(", ", header) + "; required are " + REQUIRED_TEXT, null);
        }
    }

    /** Turns records into meters, one row at a time; holds the shared strings and ratios of one load. */
    private static final class RowReader {
        final List<Meter> meters = new ArrayList<>();
        final List<RowProblem> problems = new ArrayList<>();
        final List<RowProblem> warnings = new ArrayList<>();
        private final SiteColumns site = new SiteColumns();
        final List<Placement> placements = new ArrayList<>();
        private final Map<String, Long> lineOfPoint = new HashMap<>();
        private final Map<String, Long> lineOfAddress = new HashMap<>();
        private final Map<String, String> strings = new HashMap<>();
        private final Map<String, BigDecimal> ratios = new HashMap<>();
        private final RegisterMaps maps;

        RowReader(RegisterMaps maps) {
            this.maps = maps;
        }

        void accept(CSVRecord record, long line) {
            int before = problems.size();
            String address = field(record, ADDRESS, line);
            String protocolText = field(record, PROTOCOL, line);
            String bus = field(record, BUS, line);
            String ct = field(record, CT_RATIO, line);
            String vt = field(record, VT_RATIO, line);
            String customerClass = field(record, CUSTOMER_CLASS, line);
            String area = record.isSet(AREA) ? record.get(AREA) : "";

            if (address != null) {
                try {
                    address = Meter.normalizeAddress(address);
                } catch (IllegalArgumentException e) {
                    problems.add(new RowProblem(line, RowProblem.Kind.BAD_ADDRESS, ADDRESS + ": " + e.getMessage()));
                    address = null;
                }
            }
            MeterProtocol protocol = null;
            if (protocolText != null) {
                protocol = MeterProtocol.ofCode(protocolText).orElse(null);
                if (protocol == null) {
                    problems.add(new RowProblem(line, RowProblem.Kind.UNKNOWN_PROTOCOL,
                            PROTOCOL + ": " + MeterProtocol.refusal(protocolText)));
                }
            }
            BigDecimal ctRatio = ct == null ? null : ratio(CT_RATIO, ct, line);
            BigDecimal vtRatio = vt == null ? null : ratio(VT_RATIO, vt, line);
            if (address != null) {
                Long first = lineOfAddress.putIfAbsent(address, line);
                if (first != null) {
                    problems.add(new RowProblem(line, RowProblem.Kind.DUPLICATE_ADDRESS,
                            ADDRESS + ": " + address + " already appears on line " + first + ", which is kept"));
                }
            }
            ModbusTarget modbus = protocol != null && protocol.isModbus() ? modbus(record, line) : null;
            Placement placement = address == null ? null : placement(record, address, line);
            if (problems.size() == before) {
                if (placement != null) {
                    // only a good row takes its point, as only a good row claims its address
                    lineOfPoint.put(placement.concentrator() + "/" + placement.point(), line);
                    placements.add(placement);
                }
                MeterSite details = site.read(record, line, warnings, this::shared);
                meters.add(new Meter(address, protocol, protocol.edition(), shared(bus), ctRatio, vtRatio, shared(customerClass),
                        shared(area), modbus, details));
            } else if (address != null && lineOfAddress.get(address) == line) {
                // a bad row does not claim its address: a later good row with it is kept
                lineOfAddress.remove(address);
            }
        }

        /** The row's concentrator and point, null when it has neither; a problem when one is bad or missing. */
        private Placement placement(CSVRecord record, String address, long line) {
            String c = record.isSet(CONCENTRATOR) ? record.get(CONCENTRATOR) : "";
            String p = record.isSet(POINT) ? record.get(POINT) : "";
            if (c.isEmpty() && p.isEmpty()) {
                return null;
            }
            if (c.isEmpty() || p.isEmpty()) {
                problems.add(new RowProblem(line, RowProblem.Kind.BAD_PLACEMENT,
                        "concentrator and point go together; got concentrator '" + c + "' and point '" + p + "'"));
                return null;
            }
            try {
                int[] t = Placement.parseConcentrator(c);
                int point;
                try {
                    point = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("point was '" + p + "' but must be a whole number 1.." + Placement.MAX_POINT);
                }
                Placement placement = new Placement(address, t[0], t[1], point);
                Long first = lineOfPoint.get(placement.concentrator() + "/" + point);
                if (first != null) {
                    problems.add(new RowProblem(line, RowProblem.Kind.BAD_PLACEMENT,
                            "point " + point + " of concentrator " + placement.concentrator() + " is already taken on line " + first));
                    return null;
                }
                return placement;
            } catch (IllegalArgumentException e) {
                problems.add(new RowProblem(line, RowProblem.Kind.BAD_PLACEMENT, e.getMessage()));
                return null;
            }
        }

        private String field(CSVRecord record, String name, long line) {
            String v = record.isSet(name) ? record.get(name) : "";
            if (v.isEmpty()) {
                problems.add(new RowProblem(line, RowProblem.Kind.MISSING_FIELD, name + " is missing"));
                return null;
            }
            return v;
        }

        /** Unit and map of a Modbus row; null (with the problem recorded) when either is missing or bad. */
        private ModbusTarget modbus(CSVRecord record, long line) {
            String unitText = field(record, MODBUS_UNIT, line);
            String mapText = field(record, REGISTER_MAP, line);
            int unit = -1;
            if (unitText != null) {
                try {
                    unit = Integer.parseInt(unitText);
                } catch (NumberFormatException e) {
                    unit = -1;
                }
                if (unit < 1 || unit > 255) {
                    problems.add(new RowProblem(line, RowProblem.Kind.BAD_MODBUS,
                            MODBUS_UNIT + " was '" + unitText + "' but must be 1..255 (0 is broadcast)"));
                }
            }
            org.headend.protocol.modbus.RegisterMap map = null;
            if (mapText != null) {
                try {
                    map = maps.resolve(mapText);
                } catch (IllegalArgumentException e) {
                    problems.add(new RowProblem(line, RowProblem.Kind.BAD_MODBUS, REGISTER_MAP + ": " + e.getMessage()));
                }
            }
            return map != null && unit >= 1 && unit <= 255 ? new ModbusTarget(unit, map) : null;
        }

        private BigDecimal ratio(String name, String text, long line) {
            BigDecimal cached = ratios.get(text);
            if (cached != null) {
                return cached;
            }
            BigDecimal v;
            try {
                v = new BigDecimal(text);
            } catch (NumberFormatException e) {
                problems.add(new RowProblem(line, RowProblem.Kind.BAD_NUMBER,
                        name + " was '" + text + "' but must be a positive decimal number"));
                return null;
            }
            if (v.signum() <= 0) {
                problems.add(new RowProblem(line, RowProblem.Kind.BAD_NUMBER,
                        name + " was " + text + " but must be positive"));
                return null;
            }
            ratios.put(text, v);
            return v;
        }

        private String shared(String s) {
            return strings.computeIfAbsent(s, k -> k);
        }
    }
}
