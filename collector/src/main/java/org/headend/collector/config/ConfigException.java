package org.headend.collector.config;

import java.util.List;

/** The collector config is unusable; {@link #problems()} lists every reason at once, each naming key, value and limit. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder b = new StringBuilder(source).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (String p : problems) {
            b.append("\n  - ").append(p);
        }
        return b.toString();
    }
}
