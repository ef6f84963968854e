package org.headend.simulator;

import java.util.ArrayList;
import java.util.List;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Event;
import org.headend.protocol.gw376.Gw376Frame;

/**
 * A simulated terminal's event records (AFN 0E, protocols.md §3.8): important and normal ones,
 * each numbered by its counter (EC1, EC2: 0..255, wrapping) and held in a ring of 256 as a
 * terminal holds them. Important events the master has not asked for yet set ACD on the replies
 * ({@link #pending}). Pointers: a query Pm..Pn returns records Pm &lt;= i &lt; Pn (mod 256), as the
 * published 0E reply (vector G13-014: EC 1, Pm 0, Pn 1, one record) shows.
 */
final class TerminalEvents {

    private static final int RING = 256;
    /** Records in one reply at most, so that it fits one frame; the reply's Pn says where it stopped. */
    static final int PER_REPLY = 16;

    private final Gw376Event[][] records = {new Gw376Event[RING], new Gw376Event[RING]};
    private final int[] counters = new int[2];
    /** The end pointer of the master's last query of important events. */
    private int importantRead;

    synchronized void record(Gw376Event e, boolean important) {
        int k = important ? 0 : 1;
        records[k][counters[k]] = e;
        counters[k] = (counters[k] + 1) % RING;
    }

    /** EC while important events wait unread, else null (ACD = 0). */
    synchronized Gw376Frame.EventCounters pending() {
        return counters[0] == importantRead ? null : new Gw376Frame.EventCounters(counters[0], counters[1]);
    }

    synchronized Gw376Data.Events answer(Gw376Data.EventQuery q, boolean important) {
        int k = important ? 0 : 1;
        List<Gw376Event> out = new ArrayList<>();
        int i = q.start();
        for (int n = 0; i != q.end() && n < PER_REPLY; i = (i + 1) % RING, n++) {
            if (records[k][i] != null) {
                out.add(records[k][i]);
            }
        }
        if (important) {
            importantRead = i;
        }
        return new Gw376Data.Events(counters[0], counters[1], q.start(), i, out);
    }

    synchronized int count(boolean important) {
        return counters[important ? 0 : 1];
    }
}
