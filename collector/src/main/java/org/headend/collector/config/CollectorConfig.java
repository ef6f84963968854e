package org.headend.collector.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.headend.storage.StoreOptions;
import org.headend.collector.archive.MeterProtocol;
import org.headend.protocol.serial.SerialFormat;

/**
 * The collector's configuration: one immutable tree, read from YAML ({@link #load}, {@link #parse})
 * or built in code ({@link #builder()}), checked as a whole by {@link #validate()}.
 *
 * <p>Every key has a default, so an empty file is a valid config. Buses inherit every setting but
 * host and port from {@code busDefaults} (OpenMUC's {@code channels.xml} inheritance). Durations are
 * ISO-8601 ({@code PT15M}) or a whole number with a unit ({@code 500ms}, {@code 2s}, {@code 15m}).
 * Unknown keys are errors, not warnings, so a misspelt key never silently leaves a default in force.
 * The key table with units and defaults is in the README.
 *
 * @param store       where readings go: {@code embedded:<file>} or {@code jdbc:postgresql://...}
 * @param storeOptions what the store spec does not say: retention, compression, pool size...
 * @param metrics     the Prometheus scrape endpoint
 * @param archive     the meter archive CSV
 * @param schedule    what to read and how often
 * @param busDefaults what buses inherit
 * @param buses       by bus name, with inherited settings already filled in
 * @param fairness    adaptive timeouts and quarantine, for every bus and line
 * @param lines       serial RS-485 lines by name, with inherited settings filled in; a line's name
 *                    is a bus name for the archive, so it may not repeat one of {@code buses}
 * @param modbus      quirks of Modbus devices, by bus
 * @param concentrators the Q/GDW 1376.1 front end concentrators dial in to; off unless configured
 */
public record CollectorConfig(String store, StoreOptions storeOptions, MetricsSettings metrics, Path archive, Schedule schedule,
                              BusDefaults busDefaults, Map<String, BusSettings> buses, FairnessSettings fairness,
                              Map<String, LineSettings> lines, ModbusConfig modbus, ConcentratorSettings concentrators) {

    public static final String DEFAULT_STORE = "embedded:data/headend.db";
    public static final Path DEFAULT_ARCHIVE = Path.of("data/meters.csv");

    /** Bus names become metric tag values and YAML keys: keep them plain. */
    static final Pattern BUS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(1);
    static final int MAX_RETRIES = 10;
    static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(1);
    static final Duration MIN_RECONNECT_BACKOFF = Duration.ofMillis(10);
    static final Duration MAX_RECONNECT_BACKOFF = Duration.ofHours(1);
    /** Masters send up to 4 FE bytes (protocols.md §1.1). */
    static final int MAX_PREAMBLE = 4;
    static final Duration MAX_FRAME_GAP = Duration.ofSeconds(1);
    static final int MAX_DEVIATIONS = 16;
    static final int MAX_QUARANTINE_AFTER = 100;
    static final Duration MIN_PROBE_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_PROBE_BACKOFF = Duration.ofDays(1);

    public CollectorConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(storeOptions, "storeOptions");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(busDefaults, "busDefaults");
        Objects.requireNonNull(fairness, "fairness");
        Objects.requireNonNull(modbus, "modbus");
        buses = Collections.unmodifiableMap(new LinkedHashMap<>(buses));
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        Objects.requireNonNull(concentrators, "concentrators");
    }

    /** Without Modbus quirks or a concentrator front end. */
    public CollectorConfig(String store, MetricsSettings metrics, Path archive, Schedule schedule,
                           BusDefaults busDefaults, Map<String, BusSettings> buses, FairnessSettings fairness,
                           Map<String, LineSettings> lines) {
        this(store, StoreOptions.defaults(), metrics, archive, schedule, busDefaults, buses, fairness, lines,
                ModbusConfig.DEFAULTS, ConcentratorSettings.OFF);
    }

    /** Gateway buses only, default fairness. */
    public CollectorConfig(String store, MetricsSettings metrics, Path archive, Schedule schedule,
                           BusDefaults busDefaults, Map<String, BusSettings> buses) {
        this(store, metrics, archive, schedule, busDefaults, buses, FairnessSettings.DEFAULTS, Map.of());
    }

    public CollectorConfig withStore(String spec) {
        return new CollectorConfig(spec, storeOptions, metrics, archive, schedule, busDefaults, buses, fairness, lines, modbus,
                concentrators);
    }

    public CollectorConfig withArchive(Path csv) {
        return new CollectorConfig(store, storeOptions, metrics, csv, schedule, busDefaults, buses, fairness, lines, modbus,
                concentrators);
    }

    /** Every key at its default, no buses. */
    public static CollectorConfig defaults() {
        return new CollectorConfig(DEFAULT_STORE, MetricsSettings.DEFAULTS, DEFAULT_ARCHIVE, Schedule.DEFAULTS,
                BusDefaults.STANDARD, Map.of(), FairnessSettings.DEFAULTS, Map.of());
    }

    /** Reads and validates a YAML file. */
    public static CollectorConfig load(Path yaml) throws IOException {
        try (Reader in = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
            return parse(in, yaml.toString());
        }
    }

    /**
     * Reads and validates YAML.
     *
     * @param source names the input in the error message
     * @throws ConfigException listing every problem: syntax, unknown keys, wrong types, values out of range
     */
    public static CollectorConfig parse(Reader yaml, String source) throws IOException {
        return ConfigYaml.read(yaml, source);
    }

    /** {@link #parse(Reader, String)} for text. */
    public static CollectorConfig parse(String yaml) {
        try {
            return parse(new StringReader(yaml), "config");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** This config as YAML that {@link #parse} reads back to an equal config; every key written. */
    public String toYaml() {
        return ConfigYaml.write(this);
    }

    /** Every problem of this config, each naming the key, the value and the allowed range; empty when valid. */
    public List<String> problems() {
        Problems p = new Problems();
        check(p);
        return List.copyOf(p.list());
    }

    /**
     * Checks the whole config and reports every problem at once.
     *
     * @return this config, valid
     * @throws ConfigException listing all problems
     */
    public CollectorConfig validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new ConfigException("collector config", problems);
        }
        return this;
    }

    void check(Problems p) {
        if (!(store.startsWith("embedded:") && store.length() > "embedded:".length())
                && !store.startsWith("jdbc:postgresql://")) {
            p.add("store was '" + store + "' but must be embedded:<file> or jdbc:postgresql://<host>[:<port>]/<database>");
        }
        p.notBlank("metrics.host", metrics.host());
        p.range("metrics.port", metrics.port(), 0, 65535);
        p.notBlank("archive", archive.toString());
        schedule.check(p);
        checkDefaults(p);
        buses.forEach((name, bus) -> checkBus(p, name, bus));
        checkFairness(p);
        lines.forEach((name, line) -> checkLine(p, name, line));
        modbus.check(p, buses, lines);
        concentrators.check(p);
    }

    /** This config with another store and archive (command-line overrides), everything else kept. */
    public CollectorConfig with(String store, Path archive) {
        return withStore(store).withArchive(archive);
    }

    private void checkFairness(Problems p) {
        FairnessSettings f = fairness;
        p.range("fairness.timeoutFloor", f.timeoutFloor(), MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
        p.range("fairness.deviations", f.deviations(), 0, MAX_DEVIATIONS);
        p.range("fairness.quarantineAfter", f.quarantineAfter(), 0, MAX_QUARANTINE_AFTER);
        checkBackoff(p, "fairness.probeBackoff", f.probeBackoff(), MIN_PROBE_BACKOFF, MAX_PROBE_BACKOFF);
    }

    /** Checks a line's own values; timing values it inherited were checked under busDefaults. */
    private void checkLine(Problems p, String name, LineSettings l) {
        String k = "lines." + name;
        checkName(p, k, name);
        if (buses.containsKey(name)) {
            p.add(k + " has the name of a bus; the archive's bus column must name one bus or line");
        }
        p.notBlank(k + ".device", l.device());
        p.range(k + ".baud", l.baud(), SerialFormat.MIN_BAUD, SerialFormat.MAX_BAUD);
        p.range(k + ".dataBits", l.dataBits(), 5, 8);
        p.range(k + ".stopBits", l.stopBits(), 1, 2);
        p.range(k + ".frameGap", l.frameGap(), Duration.ZERO, MAX_FRAME_GAP);
        checkOwnTiming(p, k, l.timing());
    }

    private void checkDefaults(Problems p) {
        BusDefaults d = busDefaults;
        p.range("busDefaults.requestTimeout", d.requestTimeout(), MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
        p.range("busDefaults.retries", d.retries(), 0, MAX_RETRIES);
        p.range("busDefaults.retryBackoff", d.retryBackoff(), Duration.ZERO, MAX_RETRY_BACKOFF);
        checkBackoff(p, "busDefaults.reconnectBackoff", d.reconnectBackoff());
        p.range("busDefaults.preamble", d.preamble(), 0, MAX_PREAMBLE);
    }

    /** Checks only what the bus sets itself: an inherited bad value is reported once, under busDefaults. */
    private void checkBus(Problems p, String name, BusSettings b) {
        String k = "buses." + name;
        checkName(p, k, name);
        p.notBlank(k + ".host", b.host());
        p.range(k + ".port", b.port(), 1, 65535);
        checkOwnTiming(p, k, b.timing());
    }

    private static void checkName(Problems p, String key, String name) {
        if (!BUS_NAME.matcher(name).matches()) {
            p.add(key + " has a bad name: '" + name + "' must be 1..64 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
    }

    /** The timing keys a bus or line sets itself, i.e. those that differ from busDefaults. */
    private void checkOwnTiming(Problems p, String k, BusDefaults own) {
        BusDefaults d = busDefaults;
        if (!own.requestTimeout().equals(d.requestTimeout())) {
            p.range(k + ".requestTimeout", own.requestTimeout(), MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
        }
        if (own.retries() != d.retries()) {
            p.range(k + ".retries", own.retries(), 0, MAX_RETRIES);
        }
        if (!own.retryBackoff().equals(d.retryBackoff())) {
            p.range(k + ".retryBackoff", own.retryBackoff(), Duration.ZERO, MAX_RETRY_BACKOFF);
        }
        if (!own.reconnectBackoff().equals(d.reconnectBackoff())) {
            checkBackoff(p, k + ".reconnectBackoff", own.reconnectBackoff());
        }
        if (own.preamble() != d.preamble()) {
            p.range(k + ".preamble", own.preamble(), 0, MAX_PREAMBLE);
        }
    }

    private static void checkBackoff(Problems p, String key, Backoff b) {
        checkBackoff(p, key, b, MIN_RECONNECT_BACKOFF, MAX_RECONNECT_BACKOFF);
    }

    private static void checkBackoff(Problems p, String key, Backoff b, Duration least, Duration most) {
        p.range(key + ".min", b.min(), least, most);
        if (b.max().compareTo(b.min()) < 0) {
            p.add(key + ".max was " + DurationText.format(b.max()) + " but must be at least " + key + ".min ("
                    + DurationText.format(b.min()) + ")");
        } else {
            p.range(key + ".max", b.max(), least, most);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a config in code, e.g. the {@code demo} command from the simulator's gateways. Unset
     * keys keep their defaults; buses added by host and port inherit {@link #busDefaults(BusDefaults)}
     * whenever it is set. {@link #build()} validates.
     */
    public static final class Builder {
        private String store = DEFAULT_STORE;
        private StoreOptions storeOptions = StoreOptions.defaults();
        private MetricsSettings metrics = MetricsSettings.DEFAULTS;
        private Path archive = DEFAULT_ARCHIVE;
        private Duration interval = Schedule.DEFAULT_INTERVAL;
        private final Map<MeterProtocol, List<String>> reads = new EnumMap<>(Schedule.defaultReads());
        private BusDefaults busDefaults = BusDefaults.STANDARD;
        private final Map<String, Function<BusDefaults, BusSettings>> buses = new LinkedHashMap<>();
        private final Map<String, LineSettings> lines = new LinkedHashMap<>();
        private FairnessSettings fairness = FairnessSettings.DEFAULTS;
        private ModbusConfig modbus = ModbusConfig.DEFAULTS;
        private ConcentratorSettings concentrators = ConcentratorSettings.OFF;

        private Builder() {
        }

        public Builder store(String spec) {
            this.store = Objects.requireNonNull(spec, "store");
            return this;
        }

        public Builder storeOptions(StoreOptions options) {
            this.storeOptions = Objects.requireNonNull(options, "storeOptions");
            return this;
        }

        public Builder metrics(String host, int port) {
            this.metrics = new MetricsSettings(host, port);
            return this;
        }

        public Builder archive(Path csv) {
            this.archive = Objects.requireNonNull(csv, "archive");
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Replaces the data identifiers read from meters of {@code protocol}, printed hex. */
        public Builder reads(MeterProtocol protocol, List<String> dataIds) {
            reads.put(Objects.requireNonNull(protocol, "protocol"), List.copyOf(dataIds));
            return this;
        }

        public Builder busDefaults(BusDefaults defaults) {
            this.busDefaults = Objects.requireNonNull(defaults, "busDefaults");
            return this;
        }

        /** A bus with every setting but host and port inherited from the bus defaults. */
        public Builder bus(String name, String host, int port) {
            buses.put(Objects.requireNonNull(name, "name"), d -> d.bus(host, port));
            return this;
        }

        /** A bus with all its settings given. */
        public Builder bus(String name, BusSettings settings) {
            Objects.requireNonNull(settings, "settings");
            buses.put(Objects.requireNonNull(name, "name"), d -> settings);
            return this;
        }

        /** A serial line, all its settings given (see {@link LineSettings#of}). */
        public Builder line(String name, LineSettings settings) {
            lines.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** Runs the 1376.1 front end with {@code settings}. */
        public Builder concentrators(ConcentratorSettings settings) {
            this.concentrators = Objects.requireNonNull(settings, "concentrators");
            return this;
        }

        public Builder fairness(FairnessSettings settings) {
            this.fairness = Objects.requireNonNull(settings, "fairness");
            return this;
        }

        public Builder modbus(ModbusConfig modbus) {
            this.modbus = Objects.requireNonNull(modbus, "modbus");
            return this;
        }

        /**
         * @throws ConfigException listing every problem
         */
        public CollectorConfig build() {
            Map<String, BusSettings> resolved = new LinkedHashMap<>();
            buses.forEach((name, f) -> resolved.put(name, f.apply(busDefaults)));
            return new CollectorConfig(store, storeOptions, metrics, archive, new Schedule(interval, reads), busDefaults, resolved,
                    fairness, lines, modbus, concentrators).validate();
        }
    }
}
