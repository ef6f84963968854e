package org.headend.protocol.dlt645;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.dlt645.Dlt645Message.Acknowledgement;
import org.headend.protocol.dlt645.Dlt645Message.AddressReply;
import org.headend.protocol.dlt645.Dlt645Message.BaudReply;
import org.headend.protocol.dlt645.Dlt645Message.BroadcastTime;
import org.headend.protocol.dlt645.Dlt645Message.ChangeBaud;
import org.headend.protocol.dlt645.Dlt645Message.ChangePassword;
import org.headend.protocol.dlt645.Dlt645Message.ClearDemand;
import org.headend.protocol.dlt645.Dlt645Message.ClearEvents;
import org.headend.protocol.dlt645.Dlt645Message.ClearMeter;
import org.headend.protocol.dlt645.Dlt645Message.ErrorReply;
import org.headend.protocol.dlt645.Dlt645Message.FollowUpReply;
import org.headend.protocol.dlt645.Dlt645Message.Freeze;
import org.headend.protocol.dlt645.Dlt645Message.PasswordReply;
import org.headend.protocol.dlt645.Dlt645Message.ReReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadAddressRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadFollowUpRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.RemoteControl;
import org.headend.protocol.dlt645.Dlt645Message.WriteAddressRequest;
import org.headend.protocol.dlt645.Dlt645Message.WriteRequest;

/**
 * {@link Dlt645Frame} to {@link Dlt645Message}: dispatch on the function code, check the data
 * length of the layout, decode. Stateless; safe to share. Every failure is a
 * {@link Dlt645Exception} with a {@link Reason}; no partly filled message is ever returned.
 *
 * <p>The edition comes from the frame when its function code belongs to one edition only (§2:
 * 01..04, 0A, 0C, 0F, 10 are 1997; 11..1C are 2007) or from the meter's configured edition.
 * Broadcast time (08) is the same in both; without a configured edition it reports 2007.
 */
public final class Dlt645MessageDecoder {

    private Dlt645MessageDecoder() {
    }

    /** The edition the control code implies, empty for 08 (both) and unknown codes. */
    public static Optional<Dlt645Edition> detectEdition(Dlt645Frame frame) {
        return Optional.ofNullable(onlyEdition(frame));
    }

    private static Dlt645Edition onlyEdition(Dlt645Frame frame) {
        Dlt645Function fn = Dlt645Function.byCode(frame.control().functionCode());
        return fn == null ? null : fn.onlyEdition();
    }

    /**
     * Decodes the one frame in {@code wire} (any number of FE bytes before it, nothing after it)
     * with the edition its control code implies (2007 when the code exists in both). The same
     * message, or the same failure, as {@link #decode(Dlt645Frame)} of
     * {@link Dlt645FrameCodec#decode(byte[])}; a normal read reply, what a collector decodes all
     * day, goes from the bytes to the message without building the frame in between (issue 2).
     */
    public static Dlt645Message decode(byte[] wire) {
        return decodeWire(wire, null);
    }

    /** As {@link #decode(byte[])}, as {@code edition}: the same as {@link #decode(Dlt645Frame, Dlt645Edition)}. */
    public static Dlt645Message decode(byte[] wire, Dlt645Edition edition) {
        return decodeWire(wire, java.util.Objects.requireNonNull(edition, "edition"));
    }

    private static Dlt645Message decodeWire(byte[] wire, Dlt645Edition edition) {
        int p = Dlt645FrameCodec.frameStart(wire, 0, wire.length);
        int l = wire[p + 9] & 0xFF;
        int c = wire[p + 8] & 0xFF;
        Dlt645Edition ed = readReplyEdition(c);
        if (ed != null && (edition == null || edition == ed)) {
            ReadReply r = readReplyIfValid(wire, p, l, ed, c);
            if (r != null) {
                return r;
            }
        }
        // Anything else, and every failure, through the frame: one place that knows the checks' order and messages.
        Dlt645Frame f = Dlt645FrameCodec.decodeChecked(wire, p, l);
        return edition == null ? decode(f) : decode(f, edition);
    }

    /** The edition of a normal read reply's control code (91/B1 2007, 81/A1 1997, follow-up bit either way), else null. */
    private static Dlt645Edition readReplyEdition(int c) {
        int plain = c & ~ControlCode.FOLLOW_UP;
        return plain == (ControlCode.RESPONSE | Dlt645Function.READ.code()) ? Dlt645Edition.V2007
                : plain == (ControlCode.RESPONSE | Dlt645Function.READ_1997.code()) ? Dlt645Edition.V1997 : null;
    }

    /**
     * The read reply whose first 68 is at {@code p}, or null when its address, 16, CS or length is
     * wrong (the caller then decodes through the frame, which reports it). Fuses what the frame
     * codec and {@link #readReply(Dlt645Frame, Dlt645Edition, Dlt645Function)} check, in one pass.
     */
    private static ReadReply readReplyIfValid(byte[] wire, int p, int l, Dlt645Edition ed, int c) {
        long nibbles = Dlt645Address.wireNibbles(wire, p + 1);
        if (Dlt645Address.badNibbles(nibbles) != 0 || (wire[p + 11 + l] & 0xFF) != Dlt645Limits.END
                || l < ed.dataIdLength()) {
            return null;
        }
        byte[] d = Dlt645FrameCodec.dataIfChecksum(wire, p, l);
        if (d == null) {
            return null;
        }
        try {
            return readReply(ed, new Dlt645Address(nibbles), (c & ControlCode.FOLLOW_UP) != 0, d);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw badValue(ControlCode.of(c), Dlt645Function.byCode(c & 0x1F), e);
        }
    }

    /** Decodes with the edition detected from the frame (2007 when the code exists in both). */
    public static Dlt645Message decode(Dlt645Frame frame) {
        Dlt645Edition ed = onlyEdition(frame);
        return decode(frame, ed == null ? Dlt645Edition.V2007 : ed);
    }

    /** Decodes as {@code edition}; a function code of the other edition fails with UNKNOWN_FUNCTION. */
    public static Dlt645Message decode(Dlt645Frame frame, Dlt645Edition edition) {
        ControlCode c = frame.control();
        Dlt645Function fn = Dlt645Function.byCode(c.functionCode());
        if (fn == null) {
            throw new Dlt645Exception(Reason.UNKNOWN_FUNCTION,
                    "C=" + c + ": function code " + String.format("%02X", c.functionCode()) + " is not defined by DL/T 645");
        }
        if (!fn.belongsTo(edition)) {
            throw new Dlt645Exception(Reason.UNKNOWN_FUNCTION, "C=" + c + " (" + fn.description() + ") is not a "
                    + edition + " function code");
        }
        try {
            if (!c.isResponse()) {
                if (c.isAbnormal() || c.hasFollowUp()) {
                    throw new Dlt645Exception(Reason.UNKNOWN_FUNCTION, "C=" + c + ": a request with the abnormal or follow-up bit");
                }
                return request(frame, edition, fn);
            }
            if (c.isAbnormal()) {
                length(frame, fn, 1);
                return new ErrorReply(edition, frame.address(), fn, frame.dataByte(0));
            }
            return reply(frame, edition, fn);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw badValue(c, fn, e);
        }
    }

    private static Dlt645Exception badValue(ControlCode c, Dlt645Function fn, RuntimeException e) {
        return new Dlt645Exception(Reason.BAD_VALUE, "C=" + c + " (" + fn.description() + "): " + e.getMessage());
    }

    /** Reads and address requests here; writes, clears and control in {@link #command}. */
    private static Dlt645Message request(Dlt645Frame f, Dlt645Edition ed, Dlt645Function fn) {
        byte[] d = f.dataUnsafe();
        int n = ed.dataIdLength();
        Dlt645Address a = f.address();
        switch (fn) {
            case READ:
            case READ_1997:
                if (d.length == n) {
                    return ReadRequest.of(ed, a, f.dataId(ed));
                }
                if (ed == Dlt645Edition.V2007 && (d.length == 5 || d.length == 10)) {
                    // §1.3: DI + N blocks (BCD), optionally + start time mm hh DD MM YY.
                    int blocks = units(d, 4, 1)[0];
                    if (blocks == 0) {
                        // 0 would read as "no count" and re-encode without the byte (found by jqwik).
                        throw new Dlt645Exception(Reason.BAD_VALUE, "read of " + f.address() + " asks for 00 blocks");
                    }
                    return new ReadRequest(ed, a, f.dataId(ed), blocks, d.length == 10 ? dateTime(d, 5, false) : null);
                }
                throw badLength(f, fn, ed == Dlt645Edition.V2007 ? "4, 5 or 10" : "2");
            case READ_FOLLOW_UP:
                length(f, fn, 5);
                return new ReadFollowUpRequest(ed, a, f.dataId(ed), f.dataByte(4));
            case READ_FOLLOW_UP_1997:
                length(f, fn, 2);
                return new ReadFollowUpRequest(ed, a, f.dataId(ed), 0);
            case REREAD_1997:
                length(f, fn, 0);
                return new ReReadRequest(a);
            case READ_ADDRESS:
                length(f, fn, 0);
                return new ReadAddressRequest(a);
            default:
                return command(f, ed, fn);
        }
    }

    private static Dlt645Message command(Dlt645Frame f, Dlt645Edition ed, Dlt645Function fn) {
        byte[] d = f.dataUnsafe();
        int n = ed.dataIdLength();
        Dlt645Address a = f.address();
        switch (fn) {
            case BROADCAST_TIME:
                length(f, fn, 6);
                return new BroadcastTime(ed, a, dateTime(d, 0, true));
            case WRITE:
            case WRITE_1997: {
                int head = n + 4 + (ed == Dlt645Edition.V2007 ? 4 : 0);
                if (d.length < head || d.length > Dlt645Limits.MAX_WRITE_DATA_LENGTH) {
                    throw badLength(f, fn, head + ".." + Dlt645Limits.MAX_WRITE_DATA_LENGTH);
                }
                long op = ed == Dlt645Edition.V2007 ? Dlt645Codes.readLe(d, n + 4, 4) : 0;
                return new WriteRequest(ed, a, f.dataId(ed), Dlt645Password.read(d, n), op,
                        Dlt645Bytes.view(d, head, d.length - head));
            }
            case WRITE_ADDRESS:
            case WRITE_ADDRESS_1997:
                length(f, fn, 6);
                return new WriteAddressRequest(ed, a, address(d, 0));
            case FREEZE: {
                length(f, fn, 4);
                int[] u = units(d, 0, 4);
                return new Freeze(a, u[0], u[1], u[2], u[3]);
            }
            case CHANGE_BAUD:
            case CHANGE_BAUD_1997:
                length(f, fn, 1);
                return new ChangeBaud(ed, a, f.dataByte(0));
            case CHANGE_PASSWORD:
                length(f, fn, 12);
                return new ChangePassword(ed, a, f.dataId(ed), Dlt645Password.read(d, 4), Dlt645Password.read(d, 8));
            case CHANGE_PASSWORD_1997:
                length(f, fn, 8);
                return new ChangePassword(ed, a, 0, Dlt645Password.read(d, 0), Dlt645Password.read(d, 4));
            case CLEAR_DEMAND:
                length(f, fn, 8);
                return new ClearDemand(ed, a, Dlt645Password.read(d, 0), Dlt645Codes.readLe(d, 4, 4));
            case CLEAR_DEMAND_1997:
                length(f, fn, 0);
                return new ClearDemand(ed, a, Dlt645Password.NONE, 0);
            case CLEAR_METER:
                length(f, fn, 8);
                return new ClearMeter(a, Dlt645Password.read(d, 0), Dlt645Codes.readLe(d, 4, 4));
            case CLEAR_EVENTS:
                length(f, fn, 12);
                return new ClearEvents(a, Dlt645Password.read(d, 0), Dlt645Codes.readLe(d, 4, 4), Dlt645Codes.readLe(d, 8, 4));
            case REMOTE_CONTROL: {
                if (d.length != 16) {
                    throw badLength(f, fn, "16 (plain form; the encrypted form with PA 98/99 is not decoded)");
                }
                RemoteCommand cmd = RemoteCommand.ofCode(f.dataByte(8)).orElseThrow(() -> new Dlt645Exception(Reason.BAD_VALUE,
                        String.format("remote-control command N1=%02X is none of 1A 1B 1C 2A 2B 3A 3B", f.dataByte(8))));
                return new RemoteControl(a, Dlt645Password.read(d, 0), Dlt645Codes.readLe(d, 4, 4), cmd, f.dataByte(9),
                        dateTime(d, 10, true));
            }
            default:
                throw new IllegalStateException("unhandled function " + fn);
        }
    }

    private static Dlt645Message reply(Dlt645Frame f, Dlt645Edition ed, Dlt645Function fn) {
        // The read reply first and in a method of its own: it is what a collector decodes all day,
        // and a small method inlines where the whole switch would not (JMH, docs/performance.md).
        return fn == Dlt645Function.READ || fn == Dlt645Function.READ_1997 ? readReply(f, ed, fn) : otherReply(f, ed, fn);
    }

    private static ReadReply readReply(Dlt645Frame f, Dlt645Edition ed, Dlt645Function fn) {
        int n = ed.dataIdLength();
        if (f.dataLength() < n) {
            throw badLength(f, fn, "at least " + n);
        }
        // The reply keeps the frame's data array: the frame is immutable and never writes it.
        return readReply(ed, f.address(), f.control().hasFollowUp(), f.dataUnsafe());
    }

    /** A read reply from its data field {@code d} (0x33 removed, at least the DI), which it keeps. */
    private static ReadReply readReply(Dlt645Edition ed, Dlt645Address a, boolean more, byte[] d) {
        int n = ed.dataIdLength();
        long di = Dlt645Codes.readLe(d, 0, n);
        DataItem item = Dlt645Catalogue.standard().get(ed, di);
        Dlt645Values values = item != null && !more ? item.decode(d, n, d.length - n) : Dlt645Values.EMPTY;
        return new ReadReply(ed, a, di, more, d, n, values);
    }

    private static Dlt645Message otherReply(Dlt645Frame f, Dlt645Edition ed, Dlt645Function fn) {
        byte[] d = f.dataUnsafe();
        int n = ed.dataIdLength();
        Dlt645Address a = f.address();
        boolean more = f.control().hasFollowUp();
        switch (fn) {
            case READ_FOLLOW_UP:
                if (d.length < n + 1) {
                    throw badLength(f, fn, "at least " + (n + 1));
                }
                return new FollowUpReply(ed, a, f.dataId(ed), Dlt645Bytes.view(d, n, d.length - n - 1),
                        f.dataByte(d.length - 1), more);
            case READ_FOLLOW_UP_1997:
                if (d.length < n) {
                    throw badLength(f, fn, "at least " + n);
                }
                return new FollowUpReply(ed, a, f.dataId(ed), Dlt645Bytes.view(d, n, d.length - n), 0, more);
            default:
                break;
        }
        if (more) {
            throw new Dlt645Exception(Reason.UNKNOWN_FUNCTION, "C=" + f.control() + ": follow-up bit on a reply to " + fn.description());
        }
        if (d.length == 0) {
            return new Acknowledgement(ed, a, fn);
        }
        switch (fn) {
            case READ_ADDRESS:
                length(f, fn, 6);
                return new AddressReply(a, address(d, 0));
            case CHANGE_BAUD:
            case CHANGE_BAUD_1997:
                length(f, fn, 1);
                return new BaudReply(ed, a, f.dataByte(0));
            case CHANGE_PASSWORD:
            case CHANGE_PASSWORD_1997:
                length(f, fn, 4);
                return new PasswordReply(ed, a, Dlt645Password.read(d, 0));
            default:
                throw badLength(f, fn, "0 (a normal reply to " + fn.description() + " carries no data)");
        }
    }

    private static void length(Dlt645Frame f, Dlt645Function fn, int expected) {
        if (f.dataLength() != expected) {
            throw badLength(f, fn, Integer.toString(expected));
        }
    }

    private static Dlt645Exception badLength(Dlt645Frame f, Dlt645Function fn, String expected) {
        return new Dlt645Exception(Reason.BAD_LENGTH, "C=" + f.control() + " (" + fn.description() + ") from/to "
                + f.address() + " has L=" + f.dataLength() + ", its layout needs " + expected);
    }

    private static Dlt645Address address(byte[] d, int off) {
        Dlt645Address a = Dlt645Address.readWire(d, off);
        if (a == null) {
            throw new Dlt645Exception(Reason.BAD_ADDRESS, "address in the data field is neither BCD nor AA: "
                    + Dlt645Bytes.view(d, off, 6).hex());
        }
        return a;
    }

    /** Two-digit BCD units, low unit first. */
    static int[] units(byte[] d, int off, int n) {
        int[] u = new int[n];
        for (int i = 0; i < n; i++) {
            int b = d[off + i] & 0xFF;
            if ((b >>> 4) > 9 || (b & 0xF) > 9) {
                throw new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at data offset %d is not BCD", b, off + i));
            }
            u[i] = (b >>> 4) * 10 + (b & 0xF);
        }
        return u;
    }

    /** ss mm hh DD MM YY ({@code seconds}) or mm hh DD MM YY. */
    private static LocalDateTime dateTime(byte[] d, int off, boolean seconds) {
        int[] u = units(d, off, seconds ? 6 : 5);
        int s = seconds ? 1 : 0;
        return LocalDateTime.of(2000 + u[4 + s], u[3 + s], u[2 + s], u[1 + s], u[s], seconds ? u[0] : 0);
    }
}
