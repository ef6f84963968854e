package org.headend.protocol.modbus;

import static org.headend.protocol.modbus.ModbusException.Reason.BAD_BYTE_COUNT;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_CRC;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_DIRECTION;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_HEADER;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_VALUE;
import static org.headend.protocol.modbus.ModbusException.Reason.TOO_LONG;
import static org.headend.protocol.modbus.ModbusException.Reason.TRUNCATED;

import java.util.Arrays;
import org.headend.protocol.modbus.ModbusPdu.BitsReply;
import org.headend.protocol.modbus.ModbusPdu.ExceptionReply;
import org.headend.protocol.modbus.ModbusPdu.Other;
import org.headend.protocol.modbus.ModbusPdu.ReadRequest;
import org.headend.protocol.modbus.ModbusPdu.RegistersReply;
import org.headend.protocol.modbus.ModbusPdu.WriteMultiple;
import org.headend.protocol.modbus.ModbusPdu.WriteMultipleReply;
import org.headend.protocol.modbus.ModbusPdu.WriteSingle;

/**
 * Whole Modbus RTU and TCP frames to {@link ModbusFrame} and back (protocols.md §4.1). Pure
 * functions, no state.
 *
 * <p>Direction: the bytes tell it for exception replies, FC 03/04 (a request's PDU is 5 bytes, a
 * reply's byte count is even) and FC 0F/10 (a reply is 5 bytes). FC 05/06 requests and their
 * echo replies are the same bytes, and an FC 01/02 reply of 3 bytes of bits looks like a request:
 * there a null direction decodes as a request; pass the direction when it is known.
 */
public final class ModbusFrameCodec {

    private ModbusFrameCodec() {
    }

    /** Decodes one whole frame of {@code framing}; {@code direction} null = tell from the bytes. */
    public static ModbusFrame decode(ModbusFraming framing, byte[] b, ModbusDirection direction) {
        return framing == ModbusFraming.RTU ? decodeRtu(b, direction) : decodeTcp(b, direction);
    }

    /** Unit, PDU, CRC-16/MODBUS low byte first. */
    public static ModbusFrame decodeRtu(byte[] b, ModbusDirection direction) {
        if (b.length < 4) {
            throw new ModbusException(TRUNCATED, b.length + " bytes; an RTU frame has at least unit, function and CRC (4)");
        }
        if (b.length > ModbusLimits.MAX_RTU_ADU) {
            throw new ModbusException(TOO_LONG, b.length + " bytes; an RTU frame has at most " + ModbusLimits.MAX_RTU_ADU);
        }
        int received = receivedCrc(b);
        int computed = crc16(b, 0, b.length - 2);
        if (received != computed) {
            throw new ModbusException(BAD_CRC, String.format("CRC on the wire %02X %02X, computed %02X %02X",
                    received & 0xFF, received >>> 8, computed & 0xFF, computed >>> 8));
        }
        int unit = b[0] & 0xFF;
        return ModbusFrame.rtu(unit, direction(b, 1, b.length - 3, direction), decodePdu(b, 1, b.length - 3, direction));
    }

    /** MBAP (transaction, protocol 0, length, unit) then the PDU; no CRC. */
    public static ModbusFrame decodeTcp(byte[] b, ModbusDirection direction) {
        if (b.length < ModbusLimits.MBAP_LENGTH + 1) {
            throw new ModbusException(TRUNCATED, b.length + " bytes; a TCP frame has at least the 7-byte MBAP and a function");
        }
        if (b.length > ModbusLimits.MAX_TCP_ADU) {
            throw new ModbusException(TOO_LONG, b.length + " bytes; a TCP frame has at most " + ModbusLimits.MAX_TCP_ADU);
        }
        int protocol = u16(b, 2);
        if (protocol != 0) {
            throw new ModbusException(BAD_HEADER, "MBAP protocol id was " + protocol + " but Modbus is 0");
        }
        int length = u16(b, 4);
        if (length < b.length - 6) {
            throw new ModbusException(BAD_HEADER, "MBAP length says " + length + " bytes follow, but " + (b.length - 6) + " do");
        }
        if (length > b.length - 6) {
            throw new ModbusException(TRUNCATED, "MBAP length says " + length + " bytes follow, only " + (b.length - 6) + " do");
        }
        int transaction = u16(b, 0);
        int unit = b[6] & 0xFF;
        int n = b.length - ModbusLimits.MBAP_LENGTH;
        return ModbusFrame.tcp(transaction, unit, direction(b, 7, n, direction), decodePdu(b, 7, n, direction));
    }

    /** The frame's bytes: RTU with its CRC, TCP with its MBAP header. */
    public static byte[] encode(ModbusFrame f) {
        byte[] pdu = encodePdu(f.pdu());
        if (f.framing() == ModbusFraming.RTU) {
            byte[] b = new byte[pdu.length + 3];
            b[0] = (byte) f.unit();
            System.arraycopy(pdu, 0, b, 1, pdu.length);
            int crc = crc16(b, 0, b.length - 2);
            b[b.length - 2] = (byte) crc;
            b[b.length - 1] = (byte) (crc >>> 8);
            return b;
        }
        byte[] b = new byte[ModbusLimits.MBAP_LENGTH + pdu.length];
        put16(b, 0, f.transaction());
        put16(b, 4, pdu.length + 1);
        b[6] = (byte) f.unit();
        System.arraycopy(pdu, 0, b, 7, pdu.length);
        return b;
    }

    /** CRC-16/MODBUS: init FFFF, polynomial A001 (0x8005 reflected), no final XOR. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** The CRC as sent in the last two bytes of an RTU frame (low byte first). */
    public static int receivedCrc(byte[] b) {
        return (b[b.length - 2] & 0xFF) | (b[b.length - 1] & 0xFF) << 8;
    }

    /**
     * Length of the RTU request starting at {@code off}, from its function code (and byte count
     * for FC 0F/10), or -1 when more bytes are needed to tell. A device reading a byte stream uses
     * this to cut requests; an unknown function is cut at what has arrived (the gap ends it).
     */
    public static int rtuRequestLength(byte[] b, int off, int available) {
        if (available < 2) {
            return -1;
        }
        int fc = b[off + 1] & 0xFF;
        return switch (fc) {
            case 1, 2, 3, 4, 5, 6 -> 8;
            case 0x0F, 0x10 -> available < 7 ? -1 : 9 + (b[off + 6] & 0xFF);
            default -> available;
        };
    }

    /** Length of the TCP frame starting at {@code off} from its MBAP length, or -1 when the header is incomplete. */
    public static int tcpFrameLength(byte[] b, int off, int available) {
        return available < 6 ? -1 : 6 + u16(b, off + 4);
    }

    static ModbusDirection direction(byte[] b, int off, int len, ModbusDirection given) {
        ModbusDirection told = told(b, off, len);
        if (given != null && told != null && given != told) {
            throw new ModbusException(BAD_DIRECTION, String.format("function %02X with %d PDU bytes is a %s, not a %s",
                    b[off] & 0xFF, len, told.label(), given.label()));
        }
        return given != null ? given : told != null ? told : ModbusDirection.REQUEST;
    }

    /** The direction the PDU's bytes prove, or null when a request and a reply could look alike. */
    static ModbusDirection told(byte[] b, int off, int len) {
        int fc = b[off] & 0xFF;
        if ((fc & 0x80) != 0) {
            return ModbusDirection.RESPONSE;
        } else if (fc == 3 || fc == 4) {
            // a reply's byte count is even, so a 5-byte PDU (byte count 3) is a request
            return len == 5 ? ModbusDirection.REQUEST : ModbusDirection.RESPONSE;
        } else if (fc == 0x0F || fc == 0x10) {
            return len == 5 ? ModbusDirection.RESPONSE : ModbusDirection.REQUEST;
        }
        return null;
    }

    /** The PDU at {@code b[off..off+len)}. */
    public static ModbusPdu decodePdu(byte[] b, int off, int len, ModbusDirection given) {
        if (len < 1) {
            throw new ModbusException(TRUNCATED, "no function code");
        }
        if (len > ModbusLimits.MAX_PDU) {
            throw new ModbusException(TOO_LONG, len + " PDU bytes; at most " + ModbusLimits.MAX_PDU);
        }
        int fc = b[off] & 0xFF;
        if ((fc & 0x7F) == 0) {
            throw new ModbusException(BAD_VALUE, "function code 0 does not exist");
        }
        ModbusDirection dir = direction(b, off, len, given);
        if ((fc & 0x80) != 0) {
            requireLength(fc, len, 2, "an exception reply");
            return new ExceptionReply(fc & 0x7F, b[off + 1] & 0xFF);
        }
        switch (fc) {
            case 1, 2, 3, 4 -> {
                if (dir == ModbusDirection.REQUEST) {
                    requireLength(fc, len, 5, "a read request");
                    return new ReadRequest(fc, u16(b, off + 1), u16(b, off + 3));
                }
                int count = byteCount(b, off, len, 2);
                if (fc <= 2) {
                    return new BitsReply(fc, Arrays.copyOfRange(b, off + 2, off + 2 + count));
                }
                if (count % 2 != 0) {
                    throw new ModbusException(BAD_BYTE_COUNT, "byte count " + count + " is odd; registers are 2 bytes");
                }
                int[] words = new int[count / 2];
                for (int i = 0; i < words.length; i++) {
                    words[i] = u16(b, off + 2 + 2 * i);
                }
                return new RegistersReply(fc, words);
            }
            case 5, 6 -> {
                requireLength(fc, len, 5, "a single write");
                return new WriteSingle(fc, u16(b, off + 1), u16(b, off + 3));
            }
            case 0x0F, 0x10 -> {
                if (dir == ModbusDirection.RESPONSE) {
                    requireLength(fc, len, 5, "a multiple-write reply");
                    return new WriteMultipleReply(fc, u16(b, off + 1), u16(b, off + 3));
                }
                if (len < 6) {
                    throw new ModbusException(TRUNCATED, "a multiple-write request has start, quantity and byte count");
                }
                int count = byteCount(b, off + 4, len - 4, 2);
                return new WriteMultiple(fc, u16(b, off + 1), u16(b, off + 3), Arrays.copyOfRange(b, off + 6, off + 6 + count));
            }
            default -> {
                return new Other(fc, Arrays.copyOfRange(b, off + 1, off + len));
            }
        }
    }

    /**
     * Checks that {@code reply} answers {@code request} as a strict master must: same function, and
     * for a normal reply exactly the registers or bits asked for. An exception reply answers any
     * request of its function. Some devices send more than asked (a float for a 1-register read,
     * vector MRT-013): that is refused here, so a map never decodes registers nobody asked for.
     */
    public static void requireAnswers(ReadRequest request, ModbusPdu reply) {
        if (reply.function() != request.function()) {
            throw new ModbusException(BAD_VALUE, String.format("reply is function %02X, the request was %02X",
                    reply.function(), request.function()));
        }
        int expected = request.registers() ? 2 * request.quantity() : (request.quantity() + 7) / 8;
        int got;
        if (reply instanceof RegistersReply r) {
            got = 2 * r.count();
        } else if (reply instanceof BitsReply r) {
            got = r.bits().length;
        } else if (reply instanceof ExceptionReply) {
            return;
        } else {
            throw new ModbusException(BAD_VALUE, "reply " + reply + " does not answer a read");
        }
        if (got != expected) {
            throw new ModbusException(BAD_BYTE_COUNT, "byte count " + got + " but " + request.quantity()
                    + (request.registers() ? " registers" : " bits") + " were asked for (" + expected + " bytes)");
        }
    }

    /** The PDU's bytes. */
    public static byte[] encodePdu(ModbusPdu pdu) {
        if (pdu instanceof ReadRequest r) {
            return fiveBytes(r.function(), r.start(), r.quantity());
        } else if (pdu instanceof RegistersReply r) {
            byte[] b = new byte[2 + 2 * r.count()];
            b[0] = (byte) r.function();
            b[1] = (byte) (2 * r.count());
            for (int i = 0; i < r.count(); i++) {
                put16(b, 2 + 2 * i, r.word(i));
            }
            return b;
        } else if (pdu instanceof BitsReply r) {
            byte[] bits = r.bits();
            byte[] b = new byte[2 + bits.length];
            b[0] = (byte) r.function();
            b[1] = (byte) bits.length;
            System.arraycopy(bits, 0, b, 2, bits.length);
            return b;
        } else if (pdu instanceof WriteSingle w) {
            return fiveBytes(w.function(), w.address(), w.value());
        } else if (pdu instanceof WriteMultiple w) {
            byte[] data = w.data();
            byte[] b = new byte[6 + data.length];
            b[0] = (byte) w.function();
            put16(b, 1, w.start());
            put16(b, 3, w.quantity());
            b[5] = (byte) data.length;
            System.arraycopy(data, 0, b, 6, data.length);
            return b;
        } else if (pdu instanceof WriteMultipleReply w) {
            return fiveBytes(w.function(), w.start(), w.quantity());
        } else if (pdu instanceof ExceptionReply e) {
            return new byte[] {(byte) (e.function() | 0x80), (byte) e.code()};
        } else if (pdu instanceof Other o) {
            byte[] data = o.data();
            byte[] b = new byte[1 + data.length];
            b[0] = (byte) o.function();
            System.arraycopy(data, 0, b, 1, data.length);
            return b;
        }
        throw new IllegalStateException("unknown PDU " + pdu);
    }

    /** The byte count at {@code b[off+1]}, checked against the bytes that follow it. */
    private static int byteCount(byte[] b, int off, int len, int header) {
        if (len < header) {
            throw new ModbusException(TRUNCATED, "no byte count");
        }
        int count = b[off + 1] & 0xFF;
        if (count != len - header) {
            throw new ModbusException(count > len - header ? TRUNCATED : BAD_BYTE_COUNT,
                    "byte count says " + count + " but " + (len - header) + " data bytes follow");
        }
        if (count == 0) {
            throw new ModbusException(BAD_BYTE_COUNT, "byte count 0");
        }
        return count;
    }

    private static void requireLength(int fc, int len, int expected, String what) {
        if (len != expected) {
            throw new ModbusException(len < expected ? TRUNCATED : BAD_BYTE_COUNT, String.format(
                    "function %02X: %s has %d PDU bytes, not %d", fc, what, expected, len));
        }
    }

    private static byte[] fiveBytes(int fc, int a, int q) {
        byte[] b = new byte[5];
        b[0] = (byte) fc;
        put16(b, 1, a);
        put16(b, 3, q);
        return b;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
