package org.headend.protocol.gw376;

import static org.headend.protocol.gw376.Gw376Limits.END;
import static org.headend.protocol.gw376.Gw376Limits.FIXED;
import static org.headend.protocol.gw376.Gw376Limits.HEADER;
import static org.headend.protocol.gw376.Gw376Limits.OVERHEAD;
import static org.headend.protocol.gw376.Gw376Limits.START;

/**
 * {@link Gw376Frame} to bytes: 68, L twice (user-data length << 2 | protocol identifier), 68, C,
 * A1 A2 A3, AFN, SEQ, the groups, PW, EC, Tp, CS over the user data, 16. Stateless: sizes the
 * frame, allocates once, writes.
 */
public final class Gw376Encoder {

    private Gw376Encoder() {
    }

    /** C through the end of AUX. */
    public static int userDataLength(Gw376Frame f) {
        int n = FIXED;
        for (Gw376Group g : f.groups()) {
            n += 4;
            for (Gw376Unit u : g.units()) {
                n += Gw376Units.size(u.data());
            }
        }
        n += f.pw() != null ? f.pw().length() : 0;
        n += f.ec() != null ? Gw376Limits.EC_LENGTH : 0;
        n += f.tp() != null ? Gw376Limits.TP_LENGTH : 0;
        return n;
    }

    public static byte[] encode(Gw376Frame f) {
        int l = userDataLength(f);
        if (l > Gw376Limits.MAX_USER_DATA_LENGTH) {
            throw new IllegalArgumentException("user data of " + l + " bytes exceeds " + Gw376Limits.MAX_USER_DATA_LENGTH
                    + "; split the units over several frames (FIR/FIN)");
        }
        byte[] out = new byte[l + OVERHEAD];
        int lField = l << 2 | f.protocolId();
        out[0] = START;
        out[1] = (byte) lField;
        out[2] = (byte) (lField >>> 8);
        out[3] = out[1];
        out[4] = out[2];
        out[5] = START;
        int p = HEADER;
        Gw376Address a = f.address();
        out[p] = (byte) f.control().value();
        out[p + 1] = (byte) a.region();
        out[p + 2] = (byte) (a.region() >>> 8);
        out[p + 3] = (byte) a.terminal();
        out[p + 4] = (byte) (a.terminal() >>> 8);
        out[p + 5] = (byte) a.a3();
        out[p + 6] = (byte) f.afn();
        out[p + 7] = (byte) f.seq().value();
        p = Gw376Units.encode(f.groups(), out, p + FIXED);
        if (f.pw() != null) {
            p = f.pw().copyTo(out, p);
        }
        if (f.ec() != null) {
            out[p++] = (byte) f.ec().important();
            out[p++] = (byte) f.ec().normal();
        }
        if (f.tp() != null) {
            Gw376Formats.tp(f.tp(), out, p);
            p += Gw376Limits.TP_LENGTH;
        }
        out[p] = (byte) Gw376Decoder.checksum(out, HEADER, l);
        out[p + 1] = END;
        return out;
    }
}
