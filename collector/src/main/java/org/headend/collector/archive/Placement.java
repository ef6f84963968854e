package org.headend.collector.archive;

import java.util.Objects;

/**
 * Where a meter read through a Q/GDW 1376.1 concentrator hangs: the terminal (A1 region code and
 * A2 address, protocols.md §3.3) and the measurement point Pn the terminal knows it by. From the
 * archive's optional columns {@code concentrator} ({@code RRRR-NNNNN}: four region digits, then
 * the terminal address 1..65535 in decimal) and {@code point} (1..2040).
 */
public record Placement(String meter, int region, int terminal, int point) {

    public static final int MAX_POINT = 2040;

    public Placement {
        Objects.requireNonNull(meter, "meter");
        if (region < 0 || region > 0xFFFF || terminal < 1 || terminal > 0xFFFF) {
            throw new IllegalArgumentException("meter " + meter + ": terminal " + region + "-" + terminal + " is out of range");
        }
        if (point < 1 || point > MAX_POINT) {
            throw new IllegalArgumentException("meter " + meter + ": point was " + point + " but must be 1.." + MAX_POINT);
        }
    }

    /** The terminal's identity, as {@code Gw376Address.terminalKey()} computes it. */
    public long terminalKey() {
        return ((long) region << 16) | terminal;
    }

    /** The concentrator as the archive writes it, e.g. {@code 1000-01101}. */
    public String concentrator() {
        return text(region, terminal);
    }

    public static String text(int region, int terminal) {
        return String.format("%04X-%05d", region, terminal);
    }

    /**
     * Parses {@code RRRR-NNNNN}.
     *
     * @return {region, terminal}
     * @throws IllegalArgumentException naming the text when it is not that form
     */
    public static int[] parseConcentrator(String text) {
        String t = text.strip();
        int dash = t.indexOf('-');
        if (dash != 4 || !t.substring(0, 4).chars().allMatch(Character::isDigit) || t.length() < 6 || t.length() > 10
                || !t.substring(5).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("concentrator '" + text + "' must be RRRR-NNNNN: 4 region digits, '-', "
                    + "the terminal address 1..65535 in decimal");
        }
        int terminal = Integer.parseInt(t.substring(5));
        if (terminal < 1 || terminal > 0xFFFF) {
            throw new IllegalArgumentException("concentrator '" + text + "': terminal address " + terminal
                    + " must be 1..65535");
        }
        return new int[] {Integer.parseInt(t.substring(0, 4), 16), terminal};
    }
}
