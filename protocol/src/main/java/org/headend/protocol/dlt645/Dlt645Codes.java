package org.headend.protocol.dlt645;

/** Small rules shared by the message records, decoder and encoder. */
final class Dlt645Codes {

    private Dlt645Codes() {
    }

    static void checkDataId(Dlt645Edition edition, long dataId) {
        if (edition == null) {
            throw new NullPointerException("edition");
        }
        if (dataId < 0 || (dataId >>> (8 * edition.dataIdLength())) != 0) {
            throw new IllegalArgumentException("DI " + Long.toHexString(dataId).toUpperCase() + " is longer than "
                    + edition.dataIdLength() + " bytes for " + edition);
        }
    }

    /** Bits per second of a baud feature byte (one bit set: 02 = 600 .. 40 = 19200, §1.3); fails otherwise. */
    static int baud(int rateCode) {
        return switch (rateCode) {
            case 0x01 -> 300;
            case 0x02 -> 600;
            case 0x04 -> 1200;
            case 0x08 -> 2400;
            case 0x10 -> 4800;
            case 0x20 -> 9600;
            case 0x40 -> 19200;
            default -> throw new IllegalArgumentException(String.format(
                    "baud feature byte %02X is not one of 01 02 04 08 10 20 40 (300..19200 bps)", rateCode));
        };
    }

    static long readLe(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void writeLe(long v, byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
