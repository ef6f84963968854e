package org.headend.protocol.gw376;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.headend.protocol.wire.Octets;

/** One event record of AFN 0E (protocols.md §3.8): ERC code, then Le bytes of content. */
public sealed interface Gw376Event {

    int erc();

    /**
     * ERC 1, terminal initialisation / version change: time (A.15), flags (D0 initialised, D1 version
     * changed), old and new software version, 4 characters each as sent.
     */
    record TerminalInit(LocalDateTime time, int flags, String oldVersion, String newVersion) implements Gw376Event {
        static final int LENGTH = 14;

        public TerminalInit {
            Objects.requireNonNull(time, "time");
            if (flags >>> 8 != 0 || oldVersion.length() != 4 || newVersion.length() != 4
                    || !(oldVersion + newVersion).chars().allMatch(c -> c < 256)) {
                throw new IllegalArgumentException("ERC1 has a flag byte and two 4-character versions");
            }
        }

        @Override
        public int erc() {
            return 1;
        }

        public boolean initialised() {
            return (flags & 1) != 0;
        }

        public boolean versionChanged() {
            return (flags & 2) != 0;
        }
    }

    /**
     * ERC 12, meter clock out of tolerance ⚠ (the standard's event table; layout as terminals
     * write it): when the terminal found it (A.15), then 2 bytes: D11..D0 the measurement point,
     * D15 1 = it began, 0 = the clock is back within the terminal's threshold.
     */
    record MeterClock(LocalDateTime time, int point, boolean begins) implements Gw376Event {
        static final int LENGTH = 7;

        public MeterClock {
            Objects.requireNonNull(time, "time");
            if (point < 0 || point > 0x0FFF) {
                throw new IllegalArgumentException("ERC12 point is 12 bits, got " + point);
            }
        }

        @Override
        public int erc() {
            return 12;
        }

        int pointWord() {
            return point | (begins ? 0x8000 : 0);
        }
    }

    /**
     * ERC 14, terminal power off / on ⚠ (layout from the standard's event table, no public capture):
     * the time the power went off and the time it came back (A.15 each; EE = not known, e.g. a
     * record written while still off). The 2013 edition puts an attribute byte first (Le 11: D0
     * normal, D1 valid); the 2009 edition has none (Le 10). Any other Le stays {@link Other}.
     */
    record PowerOnOff(OptionalInt attributes, Optional<LocalDateTime> off, Optional<LocalDateTime> on) implements Gw376Event {
        static final int LENGTH_2009 = 10;
        static final int LENGTH_2013 = 11;

        public PowerOnOff {
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(off, "off");
            Objects.requireNonNull(on, "on");
            if (attributes.isPresent() && attributes.getAsInt() >>> 8 != 0) {
                throw new IllegalArgumentException("ERC14 attributes are one byte, got " + attributes.getAsInt());
            }
        }

        @Override
        public int erc() {
            return 14;
        }

        int length() {
            return attributes.isPresent() ? LENGTH_2013 : LENGTH_2009;
        }
    }

    /** A record whose ERC this codec does not decode (or whose content does not fit ERC's layout): content kept. */
    record Other(int erc, Octets content) implements Gw376Event {
        public Other {
            Objects.requireNonNull(content, "content");
            if (erc >>> 8 != 0 || content.length() > 255) {
                throw new IllegalArgumentException("ERC is a byte and Le at most 255");
            }
        }

        /**
         * The time the record starts with, when its first 5 bytes are a valid A.15: most ERCs of the
         * standard's table begin with their occurrence time ⚠. Empty otherwise; never an exception.
         */
        public Optional<LocalDateTime> time() {
            if (content.length() < 5) {
                return Optional.empty();
            }
            try {
                return Gw376Formats.a15(content.toArray(), 0);
            } catch (Gw376Exception | java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
