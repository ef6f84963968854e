package org.headend.collector.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small reader of the Prometheus text format 0.0.4, enough to check what the collector exposes. */
public final class Exposition {

    public record Sample(String name, Map<String, String> labels, double value, int line) {
    }

    record Family(String name, String type, String help) {
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    final Map<String, Family> families = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    public static Exposition parse(String text) {
        Exposition e = new Exposition();
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> type = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("# HELP ")) {
                String[] p = l.substring(7).split(" ", 2);
                help.put(p[0], p.length > 1 ? p[1] : "");
            } else if (l.startsWith("# TYPE ")) {
                String[] p = l.substring(7).split(" ", 2);
                type.put(p[0], p.length > 1 ? p[1] : "");
            } else if (l.startsWith("#")) {
                continue;
            } else {
                Matcher m = SAMPLE.matcher(l);
                if (!m.matches()) {
                    e.errors.add("line " + (i + 1) + " is not a sample: " + l);
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher lm = LABEL.matcher(m.group(3));
                    int end = 0;
                    while (lm.find() && lm.start() == end) {
                        labels.put(lm.group(1), lm.group(2));
                        end = lm.end();
                    }
                    if (end != m.group(3).length()) {
                        e.errors.add("line " + (i + 1) + " has bad labels: " + l);
                    }
                }
                e.samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4).replace("Inf", "Infinity")), i + 1));
            }
        }
        for (String name : type.keySet()) {
            e.families.put(name, new Family(name, type.get(name), help.get(name)));
        }
        return e;
    }

    /** The family a sample belongs to: its own name, or its name without a histogram or summary suffix. */
    Family familyOf(Sample s) {
        Family f = families.get(s.name());
        if (f != null) {
            return f;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
            if (s.name().endsWith(suffix)) {
                f = families.get(s.name().substring(0, s.name().length() - suffix.length()));
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " in " + samples(name));
        }
        return found.get(0).value();
    }
}
