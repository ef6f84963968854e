package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.headend.protocol.gw376.Gw376Data.Ack;
import org.headend.protocol.gw376.Gw376Data.Acks;
import org.headend.protocol.gw376.Gw376Data.Energy;
import org.headend.protocol.gw376.Gw376Data.Events;
import org.headend.protocol.gw376.Gw376Data.ForwardReply;
import org.headend.protocol.gw376.Gw376Data.ForwardRequest;
import org.headend.protocol.gw376.Gw376Data.Raw;
import org.headend.protocol.gw376.Gw376Data.Series;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.gw376.Gw376Layout.Kind;
import org.headend.protocol.gw376.Gw376Layout.SeriesSpec;
import org.headend.protocol.wire.Octets;

/**
 * The data area (DA DT data)* both ways. A unit whose layout is unknown, or whose bytes do not fit
 * its layout, takes the rest of the area raw: units carry no length, so nothing after it can be
 * placed. Only identifiers that name nothing, or 1..3 bytes left over, fail the frame.
 */
final class Gw376Units {

    private Gw376Units() {
    }

    static List<Gw376Group> decode(byte[] b, int off, int end, boolean up, int afn) {
        List<Gw376Group> groups = new ArrayList<>(1);
        int p = off;
        while (p < end) {
            if (end - p < 4) {
                throw new Gw376Exception(Reason.BAD_UNIT, (end - p) + " bytes left at offset " + p + " cannot hold a DA/DT");
            }
            Gw376DataId id = Gw376DataId.read(b, p);
            p += 4;
            List<Integer> points = id.points();
            List<Integer> fns = id.functions();
            List<Gw376Unit> units = new ArrayList<>(points.size() * fns.size());
            for (int pn : points) {
                for (int fn : fns) {
                    Gw376Layout layout = Gw376Layout.find(afn, up, fn);
                    Gw376Data data;
                    if (layout == null) {
                        data = new Raw(Octets.of(b, p, end - p), null);
                        p = end;
                    } else {
                        try {
                            int size = size(layout, b, p, end);
                            data = decode(layout, b, p, size);
                            p += size;
                        } catch (Gw376Exception | IllegalArgumentException e) {
                            data = new Raw(Octets.of(b, p, end - p), e.getMessage());
                            p = end;
                        }
                    }
                    units.add(new Gw376Unit(pn, fn, data));
                }
            }
            groups.add(new Gw376Group(id, units));
        }
        return groups;
    }

    private static Gw376Exception truncated(String what, int need, int have) {
        return new Gw376Exception(Reason.TRUNCATED, what + " needs " + need + " bytes, " + have + " remain");
    }

    /** Bytes the unit at {@code p} takes, or an exception when they are not there. */
    private static int size(Gw376Layout l, byte[] b, int p, int end) {
        int have = end - p;
        int need = switch (l.kind()) {
            case NONE -> 0;
            case CLOCK -> 6;
            case HEARTBEAT -> have == 6 ? 6 : 0;
            case DAY -> Gw376Layout.DAY_STAMP;
            case MONTH -> Gw376Layout.MONTH_STAMP;
            case EVENT_QUERY -> 2;
            case ACKS -> {
                if (have < 1 || (have - 1) % 5 != 0) {
                    throw new Gw376Exception(Reason.BAD_UNIT, "00 F3 is AFN + 5 bytes per unit, " + have + " bytes remain");
                }
                yield have;
            }
            case EVENTS -> eventsSize(b, p, end);
            case ENERGY -> {
                int m = l.stamp() + 5;
                if (have <= m) {
                    throw truncated("energy unit header", m + 1, have);
                }
                int tariffs = b[p + m] & 0xFF;
                if (tariffs > Gw376Limits.MAX_TARIFFS) {
                    throw new Gw376Exception(Reason.BAD_UNIT, "tariff count M = " + tariffs + " exceeds " + Gw376Limits.MAX_TARIFFS);
                }
                int per = 0;
                for (SeriesSpec s : l.series()) {
                    per += s.bytes();
                }
                yield m + 1 + per * (tariffs + 1);
            }
            case FORWARD_REQUEST -> 6 + forwardLength(b, p + 4, end);
            case FORWARD_REPLY -> 3 + forwardLength(b, p + 1, end);
        };
        if (need > have) {
            throw truncated(l.kind().name().toLowerCase(), need, have);
        }
        return need;
    }

    private static int forwardLength(byte[] b, int at, int end) {
        if (at + 2 > end) {
            throw truncated("forwarding header", at + 2 - at, Math.max(0, end - at));
        }
        int k = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        if (k > Gw376Limits.MAX_FORWARD_LENGTH) {
            throw new Gw376Exception(Reason.TOO_LONG, "forwarded frame length " + k + " exceeds " + Gw376Limits.MAX_FORWARD_LENGTH);
        }
        return k;
    }

    private static int eventsSize(byte[] b, int p, int end) {
        int q = p + 4;
        if (q > end) {
            throw truncated("event data header", 4, end - p);
        }
        while (q < end) {
            if (q + 2 > end) {
                throw truncated("event record header", 2, end - q);
            }
            q += 2 + (b[q + 1] & 0xFF);
        }
        if (q > end) {
            throw truncated("last event record", q - p, end - p);
        }
        return end - p;
    }

    private static Gw376Data decode(Gw376Layout l, byte[] b, int p, int size) {
        return switch (l.kind()) {
            case NONE -> Gw376Data.NONE;
            case CLOCK -> Gw376Formats.a1(b, p);
            case HEARTBEAT -> size == 0 ? Gw376Data.NONE : Gw376Formats.a1(b, p);
            case DAY -> new Gw376Data.Day(Gw376Formats.a20(b, p));
            case MONTH -> new Gw376Data.Month(Gw376Formats.a21(b, p));
            case EVENT_QUERY -> new Gw376Data.EventQuery(b[p] & 0xFF, b[p + 1] & 0xFF);
            case ACKS -> {
                List<Ack> acks = new ArrayList<>();
                for (int q = p + 1; q < p + size; q += 5) {
                    acks.add(new Ack(Gw376DataId.read(b, q), b[q + 4] & 0xFF));
                }
                yield new Acks(b[p] & 0xFF, acks);
            }
            case EVENTS -> events(b, p, size);
            case ENERGY -> energy(l, b, p);
            case FORWARD_REQUEST -> new ForwardRequest(b[p] & 0xFF, b[p + 1] & 0xFF, b[p + 2] & 0xFF, b[p + 3] & 0xFF,
                    Octets.of(b, p + 6, size - 6));
            case FORWARD_REPLY -> new ForwardReply(b[p] & 0xFF, Octets.of(b, p + 3, size - 3));
        };
    }

    private static Energy energy(Gw376Layout l, byte[] b, int p) {
        int q = p;
        Optional<LocalDate> day = Optional.empty();
        Optional<YearMonth> month = Optional.empty();
        if (l.stamp() == Gw376Layout.DAY_STAMP) {
            day = Optional.of(Gw376Formats.a20(b, q));
        } else if (l.stamp() == Gw376Layout.MONTH_STAMP) {
            month = Optional.of(Gw376Formats.a21(b, q));
        }
        q += l.stamp();
        Optional<LocalDateTime> readTime = Gw376Formats.a15(b, q);
        q += 5;
        int tariffs = b[q++] & 0xFF;
        List<Series> series = new ArrayList<>(l.series().size());
        for (SeriesSpec s : l.series()) {
            List<Optional<BigDecimal>> values = new ArrayList<>(tariffs + 1);
            for (int i = 0; i <= tariffs; i++) {
                values.add(Gw376Formats.number(b, q, s.bytes(), s.scale()));
                q += s.bytes();
            }
            series.add(new Series(s.quantity(), s.unit(), values));
        }
        return new Energy(day, month, readTime, tariffs, series);
    }

    private static Events events(byte[] b, int p, int size) {
        List<Gw376Event> records = new ArrayList<>();
        for (int q = p + 4; q < p + size; q += 2 + (b[q + 1] & 0xFF)) {
            records.add(event(b[q] & 0xFF, b, q + 2, b[q + 1] & 0xFF));
        }
        return new Events(b[p] & 0xFF, b[p + 1] & 0xFF, b[p + 2] & 0xFF, b[p + 3] & 0xFF, records);
    }

    /** ERC 1, 12 and 14 are decoded; any other ERC, or a record that does not fit its ERC's layout, keeps its content. */
    private static Gw376Event event(int erc, byte[] b, int off, int le) {
        try {
            if (erc == 1 && le == Gw376Event.TerminalInit.LENGTH) {
                Optional<LocalDateTime> time = Gw376Formats.a15(b, off);
                if (time.isPresent()) {
                    return new Gw376Event.TerminalInit(time.get(), b[off + 5] & 0xFF,
                            new String(b, off + 6, 4, StandardCharsets.ISO_8859_1), new String(b, off + 10, 4, StandardCharsets.ISO_8859_1));
                }
            } else if (erc == 12 && le == Gw376Event.MeterClock.LENGTH && (b[off + 6] & 0x70) == 0) {
                Optional<LocalDateTime> time = Gw376Formats.a15(b, off);
                if (time.isPresent()) {
                    int word = (b[off + 5] & 0xFF) | (b[off + 6] & 0xFF) << 8;
                    return new Gw376Event.MeterClock(time.get(), word & 0x0FFF, (word & 0x8000) != 0);
                }
            } else if (erc == 14 && (le == Gw376Event.PowerOnOff.LENGTH_2009 || le == Gw376Event.PowerOnOff.LENGTH_2013)) {
                int t = off + le - Gw376Event.PowerOnOff.LENGTH_2009;
                OptionalInt attributes = t > off ? OptionalInt.of(b[off] & 0xFF) : OptionalInt.empty();
                return new Gw376Event.PowerOnOff(attributes, Gw376Formats.a15(b, t), Gw376Formats.a15(b, t + 5));
            }
        } catch (Gw376Exception e) {
            // falls through: kept raw
        }
        return new Gw376Event.Other(erc, Octets.of(b, off, le));
    }

    /** Bytes {@code data} takes on the wire. */
    static int size(Gw376Data data) {
        if (data instanceof Raw r) {
            return r.bytes().length();
        } else if (data instanceof Gw376Data.Clock) {
            return 6;
        } else if (data instanceof Gw376Data.Day) {
            return Gw376Layout.DAY_STAMP;
        } else if (data instanceof Gw376Data.Month) {
            return Gw376Layout.MONTH_STAMP;
        } else if (data instanceof Gw376Data.EventQuery) {
            return 2;
        } else if (data instanceof Acks a) {
            return 1 + 5 * a.acks().size();
        } else if (data instanceof Events e) {
            return 4 + e.records().stream().mapToInt(r -> 2 + eventLength(r)).sum();
        } else if (data instanceof Energy e) {
            int stamp = e.day().isPresent() ? Gw376Layout.DAY_STAMP : e.month().isPresent() ? Gw376Layout.MONTH_STAMP : 0;
            return stamp + 6 + e.series().stream().mapToInt(s -> SeriesSpec.of(s.quantity()).bytes()).sum() * (e.tariffs() + 1);
        } else if (data instanceof ForwardRequest f) {
            return 6 + f.frame().length();
        } else if (data instanceof ForwardReply f) {
            return 3 + f.frame().length();
        }
        return 0; // None
    }

    private static int eventLength(Gw376Event e) {
        if (e instanceof Gw376Event.Other o) {
            return o.content().length();
        }
        if (e instanceof Gw376Event.MeterClock) {
            return Gw376Event.MeterClock.LENGTH;
        }
        return e instanceof Gw376Event.PowerOnOff p ? p.length() : Gw376Event.TerminalInit.LENGTH;
    }

    /** Writes the groups from {@code off}; returns the offset after them. */
    static int encode(List<Gw376Group> groups, byte[] out, int off) {
        int p = off;
        for (Gw376Group g : groups) {
            g.id().write(out, p);
            p += 4;
            for (Gw376Unit u : g.units()) {
                p = encode(u.data(), out, p);
            }
        }
        return p;
    }

    private static int encode(Gw376Data data, byte[] out, int p) {
        if (data instanceof Raw r) {
            r.bytes().copyTo(out, p);
        } else if (data instanceof Gw376Data.Clock c) {
            Gw376Formats.a1(c, out, p);
        } else if (data instanceof Gw376Data.Day d) {
            Gw376Formats.a20(d.day(), out, p);
        } else if (data instanceof Gw376Data.Month m) {
            Gw376Formats.a21(m.month(), out, p);
        } else if (data instanceof Gw376Data.EventQuery q) {
            out[p] = (byte) q.start();
            out[p + 1] = (byte) q.end();
        } else if (data instanceof Acks a) {
            out[p] = (byte) a.afn();
            int q = p + 1;
            for (Ack k : a.acks()) {
                k.id().write(out, q);
                out[q + 4] = (byte) k.err();
                q += 5;
            }
        } else if (data instanceof Events e) {
            encodeEvents(e, out, p);
        } else if (data instanceof Energy e) {
            encodeEnergy(e, out, p);
        } else if (data instanceof ForwardRequest f) {
            out[p] = (byte) f.port();
            out[p + 1] = (byte) f.control();
            out[p + 2] = (byte) f.frameTimeout();
            out[p + 3] = (byte) f.byteTimeout();
            writeLength(f.frame(), out, p + 4);
        } else if (data instanceof ForwardReply f) {
            out[p] = (byte) f.port();
            writeLength(f.frame(), out, p + 1);
        }
        return p + size(data);
    }

    /** Forwarded frame: its length (2 bytes, low first), then its bytes. */
    private static void writeLength(Octets frame, byte[] out, int p) {
        out[p] = (byte) frame.length();
        out[p + 1] = (byte) (frame.length() >>> 8);
        frame.copyTo(out, p + 2);
    }

    private static void encodeEnergy(Energy e, byte[] out, int p) {
        int q = p;
        if (e.day().isPresent()) {
            Gw376Formats.a20(e.day().get(), out, q);
            q += Gw376Layout.DAY_STAMP;
        } else if (e.month().isPresent()) {
            Gw376Formats.a21(e.month().get(), out, q);
            q += Gw376Layout.MONTH_STAMP;
        }
        Gw376Formats.a15(e.readTime(), out, q);
        q += 5;
        out[q++] = (byte) e.tariffs();
        for (Series s : e.series()) {
            SeriesSpec spec = SeriesSpec.of(s.quantity());
            for (Optional<BigDecimal> v : s.values()) {
                Gw376Formats.number(v, spec.bytes(), spec.scale(), out, q);
                q += spec.bytes();
            }
        }
    }

    private static void encodeEvents(Events e, byte[] out, int p) {
        out[p] = (byte) e.important();
        out[p + 1] = (byte) e.normal();
        out[p + 2] = (byte) e.start();
        out[p + 3] = (byte) e.end();
        int q = p + 4;
        for (Gw376Event r : e.records()) {
            out[q] = (byte) r.erc();
            out[q + 1] = (byte) eventLength(r);
            if (r instanceof Gw376Event.Other o) {
                o.content().copyTo(out, q + 2);
            } else if (r instanceof Gw376Event.TerminalInit t) {
                Gw376Formats.a15(Optional.of(t.time()), out, q + 2);
                out[q + 7] = (byte) t.flags();
                System.arraycopy(t.oldVersion().getBytes(StandardCharsets.ISO_8859_1), 0, out, q + 8, 4);
                System.arraycopy(t.newVersion().getBytes(StandardCharsets.ISO_8859_1), 0, out, q + 12, 4);
            } else if (r instanceof Gw376Event.MeterClock mc) {
                Gw376Formats.a15(Optional.of(mc.time()), out, q + 2);
                out[q + 7] = (byte) mc.pointWord();
                out[q + 8] = (byte) (mc.pointWord() >>> 8);
            } else if (r instanceof Gw376Event.PowerOnOff po) {
                int t = q + 2 + po.length() - Gw376Event.PowerOnOff.LENGTH_2009;
                if (po.attributes().isPresent()) {
                    out[q + 2] = (byte) po.attributes().getAsInt();
                }
                Gw376Formats.a15(po.off(), out, t);
                Gw376Formats.a15(po.on(), out, t + 5);
            }
            q += 2 + eventLength(r);
        }
    }
}
