package org.headend.protocol.dlt645;

import java.time.LocalDateTime;
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
 * {@link Dlt645Message} to {@link Dlt645Frame} (and to bytes with a chosen FE preamble). Stateless:
 * each message is laid out in one exactly sized array, the inverse of {@link Dlt645MessageDecoder}.
 */
public final class Dlt645MessageEncoder {

    private Dlt645MessageEncoder() {
    }

    /** The wire bytes of {@code message} with {@code preamble} FE bytes in front (0..4). */
    public static byte[] encode(Dlt645Message message, int preamble) {
        return Dlt645FrameCodec.encode(toFrame(message), preamble);
    }

    /** The frame of {@code message}: address, control code and data field (0x33 not yet added). */
    public static Dlt645Frame toFrame(Dlt645Message message) {
        return new Dlt645Frame(message.address(), message.control(), data(message), true);
    }

    private static byte[] data(Dlt645Message m) {
        int n = m.edition().dataIdLength();
        if (m instanceof ReadRequest r) {
            byte[] d = new byte[n + (r.blocks() == 0 ? 0 : 1) + (r.since() == null ? 0 : 5)];
            Dlt645Codes.writeLe(r.dataId(), d, 0, n);
            if (r.blocks() > 0) {
                DataFormat.bcd(d, n, r.blocks());
            }
            if (r.since() != null) {
                dateTime(r.since(), false, d, n + 1);
            }
            return d;
        }
        if (m instanceof ReadFollowUpRequest r) {
            boolean seq = r.edition() == Dlt645Edition.V2007;
            byte[] d = new byte[n + (seq ? 1 : 0)];
            Dlt645Codes.writeLe(r.dataId(), d, 0, n);
            if (seq) {
                d[n] = (byte) r.sequence();
            }
            return d;
        }
        if (m instanceof ReReadRequest || m instanceof ReadAddressRequest || m instanceof Acknowledgement) {
            return new byte[0];
        }
        if (m instanceof WriteRequest w) {
            int head = n + 4 + (w.edition() == Dlt645Edition.V2007 ? 4 : 0);
            byte[] d = new byte[head + w.value().length()];
            Dlt645Codes.writeLe(w.dataId(), d, 0, n);
            w.password().write(d, n);
            if (w.edition() == Dlt645Edition.V2007) {
                Dlt645Codes.writeLe(w.operatorCode(), d, n + 4, 4);
            }
            w.value().copyTo(d, head);
            return d;
        }
        if (m instanceof WriteAddressRequest w) {
            byte[] d = new byte[Dlt645Address.WIRE_LENGTH];
            w.newAddress().writeWire(d, 0);
            return d;
        }
        if (m instanceof BroadcastTime b) {
            byte[] d = new byte[6];
            dateTime(b.time(), true, d, 0);
            return d;
        }
        if (m instanceof Freeze f) {
            byte[] d = new byte[4];
            DataFormat.bcd(d, 0, f.minute(), f.hour(), f.day(), f.month());
            return d;
        }
        if (m instanceof ChangeBaud c) {
            return new byte[] {(byte) c.rateCode()};
        }
        if (m instanceof BaudReply c) {
            return new byte[] {(byte) c.rateCode()};
        }
        if (m instanceof ChangePassword c) {
            int h = c.edition() == Dlt645Edition.V2007 ? 4 : 0;
            byte[] d = new byte[h + 8];
            Dlt645Codes.writeLe(c.dataId(), d, 0, h);
            c.oldPassword().write(d, h);
            c.newPassword().write(d, h + 4);
            return d;
        }
        if (m instanceof PasswordReply p) {
            byte[] d = new byte[4];
            p.newPassword().write(d, 0);
            return d;
        }
        if (m instanceof ClearDemand c) {
            return c.edition() == Dlt645Edition.V2007 ? passwordAndOperator(c.password(), c.operatorCode(), 0) : new byte[0];
        }
        if (m instanceof ClearMeter c) {
            return passwordAndOperator(c.password(), c.operatorCode(), 0);
        }
        if (m instanceof ClearEvents c) {
            byte[] d = passwordAndOperator(c.password(), c.operatorCode(), 4);
            Dlt645Codes.writeLe(c.eventId(), d, 8, 4);
            return d;
        }
        if (m instanceof RemoteControl r) {
            byte[] d = passwordAndOperator(r.password(), r.operatorCode(), 8);
            d[8] = (byte) r.command().code();
            d[9] = (byte) r.reserved();
            dateTime(r.validUntil(), true, d, 10);
            return d;
        }
        if (m instanceof ReadReply r) {
            byte[] d = new byte[n + r.data().length()];
            Dlt645Codes.writeLe(r.dataId(), d, 0, n);
            r.data().copyTo(d, n);
            return d;
        }
        if (m instanceof FollowUpReply r) {
            boolean seq = r.edition() == Dlt645Edition.V2007;
            byte[] d = new byte[n + r.data().length() + (seq ? 1 : 0)];
            Dlt645Codes.writeLe(r.dataId(), d, 0, n);
            r.data().copyTo(d, n);
            if (seq) {
                d[d.length - 1] = (byte) r.sequence();
            }
            return d;
        }
        if (m instanceof AddressReply r) {
            byte[] d = new byte[Dlt645Address.WIRE_LENGTH];
            r.reported().writeWire(d, 0);
            return d;
        }
        if (m instanceof ErrorReply e) {
            return new byte[] {(byte) e.error()};
        }
        throw new IllegalStateException("no layout for " + m.getClass().getSimpleName());
    }

    private static byte[] passwordAndOperator(Dlt645Password password, long operatorCode, int extra) {
        byte[] d = new byte[8 + extra];
        password.write(d, 0);
        Dlt645Codes.writeLe(operatorCode, d, 4, 4);
        return d;
    }

    private static void dateTime(LocalDateTime t, boolean seconds, byte[] d, int off) {
        if (seconds) {
            DataFormat.bcd(d, off, t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
        } else {
            DataFormat.bcd(d, off, t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
        }
    }
}
