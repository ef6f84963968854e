package org.headend.collector.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects every config problem, so that one run reports them all (Micrometer's {@code Validated}). */
final class Problems {

    private final List<String> list = new ArrayList<>();

    void add(String problem) {
        list.add(problem);
    }

    List<String> list() {
        return list;
    }

    void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            add(key + " was " + value + " but must be " + min + ".." + max);
        }
    }

    void range(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            add(key + " was " + DurationText.format(value) + " but must be " + DurationText.format(min) + ".."
                    + DurationText.format(max));
        }
    }

    void notBlank(String key, String value) {
        if (value.isBlank()) {
            add(key + " is missing or blank but must be set");
        }
    }
}
