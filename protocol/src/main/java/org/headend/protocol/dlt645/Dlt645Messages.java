package org.headend.protocol.dlt645;

import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * Static entries for the frames a master and a meter exchange most: reads and their replies.
 * Values are read through {@link Dlt645Catalogue}.
 */
public final class Dlt645Messages {

    private Dlt645Messages() {
    }

    /** A read of one DI (2007: C=11, 1997: C=01). */
    public static Dlt645Frame readRequest(Dlt645Edition edition, Dlt645Address address, long di) {
        byte[] data = new byte[edition.dataIdLength()];
        writeDataId(di, data, 0);
        return new Dlt645Frame(address, ControlCode.request(readFunction(edition)), data, true);
    }

    /** A normal read reply: DI followed by value bytes (0x33 not added). */
    public static Dlt645Frame readReply(Dlt645Edition edition, Dlt645Address address, long di, byte[] values) {
        int n = edition.dataIdLength();
        byte[] data = new byte[n + values.length];
        writeDataId(di, data, 0);
        System.arraycopy(values, 0, data, n, values.length);
        return new Dlt645Frame(address, ControlCode.normalReply(readFunction(edition)), data, true);
    }

    /** An abnormal reply carrying one error status byte (§1.4). */
    public static Dlt645Frame errorReply(Dlt645Address address, Dlt645Function function, int errorByte) {
        return new Dlt645Frame(address, ControlCode.abnormalReply(function), new byte[] {(byte) errorByte}, true);
    }

    /**
     * The values of a normal read reply, decoded with the standard catalogue; numbers can be read
     * without a record each through {@link Dlt645Values#unscaled} and its siblings.
     */
    public static Dlt645Values values(Dlt645Edition edition, Dlt645Frame reply) {
        if (!reply.control().isResponse() || reply.control().isAbnormal()) {
            throw new IllegalArgumentException("not a normal reply: C=" + reply.control());
        }
        long di = reply.dataId(edition);
        DataItem item = Dlt645Catalogue.standard().require(edition, di);
        int n = edition.dataIdLength();
        return item.decode(reply.dataUnsafe(), n, reply.dataLength() - n);
    }

    public static Dlt645Function readFunction(Dlt645Edition edition) {
        return edition == Dlt645Edition.V2007 ? Dlt645Function.READ : Dlt645Function.READ_1997;
    }

    private static void writeDataId(long di, byte[] data, int off) {
        for (int i = 0; i < data.length - off; i++) {
            data[off + i] = (byte) (di >>> (8 * i));
        }
        if (data.length - off < 8 && (di >>> (8 * (data.length - off))) != 0) {
            throw new Dlt645Exception(Reason.BAD_VALUE, "DI " + Long.toHexString(di) + " is longer than " + (data.length - off) + " bytes");
        }
    }
}
