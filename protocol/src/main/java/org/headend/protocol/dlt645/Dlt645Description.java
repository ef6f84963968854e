package org.headend.protocol.dlt645;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
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
import org.headend.protocol.dlt645.Dlt645Message.ReadFollowUpRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.RemoteControl;
import org.headend.protocol.dlt645.Dlt645Message.WriteAddressRequest;
import org.headend.protocol.dlt645.Dlt645Message.WriteRequest;
import org.headend.protocol.wire.StreamEntries;

/**
 * A decoded frame as an ordered map of plain values (String, Number, Boolean, List, Map, null),
 * ready for any JSON writer: the {@code decode} command prints it, tests read it. Pure functions,
 * no I/O. Key order is stable so scripts can rely on it.
 */
public final class Dlt645Description {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Dlt645Description() {
    }

    /**
     * Describes every frame in {@code bytes}: one frame (with any FE preamble) or a captured stream.
     * Candidates the extractor drops and trailing bytes that never became a frame appear in order as
     * {@code "valid": false} entries with their reason. {@code edition} null means detect per frame.
     * An input holding no frame-like bytes at all yields one invalid entry with reason {@code bad_start}.
     */
    public static List<Map<String, Object>> describeStream(byte[] bytes, Dlt645Edition edition) {
        Dlt645Exception whole;
        try {
            Dlt645Frame f = Dlt645FrameCodec.decode(bytes);
            int preamble = 0;
            while ((bytes[preamble] & 0xFF) == Dlt645Limits.PREAMBLE) {
                preamble++;
            }
            List<Map<String, Object>> out = new ArrayList<>();
            out.add(describe(f, preamble, edition));
            return out;
        } catch (Dlt645Exception e) {
            whole = e;
        }
        StreamEntries out = new StreamEntries("dlt645");
        Dlt645Extractor x = new Dlt645Extractor();
        x.feed(bytes, new Dlt645Extractor.Sink() {
            @Override
            public void frame(Dlt645Frame frame) {
                out.frame(describe(frame, x.lastPreamble(), edition));
            }

            @Override
            public void dropped(Reason reason, int count) {
                out.dropped(reason.tag(), count);
            }
        });
        return out.end(x.frames(), x.buffered(), whole, bytes.length);
    }

    /** An entry for bytes that are not a valid frame. */
    public static Map<String, Object> invalid(Reason reason, String message, int bytes) {
        return StreamEntries.invalid("dlt645", reason.tag(), message, bytes);
    }

    /** Describes one verified frame; a frame whose content does not decode is reported invalid with its reason. */
    public static Map<String, Object> describe(Dlt645Frame frame, int preamble, Dlt645Edition edition) {
        Dlt645Message msg;
        Dlt645Edition ed = edition != null ? edition : Dlt645MessageDecoder.detectEdition(frame).orElse(Dlt645Edition.V2007);
        Dlt645Exception failure = null;
        try {
            msg = Dlt645MessageDecoder.decode(frame, ed);
        } catch (Dlt645Exception e) {
            msg = null;
            failure = e;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "dlt645");
        m.put("edition", ed == Dlt645Edition.V2007 ? "2007" : "1997");
        m.put("valid", failure == null);
        if (failure != null) {
            m.put("reason", failure.reason().tag());
            m.put("error", failure.getMessage());
        }
        m.put("preamble", preamble);
        m.put("address", frame.address().toString());
        if (frame.address().isBroadcast()) {
            m.put("address_note", "broadcast");
        } else if (frame.address().hasWildcard()) {
            m.put("address_note", "wildcard (AA)");
        }
        ControlCode c = frame.control();
        m.put("control", c.toString());
        m.put("direction", c.isResponse() ? "response" : "request");
        m.put("reply", c.isResponse() ? c.kind() : null);
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("code", String.format("%02X", c.functionCode()));
        fn.put("name", c.function().map(Dlt645Function::description).orElse("unknown"));
        m.put("function", fn);
        m.put("meaning", c.describe());
        m.put("length", frame.dataLength());
        if (msg != null) {
            m.put("message", msg.getClass().getSimpleName());
            body(msg, m);
        } else {
            m.put("data", Dlt645Bytes.view(frame.dataUnsafe(), 0, frame.dataLength()).hex());
        }
        return m;
    }

    private static void body(Dlt645Message msg, Map<String, Object> m) {
        Dlt645Edition ed = msg.edition();
        if (msg instanceof ReadRequest r) {
            dataId(ed, r.dataId(), m);
            if (r.blocks() > 0) {
                m.put("blocks", r.blocks());
            }
            if (r.since() != null) {
                m.put("since", DATE_TIME.format(r.since()));
            }
        } else if (msg instanceof ReadFollowUpRequest r) {
            dataId(ed, r.dataId(), m);
            m.put("sequence", r.sequence());
        } else if (msg instanceof ReadReply r) {
            dataId(ed, r.dataId(), m);
            m.put("data", r.data().hex());
            if (r.followUp()) {
                m.put("note", "more frames follow (D5); values are decoded from the complete reply");
            } else if (r.item().isEmpty()) {
                m.put("note", "DI not in the catalogue; raw data only");
            }
            List<Object> values = new ArrayList<>();
            for (Dlt645Value v : r.values()) {
                values.add(value(v));
            }
            m.put("values", values);
        } else if (msg instanceof FollowUpReply r) {
            dataId(ed, r.dataId(), m);
            m.put("data", r.data().hex());
            m.put("sequence", r.sequence());
            m.put("more", r.more());
        } else if (msg instanceof ErrorReply e) {
            m.put("error_status", String.format("%02X", e.error()));
            // The byte as sent, in the vectors' notation: a sender that forgot +0x33 shows here (D07-038).
            int wire = (e.error() + 0x33) & 0xFF;
            m.put("error_on_wire", String.format("0x%02X (data is +33 on the wire; 0x%02X -33 = 0x%02X)", wire, wire, e.error()));
            m.put("error_flags", e.flags());
        } else if (msg instanceof AddressReply a) {
            m.put("reported_address", a.reported().toString());
        } else {
            command(msg, ed, m);
        }
    }

    /** Writes, settings, clears and remote control, with their replies. */
    private static void command(Dlt645Message msg, Dlt645Edition ed, Map<String, Object> m) {
        if (msg instanceof WriteRequest w) {
            dataId(ed, w.dataId(), m);
            m.put("password", w.password().toString());
            if (ed == Dlt645Edition.V2007) {
                m.put("operator", String.format("%08X", w.operatorCode()));
            }
            m.put("value_data", w.value().hex());
        } else if (msg instanceof WriteAddressRequest w) {
            m.put("new_address", w.newAddress().toString());
        } else if (msg instanceof BroadcastTime b) {
            m.put("time", DATE_TIME.format(b.time()));
        } else if (msg instanceof Freeze f) {
            m.put("freeze_at", String.format("MM=%02d DD=%02d hh=%02d mm=%02d (99 = every)", f.month(), f.day(), f.hour(), f.minute()));
        } else if (msg instanceof ChangeBaud b) {
            m.put("rate_code", String.format("%02X", b.rateCode()));
            m.put("baud", b.baud());
        } else if (msg instanceof BaudReply b) {
            m.put("rate_code", String.format("%02X", b.rateCode()));
            m.put("baud", b.baud());
        } else if (msg instanceof ChangePassword p) {
            if (ed == Dlt645Edition.V2007) {
                dataId(ed, p.dataId(), m);
            }
            m.put("old_password", p.oldPassword().toString());
            m.put("new_password", p.newPassword().toString());
        } else if (msg instanceof PasswordReply p) {
            m.put("new_password", p.newPassword().toString());
        } else if (msg instanceof ClearDemand c) {
            authorisation(c.password(), c.operatorCode(), ed, m);
        } else if (msg instanceof ClearMeter c) {
            authorisation(c.password(), c.operatorCode(), ed, m);
        } else if (msg instanceof ClearEvents c) {
            authorisation(c.password(), c.operatorCode(), ed, m);
            m.put("event_di", ed.formatDataId(c.eventId()));
        } else if (msg instanceof RemoteControl r) {
            authorisation(r.password(), r.operatorCode(), ed, m);
            m.put("command", r.command().name().toLowerCase());
            m.put("command_meaning", r.command().description());
            m.put("valid_until", DATE_TIME.format(r.validUntil()));
        }
    }

    private static void authorisation(Dlt645Password password, long operator, Dlt645Edition ed, Map<String, Object> m) {
        if (ed == Dlt645Edition.V2007) {
            m.put("password", password.toString());
            m.put("operator", String.format("%08X", operator));
        }
    }

    private static void dataId(Dlt645Edition ed, long di, Map<String, Object> m) {
        m.put("di", ed.formatDataId(di));
        m.put("item", Dlt645Catalogue.standard().find(ed, di).map(DataItem::name).orElse(null));
    }

    /** One value: name, quantity, value, unit (and a note for Missing, details for dates and flags). */
    public static Map<String, Object> value(Dlt645Value v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("quantity", v.quantity());
        if (v instanceof Dlt645Value.Number n) {
            m.put("value", n.decimalValue());
            m.put("unit", n.unit());
        } else if (v instanceof Dlt645Value.Missing x) {
            m.put("value", null);
            m.put("note", x.note());
        } else if (v instanceof Dlt645Value.Text t) {
            m.put("value", t.text());
        } else if (v instanceof Dlt645Value.Date d) {
            m.put("value", d.date().toString());
            m.put("weekday", d.weekday());
        } else if (v instanceof Dlt645Value.Time t) {
            m.put("value", t.time().toString().length() == 5 ? t.time() + ":00" : t.time().toString());
        } else if (v instanceof Dlt645Value.DateTime t) {
            m.put("value", DATE_TIME.format(t.dateTime()));
        } else if (v instanceof Dlt645Value.Flags f) {
            m.put("value", String.format("%04X", f.raw()));
            m.put("flags", f.set());
        }
        return m;
    }
}
