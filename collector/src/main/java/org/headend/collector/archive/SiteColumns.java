package org.headend.collector.archive;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVRecord;

/**
 * The archive's optional site columns, read leniently into a {@link MeterSite}: a bad value becomes a
 * warning naming line, column and value, and the field stays empty (see {@link MeterArchive}).
 */
final class SiteColumns {
    static final String TEXT = "account, customer_name, meter_serial, ct_serial, vt_serial, seals, voltage_level, "
            + "reading_method (remote|concentrator|manual, default remote), remote_since (YYYY-MM-DD), "
            + "latitude, longitude (WGS84 degrees, both or neither), accuracy_class (percent, e.g. 1.0)";
    /** Longer text in a site column is cut here: a crew sheet has no use for more, and memory stays bounded. */
    static final int MAX_TEXT = 200;

    MeterSite read(CSVRecord r, long line, List<RowProblem> warnings, UnaryOperator<String> shared) {
        String method = text(r, "reading_method", line, warnings);
        ReadingMethod readingMethod = ReadingMethod.REMOTE;
        if (!method.isEmpty()) {
            readingMethod = ReadingMethod.ofCode(method).orElse(null);
            if (readingMethod == null) {
                warn(warnings, line, "reading_method", method, "remote, concentrator or manual; taken as remote");
                readingMethod = ReadingMethod.REMOTE;
            }
        }
        LocalDate since = null;
        String sinceText = text(r, "remote_since", line, warnings);
        if (!sinceText.isEmpty()) {
            try {
                since = LocalDate.parse(sinceText);
            } catch (DateTimeParseException e) {
                warn(warnings, line, "remote_since", sinceText, "a date YYYY-MM-DD");
            }
        }
        Double lat = number(r, "latitude", line, warnings, 90);
        Double lon = number(r, "longitude", line, warnings, 180);
        if ((lat == null) != (lon == null)) {
            if (lat != null || lon != null) {
                warnings.add(new RowProblem(line, RowProblem.Kind.BAD_SITE_FIELD,
                        "latitude and longitude must come together; coordinates ignored"));
            }
            lat = null;
            lon = null;
        }
        Double accuracy = number(r, "accuracy_class", line, warnings, 20);
        if (accuracy != null && accuracy <= 0) {
            warn(warnings, line, "accuracy_class", String.valueOf(accuracy), "a positive percentage");
            accuracy = null;
        }
        return new MeterSite(text(r, "account", line, warnings), text(r, "customer_name", line, warnings),
                text(r, "meter_serial", line, warnings), text(r, "ct_serial", line, warnings),
                text(r, "vt_serial", line, warnings), text(r, "seals", line, warnings),
                shared.apply(text(r, "voltage_level", line, warnings)), readingMethod, since, lat, lon,
                accuracy == null ? null : BigDecimal.valueOf(accuracy));
    }

    private static String text(CSVRecord r, String name, long line, List<RowProblem> warnings) {
        String v = r.isSet(name) ? r.get(name) : "";
        if (v.length() > MAX_TEXT) {
            warn(warnings, line, name, v.substring(0, 20) + "...", "at most " + MAX_TEXT + " characters; cut");
            return v.substring(0, MAX_TEXT);
        }
        return v;
    }

    private static Double number(CSVRecord r, String name, long line, List<RowProblem> warnings, double maxAbs) {
        String v = text(r, name, line, warnings);
        if (v.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Math.abs(d) <= maxAbs) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warn(warnings, line, name, v, "a number within -" + maxAbs + ".." + maxAbs);
        return null;
    }

    private static void warn(List<RowProblem> warnings, long line, String column, String value, String expected) {
        warnings.add(new RowProblem(line, RowProblem.Kind.BAD_SITE_FIELD,
                column + " was '" + value + "' but must be " + expected + "; left empty, row kept"));
    }
}
