package org.headend.protocol.dlt645;

/** The two editions of DL/T 645 in the field. They share framing; DIs and control codes differ (protocols.md §2). */
public enum Dlt645Edition {
    /** DL/T 645-2007: 4-byte data identifiers. */
    V2007(4),
    /** DL/T 645-1997: 2-byte data identifiers. */
    V1997(2);

    private final int dataIdLength;

    Dlt645Edition(int dataIdLength) {
        this.dataIdLength = dataIdLength;
    }

    /** Bytes of a data identifier on the wire. */
    public int dataIdLength() {
        return dataIdLength;
    }

    /** The printed form of a DI of this edition, most significant byte first (e.g. 00010000, 9010). */
    public String formatDataId(long di) {
        String h = Long.toHexString(di).toUpperCase();
        int width = 2 * dataIdLength;
        return h.length() >= width ? h : "00000000".substring(0, width - h.length()) + h;
    }
}
