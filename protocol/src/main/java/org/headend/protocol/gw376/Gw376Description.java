package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.headend.protocol.dlt645.Dlt645Description;
import org.headend.protocol.gw376.Gw376Data.Ack;
import org.headend.protocol.gw376.Gw376Data.Acks;
import org.headend.protocol.gw376.Gw376Data.Energy;
import org.headend.protocol.gw376.Gw376Data.Events;
import org.headend.protocol.gw376.Gw376Data.ForwardReply;
import org.headend.protocol.gw376.Gw376Data.ForwardRequest;
import org.headend.protocol.gw376.Gw376Data.Raw;
import org.headend.protocol.gw376.Gw376Data.Series;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.wire.Octets;
import org.headend.protocol.wire.StreamEntries;

/**
 * A decoded 1376.1 frame as an ordered map of plain values (String, Number, Boolean, List, Map,
 * null), ready for any JSON writer: the {@code decode} command prints it, tests read it. Pure
 * functions, no I/O; key order is stable. A frame carried by 10 F1 is described with
 * {@link Dlt645Description}.
 */
public final class Gw376Description {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Gw376Description() {
    }

    /** True when {@code bytes} are exactly one valid frame: lets a caller tell 1376.1 from DL/T 645 by the bytes. */
    public static boolean isFrame(byte[] bytes) {
        try {
            Gw376Decoder.decode(bytes);
            return true;
        } catch (Gw376Exception e) {
            return false;
        }
    }

    /**
     * Describes every frame in {@code bytes}: one frame or a captured stream. Candidates the
     * extractor drops and trailing bytes that never became a frame appear in order as
     * {@code "valid": false} entries with their reason.
     */
    public static List<Map<String, Object>> describeStream(byte[] bytes) {
        Gw376Exception whole;
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            out.add(describe(Gw376Decoder.decode(bytes)));
            return out;
        } catch (Gw376Exception e) {
            whole = e;
        }
        StreamEntries out = new StreamEntries("gw376");
        Gw376Extractor x = new Gw376Extractor();
        x.feed(bytes, new Gw376Extractor.Sink() {
            @Override
            public void frame(Gw376Frame frame) {
                out.frame(describe(frame));
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
        return StreamEntries.invalid("gw376", reason.tag(), message, bytes);
    }

    /** Describes one frame; a unit whose bytes did not fit its layout makes it {@code "valid": false}, reason bad_unit. */
    public static Map<String, Object> describe(Gw376Frame f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "gw376");
        Optional<String> problem = f.units().stream().map(Gw376Unit::data).filter(d -> d instanceof Raw r && r.problem() != null)
                .map(d -> ((Raw) d).problem()).findFirst();
        m.put("valid", problem.isEmpty());
        problem.ifPresent(p -> {
            m.put("reason", Reason.BAD_UNIT.tag());
            m.put("error", p);
        });
        m.put("direction", f.control().up() ? "up" : "down");
        m.put("length", Gw376Encoder.userDataLength(f));
        m.put("protocol_id", f.protocolId());
        m.put("protocol_name", f.protocolId() == Gw376Limits.PROTOCOL_1376_1 ? "Q/GDW 1376.1" : "Q/GDW 130-2005");
        m.put("control", control(f.control()));
        m.put("address", address(f.address()));
        Map<String, Object> afn = new LinkedHashMap<>();
        afn.put("code", String.format("%02X", f.afn()));
        afn.put("value", f.afn());
        afn.put("name", f.function().map(Gw376Afn::description).orElse("unknown"));
        m.put("afn", afn);
        m.put("seq", seq(f));
        List<Object> units = new ArrayList<>();
        for (Gw376Group g : f.groups()) {
            for (Gw376Unit u : g.units()) {
                units.add(unit(f, g, u));
            }
        }
        m.put("units", units);
        if (f.pw() != null) {
            m.put("pw", f.pw().hex());
        }
        if (f.ec() != null) {
            m.put("ec", Map.of("ec1", f.ec().important(), "ec2", f.ec().normal()));
        }
        if (f.tp() != null) {
            Gw376Tp tp = f.tp();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("pfc", tp.pfc());
            t.put("time", String.format("day %02d %02d:%02d:%02d", tp.day(), tp.hour(), tp.minute(), tp.second()));
            t.put("delay_minutes", tp.delayMinutes());
            m.put("tp", t);
        }
        return m;
    }

    private static Map<String, Object> control(Gw376Control c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", c.toString());
        m.put("dir", c.up() ? 1 : 0);
        m.put("prm", c.primary() ? 1 : 0);
        if (c.up()) {
            m.put("acd", c.acd() ? 1 : 0);
        } else {
            m.put("fcb", c.fcb() ? 1 : 0);
            m.put("fcv", c.fcv() ? 1 : 0);
        }
        m.put("function", c.function());
        m.put("function_name", c.functionName());
        return m;
    }

    private static Map<String, Object> address(Gw376Address a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a1", a.regionCode());
        if (!a.regionIsBcd()) {
            m.put("a1_note", "not BCD");
        }
        m.put("a2", String.format("%04X", a.terminal()));
        m.put("a2_decimal", a.terminal());
        if (a.terminal() == 0) {
            m.put("a2_note", "0 is not a valid terminal address");
        } else if (a.terminal() == Gw376Address.BROADCAST_TERMINAL && a.group()) {
            m.put("a2_note", "broadcast");
        }
        m.put("a3", String.format("%02X", a.a3()));
        m.put("msa", a.master());
        m.put("group", a.group());
        return m;
    }

    private static Map<String, Object> seq(Gw376Frame f) {
        Gw376Seq s = f.seq();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", s.toString());
        m.put("tpv", s.tpv() ? 1 : 0);
        m.put("fir", s.fir() ? 1 : 0);
        m.put("fin", s.fin() ? 1 : 0);
        m.put("con", s.con() ? 1 : 0);
        m.put(f.control().primary() ? "pseq" : "rseq", s.number());
        return m;
    }

    private static Map<String, Object> unit(Gw376Frame f, Gw376Group g, Gw376Unit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pn", u.pn() == Gw376DataId.ALL_POINTS ? "all" : u.pn());
        m.put("fn", u.fn());
        m.put("id", "p" + (u.pn() == Gw376DataId.ALL_POINTS ? "all" : u.pn()) + " F" + u.fn());
        m.put("da_dt", g.id().toString());
        m.put("name", Gw376Names.of(f.afn(), u.fn()));
        data(u.data(), m);
        return m;
    }

    private static void data(Gw376Data d, Map<String, Object> m) {
        if (d instanceof Raw r) {
            m.put("data", r.bytes().hex());
            m.put("note", r.problem() == null ? "layout not decoded; bytes kept" : "does not fit its layout: " + r.problem());
        } else if (d instanceof Gw376Data.Clock c) {
            m.put("time", DATE_TIME.format(c.time()));
            m.put("weekday", c.weekday());
        } else if (d instanceof Gw376Data.Day day) {
            m.put("td_d", day.day().toString());
        } else if (d instanceof Gw376Data.Month month) {
            m.put("td_m", month.month().toString());
        } else if (d instanceof Energy e) {
            energy(e, m);
        } else if (d instanceof Acks a) {
            m.put("acknowledged_afn", String.format("%02X", a.afn()));
            m.put("acknowledged_afn_name", Gw376Afn.find(a.afn()).map(Gw376Afn::description).orElse("unknown"));
            List<Object> acks = new ArrayList<>();
            for (Ack k : a.acks()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("da_dt", k.id().toString());
                e.put("pn", k.id().points());
                e.put("fn", k.id().functions());
                e.put("err", k.err());
                e.put("ok", k.ok());
                acks.add(e);
            }
            m.put("acks", acks);
        } else if (d instanceof Gw376Data.EventQuery q) {
            m.put("pm", q.start());
            m.put("pn_end", q.end());
        } else if (d instanceof Events e) {
            events(e, m);
        } else if (d instanceof ForwardRequest r) {
            forward(r, m);
        } else if (d instanceof ForwardReply r) {
            m.put("port", r.port());
            meterFrame(r.frame(), m);
        }
    }

    private static void energy(Energy e, Map<String, Object> m) {
        e.day().ifPresent(d -> m.put("td_d", d.toString()));
        e.month().ifPresent(d -> m.put("td_m", d.toString()));
        m.put("read_time", e.readTime().map(MINUTES::format).orElse(null));
        m.put("tariffs", e.tariffs());
        List<Object> values = new ArrayList<>();
        for (Series s : e.series()) {
            for (int i = 0; i < s.values().size(); i++) {
                String tariff = i == 0 ? "total" : "t" + i;
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("name", tariff);
                v.put("quantity", s.quantity() + "." + tariff);
                Optional<BigDecimal> value = s.values().get(i);
                v.put("value", value.orElse(null));
                v.put("unit", s.unit());
                if (value.isEmpty()) {
                    v.put("note", "no data (EE)");
                }
                values.add(v);
            }
        }
        m.put("values", values);
    }

    private static void events(Events e, Map<String, Object> m) {
        m.put("ec1", e.important());
        m.put("ec2", e.normal());
        m.put("pm", e.start());
        m.put("pn_end", e.end());
        List<Object> records = new ArrayList<>();
        for (Gw376Event r : e.records()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("erc", r.erc());
            if (r instanceof Gw376Event.TerminalInit t) {
                x.put("name", "terminal initialisation / version change");
                x.put("time", MINUTES.format(t.time()));
                x.put("flags", String.format("%02X", t.flags()));
                x.put("initialised", t.initialised());
                x.put("version_changed", t.versionChanged());
                x.put("old_version", t.oldVersion());
                x.put("new_version", t.newVersion());
            } else if (r instanceof Gw376Event.MeterClock c) {
                x.put("name", "meter clock out of tolerance");
                x.put("time", MINUTES.format(c.time()));
                x.put("point", c.point());
                x.put("begins", c.begins());
            } else if (r instanceof Gw376Event.PowerOnOff p) {
                x.put("name", "terminal power off / on");
                p.attributes().ifPresent(a -> x.put("attributes", String.format("%02X", a)));
                x.put("off", p.off().map(MINUTES::format).orElse(null));
                x.put("on", p.on().map(MINUTES::format).orElse(null));
            } else if (r instanceof Gw376Event.Other o) {
                x.put("le", o.content().length());
                x.put("content", o.content().hex());
            }
            records.add(x);
        }
        m.put("records", records);
    }

    private static void forward(ForwardRequest r, Map<String, Object> m) {
        m.put("port", r.port());
        m.put("control", String.format("%02X", r.control()));
        m.put("baud", r.baud());
        m.put("framing", r.framing());
        m.put("frame_timeout", String.format("%02X", r.frameTimeout()));
        m.put("frame_timeout_ms", r.frameTimeoutDuration().toMillis());
        m.put("byte_timeout", String.format("%02X", r.byteTimeout()));
        m.put("byte_timeout_ms", r.byteTimeoutDuration().toMillis());
        meterFrame(r.frame(), m);
    }

    private static void meterFrame(Octets frame, Map<String, Object> m) {
        m.put("length", frame.length());
        m.put("payload", frame.hex());
        if (frame.length() > 0) {
            m.put("dlt645", Dlt645Description.describeStream(frame.toArray(), null));
        }
    }
}
