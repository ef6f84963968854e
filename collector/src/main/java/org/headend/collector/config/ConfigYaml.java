package org.headend.collector.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.channel.LineProtocol;
import org.headend.protocol.serial.SerialFormat;
import org.headend.storage.StoreOptions;

/**
 * YAML to {@link CollectorConfig} and back. Binds the tree by hand rather than with data binding so
 * that one pass finds every unknown key and every mistyped value, not only the first (HikariCP#1279:
 * users want all their mistakes at once). A value that cannot be read is reported and replaced by its
 * default, so that range checks still run on the rest.
 */
final class ConfigYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> ROOT_KEYS = Set.of("store", "storeOptions", "metrics", "archive", "schedule", "busDefaults", "buses",
            "fairness", "lines", "modbus", "concentrators");
    private static final Set<String> MODBUS_KEYS = Set.of("connectPause", "maxRegisters", "devices");
    private static final Set<String> QUIRK_KEYS = Set.of("connectPause", "maxRegisters");
    private static final Set<String> STORE_OPTION_KEYS = Set.of("fullSync", "sqliteCacheKib", "monthsAhead", "retention",
            "compressAfter", "connections", "dailyZone");
    private static final Set<String> METRICS_KEYS = Set.of("host", "port");
    private static final Set<String> SCHEDULE_KEYS = Set.of("interval", "reads");
    private static final Set<String> DEFAULTS_KEYS = Set.of("requestTimeout", "retries", "retryBackoff",
            "reconnectBackoff", "preamble");
    private static final Set<String> BUS_KEYS = Set.of("host", "port", "requestTimeout", "retries", "retryBackoff",
            "reconnectBackoff", "preamble");
    private static final Set<String> BACKOFF_KEYS = Set.of("min", "max");
    private static final Set<String> FAIRNESS_KEYS = Set.of("timeoutFloor", "deviations", "quarantineAfter", "probeBackoff");
    private static final Set<String> LINE_KEYS = Set.of("device", "protocol", "baud", "dataBits", "parity", "stopBits",
            "frameGap", "echoSuppression", "requestTimeout", "retries", "retryBackoff", "reconnectBackoff", "preamble");
    private static final Set<String> CONCENTRATOR_KEYS = Set.of("host", "port", "masterAddress", "heartbeatPeriod",
            "idlePeriods", "requestTimeout", "retries", "maxInFlight", "pointsPerRequest", "reads", "forwardPort",
            "forwardBaud", "clockDriftLimit", "setClock", "meterClockDriftLimit", "meterClockEvery", "backfillDays",
            "loginsPerMinute", "zone");

    private final Problems problems = new Problems();

    private ConfigYaml() {
    }

    static CollectorConfig read(Reader yaml, String source) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConfigException(source, List.of((at == null ? "" : "line " + at.getLineNr() + " column "
                    + at.getColumnNr() + ": ") + "not valid YAML: " + e.getOriginalMessage()));
        }
        ConfigYaml reader = new ConfigYaml();
        CollectorConfig config = reader.root(root);
        config.check(reader.problems);
        if (!reader.problems.list().isEmpty()) {
            throw new ConfigException(source, reader.problems.list());
        }
        return config;
    }

    private CollectorConfig root(JsonNode root) {
        ObjectNode r = object(root, "the document");
        if (r == null) {
            return CollectorConfig.defaults();
        }
        keys(r, "", ROOT_KEYS);
        String store = text(r, "store", "store", CollectorConfig.DEFAULT_STORE);
        StoreOptions storeOptions = storeOptions(object(r.get("storeOptions"), "storeOptions"));
        ObjectNode m = object(r.get("metrics"), "metrics");
        MetricsSettings metrics = new MetricsSettings(text(m, "host", "metrics.host", MetricsSettings.DEFAULT_HOST),
                integer(m, "port", "metrics.port", MetricsSettings.DEFAULT_PORT));
        keys(m, "metrics.", METRICS_KEYS);
        Path archive = Path.of(text(r, "archive", "archive", CollectorConfig.DEFAULT_ARCHIVE.toString()));
        Schedule schedule = schedule(object(r.get("schedule"), "schedule"));
        BusDefaults defaults = busDefaults(object(r.get("busDefaults"), "busDefaults"));
        Map<String, BusSettings> buses = new LinkedHashMap<>();
        ObjectNode b = object(r.get("buses"), "buses");
        if (b != null) {
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                buses.put(e.getKey(), bus(object(e.getValue(), "buses." + e.getKey()), "buses." + e.getKey() + ".", defaults));
            }
        }
        FairnessSettings fairness = fairness(object(r.get("fairness"), "fairness"));
        Map<String, LineSettings> lines = new LinkedHashMap<>();
        ObjectNode l = object(r.get("lines"), "lines");
        if (l != null) {
            for (Map.Entry<String, JsonNode> e : l.properties()) {
                String prefix = "lines." + e.getKey();
                lines.put(e.getKey(), line(object(e.getValue(), prefix), prefix + ".", defaults));
            }
        }
        ModbusConfig modbus = modbus(object(r.get("modbus"), "modbus"));
        // problems from here on are values out of range, found by CollectorConfig.check
        ConcentratorSettings concentrators = r.has("concentrators")
                ? concentrators(object(r.get("concentrators"), "concentrators")) : ConcentratorSettings.OFF;
        return new CollectorConfig(store, storeOptions, metrics, archive, schedule, defaults, buses, fairness, lines,
                modbus, concentrators);
    }

    private StoreOptions storeOptions(ObjectNode n) {
        keys(n, "storeOptions.", STORE_OPTION_KEYS);
        StoreOptions d = StoreOptions.defaults();
        String k = "storeOptions.";
        ZoneId zone = zone(n, "dailyZone", k + "dailyZone", d.dailyZone());
        try {
            return new StoreOptions(bool(n, "fullSync", k + "fullSync", d.fullSync()),
                    integer(n, "sqliteCacheKib", k + "sqliteCacheKib", d.sqliteCacheKib()),
                    integer(n, "monthsAhead", k + "monthsAhead", d.monthsAhead()),
                    duration(n, "retention", k + "retention", d.retention()),
                    duration(n, "compressAfter", k + "compressAfter", d.compressAfter()),
                    integer(n, "connections", k + "connections", d.connections()), zone);
        } catch (IllegalArgumentException e) {
            problems.add(k + e.getMessage());
            return d;
        }
    }

    private ZoneId zone(ObjectNode parent, String field, String key, ZoneId dflt) {
        String z = text(parent, field, key, null);
        if (z == null) {
            return dflt;
        }
        try {
            return ZoneId.of(z.strip());
        } catch (DateTimeException e) {
            problems.add(key + " was '" + z + "' but must be a time zone such as +08:00 or Asia/Shanghai");
            return dflt;
        }
    }

    private ModbusConfig modbus(ObjectNode n) {
        keys(n, "modbus.", MODBUS_KEYS);
        DeviceQuirks defaults = quirks(n, "modbus.", DeviceQuirks.DEFAULTS);
        Map<String, DeviceQuirks> devices = new LinkedHashMap<>();
        ObjectNode d = object(n == null ? null : n.get("devices"), "modbus.devices");
        if (d != null) {
            for (Map.Entry<String, JsonNode> e : d.properties()) {
                String prefix = "modbus.devices." + e.getKey() + ".";
                ObjectNode q = object(e.getValue(), "modbus.devices." + e.getKey());
                keys(q, prefix, QUIRK_KEYS);
                devices.put(e.getKey(), quirks(q, prefix, defaults));
            }
        }
        return new ModbusConfig(defaults, devices);
    }

    private DeviceQuirks quirks(ObjectNode n, String prefix, DeviceQuirks inherited) {
        return new DeviceQuirks(duration(n, "connectPause", prefix + "connectPause", inherited.connectPause()),
                integer(n, "maxRegisters", prefix + "maxRegisters", inherited.maxRegisters()));
    }

    /** The 1376.1 front end: present (even empty) switches it on. */
    private ConcentratorSettings concentrators(ObjectNode c) {
        String k = "concentrators.";
        keys(c, k, CONCENTRATOR_KEYS);
        ConcentratorSettings d = ConcentratorSettings.DEFAULTS;
        List<String> reads = d.reads();
        JsonNode rn = c == null ? null : c.get("reads");
        if (rn != null) {
            if (rn instanceof ArrayNode a) {
                reads = new ArrayList<>();
                for (JsonNode n : a) {
                    reads.add(n.asText());
                }
            } else {
                problems.add(k + "reads was " + shown(rn) + " but must be a list of current, forward");
            }
        }
        ZoneId zone = zone(c, "zone", k + "zone", d.zone());
        JsonNode sc = c == null ? null : c.get("setClock");
        if (sc != null && !sc.isBoolean()) {
            problems.add(k + "setClock was " + shown(sc) + " but must be true or false");
        }
        return new ConcentratorSettings(true, text(c, "host", k + "host", d.host()), integer(c, "port", k + "port", d.port()),
                integer(c, "masterAddress", k + "masterAddress", d.masterAddress()),
                duration(c, "heartbeatPeriod", k + "heartbeatPeriod", d.heartbeatPeriod()),
                integer(c, "idlePeriods", k + "idlePeriods", d.idlePeriods()),
                duration(c, "requestTimeout", k + "requestTimeout", d.requestTimeout()),
                integer(c, "retries", k + "retries", d.retries()),
                integer(c, "maxInFlight", k + "maxInFlight", d.maxInFlight()),
                integer(c, "pointsPerRequest", k + "pointsPerRequest", d.pointsPerRequest()), reads,
                integer(c, "forwardPort", k + "forwardPort", d.forwardPort()),
                integer(c, "forwardBaud", k + "forwardBaud", d.forwardBaud()),
                duration(c, "clockDriftLimit", k + "clockDriftLimit", d.clockDriftLimit()),
                sc != null && sc.isBoolean() ? sc.booleanValue() : d.setClock(),
                duration(c, "meterClockDriftLimit", k + "meterClockDriftLimit", d.meterClockDriftLimit()),
                duration(c, "meterClockEvery", k + "meterClockEvery", d.meterClockEvery()),
                integer(c, "backfillDays", k + "backfillDays", d.backfillDays()),
                integer(c, "loginsPerMinute", k + "loginsPerMinute", d.loginsPerMinute()), zone);
    }

    private Schedule schedule(ObjectNode s) {
        keys(s, "schedule.", SCHEDULE_KEYS);
        Duration interval = duration(s, "interval", "schedule.interval", Schedule.DEFAULT_INTERVAL);
        Map<MeterProtocol, List<String>> reads = new EnumMap<>(Schedule.defaultReads());
        ObjectNode r = object(s == null ? null : s.get("reads"), "schedule.reads");
        if (r != null) {
            for (Map.Entry<String, JsonNode> e : r.properties()) {
                String key = "schedule.reads." + e.getKey();
                var protocol = MeterProtocol.ofCode(e.getKey());
                if (protocol.isEmpty()) {
                    problems.add(key + " is not a known protocol; known are "
                            + String.join(", ", Schedule.defaultReads().keySet().stream().map(MeterProtocol::code).sorted().toList()));
                    continue;
                }
                if (protocol.get().isModbus()) {
                    problems.add(key + " cannot be set: a Modbus meter reads what its register map lists (archive column register_map)");
                    continue;
                }
                List<String> ids = dataIds(e.getValue(), key);
                if (ids != null) {
                    reads.put(protocol.get(), ids);
                }
            }
        }
        return new Schedule(interval, reads);
    }

    private List<String> dataIds(JsonNode n, String key) {
        if (!(n instanceof ArrayNode a)) {
            problems.add(key + " was " + shown(n) + " but must be a list of quoted hex data identifiers");
            return null;
        }
        List<String> ids = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < a.size(); i++) {
            JsonNode id = a.get(i);
            if (!id.isTextual()) {
                // YAML reads an unquoted 00010000 as a number and loses the leading zeros
                problems.add(key + "[" + i + "] was " + shown(id) + " but must be quoted hex text, e.g. \"00010000\"");
                bad = true;
            } else {
                ids.add(id.asText());
            }
        }
        // a list with a bad entry keeps the default, so range checks do not report it again
        return bad ? null : ids;
    }

    private BusDefaults busDefaults(ObjectNode d) {
        keys(d, "busDefaults.", DEFAULTS_KEYS);
        return timing(d, "busDefaults.", BusDefaults.STANDARD);
    }

    /** The timing keys of busDefaults, a bus or a line, each defaulting to {@code d}'s. */
    private BusDefaults timing(ObjectNode n, String prefix, BusDefaults d) {
        return new BusDefaults(
                duration(n, "requestTimeout", prefix + "requestTimeout", d.requestTimeout()),
                integer(n, "retries", prefix + "retries", d.retries()),
                duration(n, "retryBackoff", prefix + "retryBackoff", d.retryBackoff()),
                backoff(n, "reconnectBackoff", prefix + "reconnectBackoff", d.reconnectBackoff()),
                integer(n, "preamble", prefix + "preamble", d.preamble()));
    }

    private BusSettings bus(ObjectNode b, String prefix, BusDefaults d) {
        keys(b, prefix, BUS_KEYS);
        // a missing host is reported by the range checks as blank; a missing port here, defaulted to a valid one
        if (b == null || !b.has("port")) {
            problems.add(prefix + "port is missing");
        }
        BusDefaults t = timing(b, prefix, d);
        return new BusSettings(text(b, "host", prefix + "host", ""), integer(b, "port", prefix + "port", 1),
                t.requestTimeout(), t.retries(), t.retryBackoff(), t.reconnectBackoff(), t.preamble());
    }

    private FairnessSettings fairness(ObjectNode f) {
        keys(f, "fairness.", FAIRNESS_KEYS);
        FairnessSettings s = FairnessSettings.DEFAULTS;
        return new FairnessSettings(
                duration(f, "timeoutFloor", "fairness.timeoutFloor", s.timeoutFloor()),
                integer(f, "deviations", "fairness.deviations", s.deviations()),
                integer(f, "quarantineAfter", "fairness.quarantineAfter", s.quarantineAfter()),
                backoff(f, "probeBackoff", "fairness.probeBackoff", s.probeBackoff()));
    }

    /** A line: serial format from its protocol's default, gap derived from the format unless set, timing from busDefaults. */
    private LineSettings line(ObjectNode l, String prefix, BusDefaults d) {
        keys(l, prefix, LINE_KEYS);
        String code = text(l, "protocol", prefix + "protocol", LineProtocol.DLT645.code());
        LineProtocol protocol = LineProtocol.ofCode(code).orElse(null);
        if (protocol == null) {
            problems.add(prefix + "protocol was '" + code + "' but must be one of "
                    + String.join(", ", Arrays.stream(LineProtocol.values()).map(LineProtocol::code).toList()));
            protocol = LineProtocol.DLT645;
        }
        SerialFormat f = protocol.defaultFormat();
        int baud = integer(l, "baud", prefix + "baud", f.baud());
        int dataBits = integer(l, "dataBits", prefix + "dataBits", f.dataBits());
        SerialFormat.Parity parity = parity(l, prefix + "parity", f.parity());
        int stopBits = integer(l, "stopBits", prefix + "stopBits", f.stopBits());
        Duration gap;
        try {
            gap = protocol.frameGap(new SerialFormat(baud, dataBits, parity, stopBits));
        } catch (IllegalArgumentException e) {
            gap = protocol.frameGap(f); // the range checks report the bad part
        }
        return new LineSettings(text(l, "device", prefix + "device", ""), protocol, baud, dataBits, parity, stopBits,
                duration(l, "frameGap", prefix + "frameGap", gap),
                bool(l, "echoSuppression", prefix + "echoSuppression", false), timing(l, prefix, d));
    }

    private SerialFormat.Parity parity(ObjectNode parent, String key, SerialFormat.Parity dflt) {
        String t = text(parent, "parity", key, null);
        if (t == null) {
            return dflt;
        }
        for (SerialFormat.Parity p : SerialFormat.Parity.values()) {
            if (p.name().equalsIgnoreCase(t.strip()) || t.strip().equalsIgnoreCase(String.valueOf(p.letter()))) {
                return p;
            }
        }
        problems.add(key + " was '" + t + "' but must be none, even or odd");
        return dflt;
    }

    private boolean bool(ObjectNode parent, String field, String key, boolean dflt) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            problems.add(key + " was " + shown(n) + " but must be true or false");
            return dflt;
        }
        return n.booleanValue();
    }

    private Backoff backoff(ObjectNode parent, String field, String key, Backoff dflt) {
        ObjectNode n = object(parent == null ? null : parent.get(field), key);
        keys(n, key + ".", BACKOFF_KEYS);
        return new Backoff(duration(n, "min", key + ".min", dflt.min()), duration(n, "max", key + ".max", dflt.max()));
    }

    /** The node as an object; null (and no problem) when absent or empty, null and a problem when a scalar or list. */
    private ObjectNode object(JsonNode n, String key) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n instanceof ObjectNode o) {
            return o;
        }
        problems.add(key + " was " + shown(n) + " but must be a mapping of keys to values");
        return null;
    }

    private void keys(ObjectNode n, String prefix, Set<String> allowed) {
        if (n == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String k = e.getKey();
            if (!allowed.contains(k)) {
                problems.add(prefix + k + " is not a known key; known here are " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private String text(ObjectNode parent, String field, String key, String dflt) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null) {
            return dflt;
        }
        if (!n.isValueNode() || n.isNull()) {
            problems.add(key + " was " + shown(n) + " but must be text");
            return dflt;
        }
        return n.asText();
    }

    private int integer(ObjectNode parent, String field, String key, int dflt) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problems.add(key + " was " + shown(n) + " but must be a whole number");
            return dflt;
        }
        return n.intValue();
    }

    private Duration duration(ObjectNode parent, String field, String key, Duration dflt) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null) {
            return dflt;
        }
        Duration d = n.isTextual() ? DurationText.parse(n.asText()) : null;
        if (d == null) {
            problems.add(key + " was " + shown(n) + " but must be a duration with a unit: 500ms, 2s, 15m, 1h or ISO-8601 (PT15M)");
            return dflt;
        }
        return d;
    }

    private static String shown(JsonNode n) {
        if (n == null || n.isNull()) {
            return "empty";
        }
        return n.isTextual() ? "'" + n.asText() + "'" : n.isValueNode() ? n.asText() : n.isArray() ? "a list" : "a mapping";
    }

    static String write(CollectorConfig c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("store", c.store());
        ObjectNode so = root.putObject("storeOptions");
        so.put("fullSync", c.storeOptions().fullSync());
        so.put("sqliteCacheKib", c.storeOptions().sqliteCacheKib());
        so.put("monthsAhead", c.storeOptions().monthsAhead());
        so.put("retention", DurationText.format(c.storeOptions().retention()));
        so.put("compressAfter", DurationText.format(c.storeOptions().compressAfter()));
        so.put("connections", c.storeOptions().connections());
        so.put("dailyZone", c.storeOptions().dailyZone().getId());
        ObjectNode m = root.putObject("metrics");
        m.put("host", c.metrics().host());
        m.put("port", c.metrics().port());
        root.put("archive", c.archive().toString());
        ObjectNode s = root.putObject("schedule");
        s.put("interval", DurationText.format(c.schedule().interval()));
        ObjectNode reads = s.putObject("reads");
        c.schedule().reads().forEach((p, ids) -> {
            ArrayNode a = reads.putArray(p.code());
            ids.forEach(a::add);
        });
        timing(root.putObject("busDefaults"), c.busDefaults());
        ObjectNode buses = root.putObject("buses");
        c.buses().forEach((name, b) -> {
            ObjectNode bn = buses.putObject(name);
            bn.put("host", b.host());
            bn.put("port", b.port());
            timing(bn, b.timing());
        });
        FairnessSettings f = c.fairness();
        ObjectNode fn = root.putObject("fairness");
        fn.put("timeoutFloor", DurationText.format(f.timeoutFloor()));
        fn.put("deviations", f.deviations());
        fn.put("quarantineAfter", f.quarantineAfter());
        backoff(fn, "probeBackoff", f.probeBackoff());
        ObjectNode lines = root.putObject("lines");
        c.lines().forEach((name, l) -> {
            ObjectNode ln = lines.putObject(name);
            ln.put("device", l.device());
            ln.put("protocol", l.protocol().code());
            ln.put("baud", l.baud());
            ln.put("dataBits", l.dataBits());
            ln.put("parity", l.parity().name().toLowerCase(Locale.ROOT));
            ln.put("stopBits", l.stopBits());
            ln.put("frameGap", DurationText.format(l.frameGap()));
            ln.put("echoSuppression", l.echoSuppression());
            timing(ln, l.timing());
        });
        ObjectNode mb = root.putObject("modbus");
        quirks(mb, c.modbus().defaults());
        ObjectNode devices = mb.putObject("devices");
        c.modbus().devices().forEach((name, q) -> quirks(devices.putObject(name), q));
        ConcentratorSettings cs = c.concentrators();
        if (cs.enabled()) {
            ObjectNode cn = root.putObject("concentrators");
            cn.put("host", cs.host());
            cn.put("port", cs.port());
            cn.put("masterAddress", cs.masterAddress());
            cn.put("heartbeatPeriod", DurationText.format(cs.heartbeatPeriod()));
            cn.put("idlePeriods", cs.idlePeriods());
            cn.put("requestTimeout", DurationText.format(cs.requestTimeout()));
            cn.put("retries", cs.retries());
            cn.put("maxInFlight", cs.maxInFlight());
            cn.put("pointsPerRequest", cs.pointsPerRequest());
            ArrayNode ra = cn.putArray("reads");
            cs.reads().forEach(ra::add);
            cn.put("forwardPort", cs.forwardPort());
            cn.put("forwardBaud", cs.forwardBaud());
            cn.put("clockDriftLimit", DurationText.format(cs.clockDriftLimit()));
            cn.put("setClock", cs.setClock());
            cn.put("meterClockDriftLimit", DurationText.format(cs.meterClockDriftLimit()));
            cn.put("meterClockEvery", DurationText.format(cs.meterClockEvery()));
            cn.put("backfillDays", cs.backfillDays());
            cn.put("loginsPerMinute", cs.loginsPerMinute());
            cn.put("zone", cs.zone().getId());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree of plain values cannot fail", e);
        }
    }

    private static void timing(ObjectNode n, BusDefaults t) {
        n.put("requestTimeout", DurationText.format(t.requestTimeout()));
        n.put("retries", t.retries());
        n.put("retryBackoff", DurationText.format(t.retryBackoff()));
        backoff(n, "reconnectBackoff", t.reconnectBackoff());
        n.put("preamble", t.preamble());
    }

    private static void quirks(ObjectNode n, DeviceQuirks q) {
        n.put("connectPause", DurationText.format(q.connectPause()));
        n.put("maxRegisters", q.maxRegisters());
    }

    private static void backoff(ObjectNode parent, String field, Backoff b) {
        ObjectNode n = parent.putObject(field);
        n.put("min", DurationText.format(b.min()));
        n.put("max", DurationText.format(b.max()));
    }
}
