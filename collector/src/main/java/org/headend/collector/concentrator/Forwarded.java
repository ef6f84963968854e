package org.headend.collector.concentrator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.gw376.Gw376Afn;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Messages;

/** One DL/T 645 read of a meter behind a concentrator, forwarded through 10 F1 (protocols.md §3.8). */
final class Forwarded {

    /** Frame timeout handed to the terminal for a forwarded meter read, and the meter's byte timeout. */
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BYTE_TIMEOUT = Duration.ofMillis(100);

    private Forwarded() {
    }

    /** The terminal's whole reply to a read of {@code di} from meter {@code p}. */
    static CompletableFuture<ConcentratorSession.Reply> read(ConcentratorSession session, ConcentratorSettings s, MeterPoint p,
                                                             Dlt645Edition edition, long di) {
        byte[] request = Dlt645FrameCodec.encode(Dlt645Messages.readRequest(edition, p.address(), di), 4);
        var fr = Gw376Data.ForwardRequest.dlt645(s.forwardPort(), s.forwardBaud(), FRAME_TIMEOUT, BYTE_TIMEOUT, request);
        return session.request(seq -> Gw376Messages.forward(session.address(), seq, fr, Gw376Messages.ZERO_PW),
                Gw376Afn.FORWARDING.code());
    }

    /** The meter's frame in a 10 F1 reply; null when the meter did not answer (empty reply or deny). */
    static Dlt645Frame meterFrame(ConcentratorSession.Reply reply) {
        Optional<Gw376Data.ForwardReply> data = reply.first().data(0, 1, Gw376Data.ForwardReply.class);
        if (reply.denied() || data.isEmpty() || data.get().frame().length() == 0) {
            return null;
        }
        byte[] b = data.get().frame().toArray();
        int off = 0;
        while (off < b.length && (b[off] & 0xFF) == 0xFE) {
            off++;
        }
        return Dlt645FrameCodec.decode(b, off, b.length - off);
    }
}
