package org.headend.collector.channel;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.headend.protocol.serial.SerialFormat;

/** Where a bus's bytes go: a gateway's TCP address or a local serial device. Makes the bus's {@link Link}. */
public sealed interface LinkSpec {

    /** A new, unopened link on {@code loop}. */
    Link newLink(EventLoop loop, BusTiming timing);

    /** An RS-485-to-Ethernet gateway. */
    record Gateway(InetSocketAddress address) implements LinkSpec {
        public Gateway {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Link newLink(EventLoop loop, BusTiming timing) {
            return new TcpLink(address, loop, timing.requestTimeout().multipliedBy(5));
        }
    }

    /**
     * A serial port with an RS-485 adapter.
     *
     * @param device       e.g. {@code /dev/ttyUSB0}; a symlink is fine
     * @param suppressEcho drop each request from what comes back (2-wire adapters that hear themselves)
     */
    record Serial(String device, SerialFormat format, boolean suppressEcho) implements LinkSpec {
        public Serial {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(format, "format");
        }

        @Override
        public Link newLink(EventLoop loop, BusTiming timing) {
            return new SerialLink(device, format, suppressEcho, loop);
        }
    }
}
