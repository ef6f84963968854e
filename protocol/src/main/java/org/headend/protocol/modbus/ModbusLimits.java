package org.headend.protocol.modbus;

import java.time.Duration;
import org.headend.protocol.serial.SerialFormat;

/**
 * Limits of Modbus framing (Modbus Application Protocol v1.1b3 §4.1, §6; protocols.md §4.1).
 *
 * <table>
 * <tr><th>limit</th><th>value</th><th>meaning</th></tr>
 * <tr><td>{@link #MAX_PDU}</td><td>253</td><td>function code + data</td></tr>
 * <tr><td>{@link #MAX_RTU_ADU}</td><td>256</td><td>unit + PDU + CRC</td></tr>
 * <tr><td>{@link #MAX_TCP_ADU}</td><td>260</td><td>7-byte MBAP + PDU</td></tr>
 * <tr><td>{@link #MAX_READ_REGISTERS}</td><td>125</td><td>quantity of one FC 03/04 read</td></tr>
 * <tr><td>{@link #MAX_WRITE_REGISTERS}</td><td>123</td><td>quantity of one FC 10 write</td></tr>
 * <tr><td>{@link #MAX_READ_BITS}</td><td>2000</td><td>quantity of one FC 01/02 read</td></tr>
 * <tr><td>{@link #MAX_WRITE_BITS}</td><td>1968</td><td>quantity of one FC 0F write</td></tr>
 * </table>
 */
public final class ModbusLimits {
    public static final int MAX_PDU = 253;
    public static final int MAX_RTU_ADU = 256;
    public static final int MBAP_LENGTH = 7;
    public static final int MAX_TCP_ADU = MBAP_LENGTH + MAX_PDU;
    public static final int MAX_READ_REGISTERS = 125;
    public static final int MAX_WRITE_REGISTERS = 123;
    public static final int MAX_READ_BITS = 2000;
    public static final int MAX_WRITE_BITS = 1968;
    /** Unit 0 is broadcast on a serial line; 248..255 are reserved there but used by TCP gateways (255). */
    public static final int MAX_UNIT = 255;
    public static final int ADDRESS_SPACE = 0x10000;

    /** Above this speed the RTU silences are fixed rather than counted in characters. */
    public static final int FIXED_GAP_ABOVE_BAUD = 19_200;

    /**
     * The silence that ends an RTU frame on a serial line, and that a master leaves before its next
     * request: 3.5 character times, fixed at 1.75 ms above 19200 bps (protocols.md §4.1).
     */
    public static Duration rtuFrameGap(SerialFormat format) {
        return format.baud() > FIXED_GAP_ABOVE_BAUD ? Duration.ofNanos(1_750_000) : Duration.ofNanos(7 * format.characterNanos() / 2);
    }

    private ModbusLimits() {
    }
}
