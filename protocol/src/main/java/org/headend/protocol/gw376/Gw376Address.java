package org.headend.protocol.gw376;

/**
 * The 5-byte address A (protocols.md §3.3). {@code region} is A1 as its four digits read as hex
 * (A1 is BCD, so {@code 0x0171} is region 0171; a vendor's non-BCD code survives unchanged),
 * {@code terminal} A2 (binary, 1..65535; FFFF with the group flag is the broadcast address),
 * {@code master} MSA (0..127; a terminal-initiated exchange carries 0) and {@code group} A3's D0.
 */
public record Gw376Address(int region, int terminal, int master, boolean group) {

    public static final int BROADCAST_TERMINAL = 0xFFFF;

    public Gw376Address {
        if (region < 0 || region > 0xFFFF) {
            throw new IllegalArgumentException("A1 is 2 bytes, got " + Integer.toHexString(region));
        }
        if (terminal < 0 || terminal > 0xFFFF) {
            throw new IllegalArgumentException("A2 is 0..65535, got " + terminal);
        }
        if (master < 0 || master > 127) {
            throw new IllegalArgumentException("MSA is 0..127, got " + master);
        }
    }

    /** A single terminal seen from master station {@code master}. */
    public static Gw376Address of(int region, int terminal, int master) {
        return new Gw376Address(region, terminal, master, false);
    }

    /** Parses a region code written as 4 digits, e.g. "0171". */
    public static int region(String digits) {
        if (!digits.matches("[0-9A-Fa-f]{4}")) {
            throw new IllegalArgumentException("A1 is 4 digits, got '" + digits + "'");
        }
        return Integer.parseInt(digits, 16);
    }

    /** The same terminal addressed by another master station (e.g. MSA 0 in link-test confirms). */
    public Gw376Address withMaster(int msa) {
        return new Gw376Address(region, terminal, msa, group);
    }

    /** A1 as printed: 4 digits. */
    public String regionCode() {
        return String.format("%04X", region);
    }

    /** A1 digits are all decimal, as the standard requires. */
    public boolean regionIsBcd() {
        return regionCode().chars().allMatch(Character::isDigit);
    }

    /** A3: MSA in D7..D1, group flag in D0. */
    public int a3() {
        return (master << 1) | (group ? 1 : 0);
    }

    /** The terminal's identity, independent of the master station: region and A2. */
    public long terminalKey() {
        return ((long) region << 16) | terminal;
    }

    @Override
    public String toString() {
        return regionCode() + "-" + String.format("%04X", terminal) + (group ? " group" : "") + " msa=" + master;
    }
}
