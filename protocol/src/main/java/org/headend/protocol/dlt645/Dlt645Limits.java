package org.headend.protocol.dlt645;

/**
 * Limits of DL/T 645 framing (protocols.md §1.2), with their defaults.
 *
 * <table>
 * <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@link #MAX_DATA_LENGTH}</td><td>200</td><td>largest L of a read frame; larger is rejected as soon as L is read</td></tr>
 * <tr><td>{@link #MAX_WRITE_DATA_LENGTH}</td><td>50</td><td>largest L of a write frame (14/04)</td></tr>
 * <tr><td>{@link #MAX_PREAMBLE}</td><td>4</td><td>largest FE preamble the encoder will write</td></tr>
 * </table>
 */
public final class Dlt645Limits {
    public static final int MAX_DATA_LENGTH = 200;
    public static final int MAX_WRITE_DATA_LENGTH = 50;
    public static final int MAX_PREAMBLE = 4;
    /** 68 + 6 address + 68 + C + L + CS + 16. */
    public static final int OVERHEAD = 12;
    public static final int MAX_FRAME_LENGTH = OVERHEAD + MAX_DATA_LENGTH;

    static final int START = 0x68;
    static final int END = 0x16;
    static final int PREAMBLE = 0xFE;
    static final int SCRAMBLE = 0x33;

    private Dlt645Limits() {
    }
}
