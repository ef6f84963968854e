package org.headend.protocol.gw376;

/**
 * Limits of Q/GDW 1376.1 framing (protocols.md §3.1), with their defaults.
 *
 * <table>
 * <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@link #MAX_USER_DATA_LENGTH}</td><td>16383</td><td>largest user-data length L (C through AUX): the 14 bits of the field</td></tr>
 * <tr><td>{@link #MIN_USER_DATA_LENGTH}</td><td>8</td><td>C, A (5), AFN and SEQ; a smaller L is rejected as soon as it is read</td></tr>
 * <tr><td>{@link #MAX_TARIFFS}</td><td>14</td><td>largest tariff count M of an energy block; a larger M leaves the unit raw</td></tr>
 * <tr><td>{@link #MAX_FORWARD_LENGTH}</td><td>2048</td><td>largest meter frame carried by AFN 10 F1</td></tr>
 * </table>
 * The extractor takes a lower cap per connection ({@code new Gw376Extractor(maxUserDataLength)}),
 * e.g. 255 on a radio channel.
 */
public final class Gw376Limits {
    public static final int MAX_USER_DATA_LENGTH = 0x3FFF;
    public static final int MIN_USER_DATA_LENGTH = 8;
    /** 68 L L L L 68 ... CS 16. */
    public static final int OVERHEAD = 8;
    public static final int MAX_FRAME_LENGTH = OVERHEAD + MAX_USER_DATA_LENGTH;
    public static final int MAX_TARIFFS = 14;
    public static final int MAX_FORWARD_LENGTH = 2048;
    /** Protocol identifier in L's low bits: 2 = Q/GDW 1376.1 (2009 and 2013), 1 = the older Q/GDW 130-2005. */
    public static final int PROTOCOL_1376_1 = 2;
    public static final int PROTOCOL_130 = 1;
    /** PW of a downlink frame (§3.7); some vendors send the older 2-byte one. */
    public static final int PW_LENGTH = 16;
    public static final int SHORT_PW_LENGTH = 2;

    static final int START = 0x68;
    static final int END = 0x16;
    /** 68 L L L L 68. */
    static final int HEADER = 6;
    /** C, A1 (2), A2 (2), A3, AFN, SEQ. */
    static final int FIXED = 8;
    static final int TP_LENGTH = 6;
    static final int EC_LENGTH = 2;

    private Gw376Limits() {
    }
}
