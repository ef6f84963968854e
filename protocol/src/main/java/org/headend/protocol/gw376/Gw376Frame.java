package org.headend.protocol.gw376;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.headend.protocol.wire.Octets;

/**
 * One Q/GDW 1376.1 frame, understood (protocols.md §3): protocol identifier, control C, address A,
 * AFN, SEQ, the data units grouped by their DA/DT as sent, and the AUX tail. Immutable; made by
 * {@link Gw376Decoder} and {@link Gw376Messages}, written by {@link Gw376Encoder}.
 *
 * <p>AUX (§3.7): {@code pw} is present exactly on downlink frames of AFN 01, 04, 05, 06, 0F and 10
 * (16 bytes; 2 from some vendors), {@code ec} exactly on uplink frames with ACD = 1, {@code tp}
 * exactly when SEQ.TpV = 1; absent parts are null.
 */
public record Gw376Frame(int protocolId, Gw376Control control, Gw376Address address, int afn, Gw376Seq seq,
                         List<Gw376Group> groups, Octets pw, EventCounters ec, Gw376Tp tp) {

    /** EC of the AUX tail: important (EC1) and normal (EC2) event counters. */
    public record EventCounters(int important, int normal) {
        public EventCounters {
            if ((important | normal) >>> 8 != 0) {
                throw new IllegalArgumentException("EC1 and EC2 are bytes, got " + important + ", " + normal);
            }
        }
    }

    public Gw376Frame {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(seq, "seq");
        groups = List.copyOf(groups);
        if (protocolId != Gw376Limits.PROTOCOL_1376_1 && protocolId != Gw376Limits.PROTOCOL_130) {
            throw new IllegalArgumentException("protocol identifier is 1 (Q/GDW 130) or 2 (1376.1), got " + protocolId);
        }
        if (afn < 0 || afn > 0xFF) {
            throw new IllegalArgumentException("AFN is one byte, got " + afn);
        }
        if ((tp != null) != seq.tpv()) {
            throw new IllegalArgumentException("Tp must be present exactly when SEQ.TpV = 1 (SEQ " + seq + ", Tp " + tp + ")");
        }
        if ((ec != null) != control.acd()) {
            throw new IllegalArgumentException("EC must be present exactly on uplink frames with ACD = 1 (C " + control + ")");
        }
        boolean needsPw = !control.up() && Gw376Afn.downlinkHasPw(afn);
        if ((pw != null) != needsPw
                || (pw != null && pw.length() != Gw376Limits.PW_LENGTH && pw.length() != Gw376Limits.SHORT_PW_LENGTH)) {
            throw new IllegalArgumentException(String.format("PW (16 bytes) must be present exactly on downlink AFN 01/04/05/06/0F/10"
                    + " frames; C %s AFN %02X, PW %s", control, afn, pw));
        }
    }

    /** The AFN as an enum, empty for a code outside the table. */
    public Optional<Gw376Afn> function() {
        return Gw376Afn.find(afn);
    }

    /** PSEQ of a request, RSEQ of a reply. */
    public int sequence() {
        return seq.number();
    }

    /** Every unit in wire order. */
    public List<Gw376Unit> units() {
        List<Gw376Unit> out = new ArrayList<>();
        for (Gw376Group g : groups) {
            out.addAll(g.units());
        }
        return out;
    }

    /** The first unit for {@code pn} and {@code fn}. */
    public Optional<Gw376Unit> unit(int pn, int fn) {
        for (Gw376Group g : groups) {
            for (Gw376Unit u : g.units()) {
                if (u.pn() == pn && u.fn() == fn) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    /** The content of unit {@code pn}/{@code fn} when it decoded to {@code type} (e.g. {@code Gw376Data.Energy.class}). */
    public <T extends Gw376Data> Optional<T> data(int pn, int fn, Class<T> type) {
        return unit(pn, fn).map(Gw376Unit::data).filter(type::isInstance).map(type::cast);
    }

    /** A terminal's link test (AFN 02 up, PRM 1) with p0 F{@code fn}: 1 login, 2 logout, 3 heartbeat. */
    private boolean linkTest(int fn) {
        return afn == Gw376Afn.LINK_TEST.code() && control.up() && control.primary() && unit(0, fn).isPresent();
    }

    public boolean isLogin() {
        return linkTest(1);
    }

    public boolean isLogout() {
        return linkTest(2);
    }

    public boolean isHeartbeat() {
        return linkTest(3);
    }

    /**
     * This uplink frame answers {@code request}: same terminal (region and A2), PRM 0, RSEQ = PSEQ,
     * and the request's AFN or AFN 00 (a confirm or deny). Only the first frame of a multi-frame
     * reply matches; later ones count on from it ({@link Gw376Seq}).
     */
    public boolean answers(Gw376Frame request) {
        return control.up() && !control.primary() && !request.control.up()
                && address.terminalKey() == request.address.terminalKey()
                && seq.number() == request.seq.number()
                && (afn == request.afn || afn == Gw376Afn.CONFIRM.code());
    }
}
