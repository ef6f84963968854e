package org.headend.protocol.dlt645;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DL/T 645 frame understood: one record per request and reply layout of §1.3 (2007) and §2
 * (1997). Immutable and complete: {@link Dlt645MessageDecoder} returns one or throws
 * {@link Dlt645Exception}, {@link Dlt645MessageEncoder} turns one back into a frame.
 *
 * <p>Layouts marked ⚠ in protocols.md (freeze, change password, clears, 1997 clear demand and
 * password) follow the standard as commonly implemented; each record says so.
 */
public sealed interface Dlt645Message {

    Dlt645Edition edition();

    /** The address in the frame (the target of a request, the sender of a reply). */
    Dlt645Address address();

    /** The control code this message travels with. */
    ControlCode control();

    /** Operator code C0..C3 as a 32-bit number (C0 low byte, sent first), recorded for audit (§1.9). */
    private static void checkOperator(long operatorCode) {
        if (operatorCode < 0 || operatorCode > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("operator code is 4 bytes, got " + Long.toHexString(operatorCode));
        }
    }

    private static void require2007(Dlt645Edition edition, String what) {
        if (edition != Dlt645Edition.V2007) {
            throw new IllegalArgumentException(what + " exists only in DL/T 645-2007");
        }
    }

    /** Read one DI (2007 C=11, 1997 C=01). 2007 may add N blocks (BCD) and a start time mm hh DD MM YY. */
    record ReadRequest(Dlt645Edition edition, Dlt645Address address, long dataId, int blocks, LocalDateTime since)
            implements Dlt645Message {
        public ReadRequest {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Dlt645Codes.checkDataId(edition, dataId);
            if (blocks < 0 || blocks > 99 || (since != null && blocks == 0)
                    || (blocks > 0 && edition != Dlt645Edition.V2007)) {
                throw new IllegalArgumentException("blocks " + blocks + " (0 = none, 1..99 on 2007 only; a start time needs blocks)");
            }
            if (since != null && since.getSecond() != 0) {
                throw new IllegalArgumentException("read start time has minute resolution, got " + since);
            }
        }

        /** A plain read of one DI. */
        public static ReadRequest of(Dlt645Edition edition, Dlt645Address address, long dataId) {
            return new ReadRequest(edition, address, dataId, 0, null);
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Messages.readFunction(edition));
        }
    }

    /** Ask for the next frame of a long reply (§1.10): 2007 C=12 with DI + SEQ; 1997 C=02 with DI only (sequence 0). */
    record ReadFollowUpRequest(Dlt645Edition edition, Dlt645Address address, long dataId, int sequence) implements Dlt645Message {
        public ReadFollowUpRequest {
            Objects.requireNonNull(address, "address");
            Dlt645Codes.checkDataId(edition, dataId);
            if (sequence < 0 || sequence > 0xFF || (edition == Dlt645Edition.V1997 && sequence != 0)) {
                throw new IllegalArgumentException("sequence is one byte on 2007 and absent (0) on 1997, got " + sequence);
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.READ_FOLLOW_UP : Dlt645Function.READ_FOLLOW_UP_1997);
        }
    }

    /** 1997 C=03, L=0: ask the meter to send its last reply again ⚠. */
    record ReReadRequest(Dlt645Address address) implements Dlt645Message {
        public ReReadRequest {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V1997;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.REREAD_1997);
        }
    }

    /** 2007 C=13, L=0, usually to AA…AA: the only meter on the bus answers with its address (§1.5). */
    record ReadAddressRequest(Dlt645Address address) implements Dlt645Message {
        public ReadAddressRequest {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.READ_ADDRESS);
        }
    }

    /** Write a DI: 2007 C=14 DI + PA P0P1P2 + C0..C3 + value; 1997 C=04 DI + password + value (operator 0). L ≤ 50. */
    record WriteRequest(Dlt645Edition edition, Dlt645Address address, long dataId, Dlt645Password password,
                        long operatorCode, Dlt645Bytes value) implements Dlt645Message {
        public WriteRequest {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(value, "value");
            Dlt645Codes.checkDataId(edition, dataId);
            checkOperator(operatorCode);
            if (edition == Dlt645Edition.V1997 && operatorCode != 0) {
                throw new IllegalArgumentException("a 1997 write has no operator code");
            }
            int l = edition.dataIdLength() + 4 + (edition == Dlt645Edition.V2007 ? 4 : 0) + value.length();
            if (l > Dlt645Limits.MAX_WRITE_DATA_LENGTH) {
                throw new IllegalArgumentException("write of " + l + " data bytes exceeds " + Dlt645Limits.MAX_WRITE_DATA_LENGTH);
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.WRITE : Dlt645Function.WRITE_1997);
        }
    }

    /** Set a meter's address (2007 C=15 ⚠ to AA…AA; 1997 C=0A). DATA = the new address, low byte first. */
    record WriteAddressRequest(Dlt645Edition edition, Dlt645Address address, Dlt645Address newAddress) implements Dlt645Message {
        public WriteAddressRequest {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(newAddress, "newAddress");
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.WRITE_ADDRESS : Dlt645Function.WRITE_ADDRESS_1997);
        }
    }

    /** Broadcast time sync C=08, both editions, DATA = ss mm hh DD MM YY; meters do not reply. */
    record BroadcastTime(Dlt645Edition edition, Dlt645Address address, LocalDateTime time) implements Dlt645Message {
        public BroadcastTime {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(time, "time");
            if (time.getYear() < 2000 || time.getYear() > 2099 || time.getNano() != 0) {
                throw new IllegalArgumentException("broadcast time is whole seconds in 2000..2099, got " + time);
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.BROADCAST_TIME);
        }
    }

    /** 2007 C=16 freeze ⚠: DATA = mm hh DD MM; {@link #ANY} (99) in a unit means "every" (e.g. daily at hh:mm). */
    record Freeze(Dlt645Address address, int minute, int hour, int day, int month) implements Dlt645Message {
        public static final int ANY = 99;

        public Freeze {
            Objects.requireNonNull(address, "address");
            if (!unit(minute, 0, 59) || !unit(hour, 0, 23) || !unit(day, 1, 31) || !unit(month, 1, 12)) {
                throw new IllegalArgumentException("freeze time " + month + "-" + day + " " + hour + ":" + minute
                        + " has a unit outside its range and not 99 (any)");
            }
        }

        private static boolean unit(int v, int lo, int hi) {
            return v == ANY || (v >= lo && v <= hi);
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.FREEZE);
        }
    }

    /** Change baud rate (2007 C=17, 1997 C=0C): one feature byte, 08 = 2400, 10 = 4800, 20 = 9600 (§1.3). */
    record ChangeBaud(Dlt645Edition edition, Dlt645Address address, int rateCode) implements Dlt645Message {
        public ChangeBaud {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Dlt645Codes.baud(rateCode);
        }

        /** The rate in bits per second. */
        public int baud() {
            return Dlt645Codes.baud(rateCode);
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.CHANGE_BAUD : Dlt645Function.CHANGE_BAUD_1997);
        }
    }

    /** Change password ⚠: 2007 C=18 DI (04000C01..) + old PA P0P1P2 + new; 1997 C=0F old + new (dataId 0). */
    record ChangePassword(Dlt645Edition edition, Dlt645Address address, long dataId, Dlt645Password oldPassword,
                          Dlt645Password newPassword) implements Dlt645Message {
        public ChangePassword {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(oldPassword, "oldPassword");
            Objects.requireNonNull(newPassword, "newPassword");
            Dlt645Codes.checkDataId(edition, dataId);
            if (edition == Dlt645Edition.V1997 && dataId != 0) {
                throw new IllegalArgumentException("a 1997 password change carries no DI");
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.CHANGE_PASSWORD : Dlt645Function.CHANGE_PASSWORD_1997);
        }
    }

    /** Clear maximum demand ⚠: 2007 C=19 PA P0P1P2 + C0..C3; 1997 C=10 with L=0 (password NONE, operator 0). */
    record ClearDemand(Dlt645Edition edition, Dlt645Address address, Dlt645Password password, long operatorCode)
            implements Dlt645Message {
        public ClearDemand {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(password, "password");
            checkOperator(operatorCode);
            if (edition == Dlt645Edition.V1997 && (operatorCode != 0 || !password.equals(Dlt645Password.NONE))) {
                throw new IllegalArgumentException("a 1997 clear demand carries no password or operator code");
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(edition == Dlt645Edition.V2007 ? Dlt645Function.CLEAR_DEMAND : Dlt645Function.CLEAR_DEMAND_1997);
        }
    }

    /** 2007 C=1A clear meter (energy) ⚠: PA P0P1P2 + C0..C3. */
    record ClearMeter(Dlt645Address address, Dlt645Password password, long operatorCode) implements Dlt645Message {
        public ClearMeter {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(password, "password");
            checkOperator(operatorCode);
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.CLEAR_METER);
        }
    }

    /** 2007 C=1B clear events ⚠: PA P0P1P2 + C0..C3 + event DI (FFFFFFFF = all events). */
    record ClearEvents(Dlt645Address address, Dlt645Password password, long operatorCode, long eventId)
            implements Dlt645Message {
        public ClearEvents {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(password, "password");
            checkOperator(operatorCode);
            Dlt645Codes.checkDataId(Dlt645Edition.V2007, eventId);
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.CLEAR_EVENTS);
        }
    }

    /**
     * 2007 C=1C remote control in plain form (§1.9): PA P0P1P2, C0..C3, N1 command, N2 reserved, N3..N8
     * validity deadline ss mm hh DD MM YY. The encrypted form (PA 98/99) is longer and not decoded here.
     */
    record RemoteControl(Dlt645Address address, Dlt645Password password, long operatorCode, RemoteCommand command,
                         int reserved, LocalDateTime validUntil) implements Dlt645Message {
        public RemoteControl {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(validUntil, "validUntil");
            checkOperator(operatorCode);
            if (reserved < 0 || reserved > 0xFF) {
                throw new IllegalArgumentException("reserved byte N2 is one byte, got " + reserved);
            }
            if (validUntil.getYear() < 2000 || validUntil.getYear() > 2099 || validUntil.getNano() != 0) {
                throw new IllegalArgumentException("validity deadline is whole seconds in 2000..2099, got " + validUntil);
            }
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.request(Dlt645Function.REMOTE_CONTROL);
        }
    }

    /**
     * A normal read reply (91/B1, 1997 81/A1): the DI, the value bytes as sent, and the values decoded
     * from them. {@code values} is empty when the catalogue does not know the DI or when more frames
     * follow ({@code followUp}, D5), since then the data is a first part only.
     *
     * <p>A class with the accessors a record would have (and a record's equals, hashCode and
     * toString) rather than a record, so that a decoded reply keeps the frame's data array and its
     * compact {@link Dlt645Values} as they are, with no view object and no copy: the read reply is
     * what a collector decodes all day (issue 2, docs/performance.md).
     */
    final class ReadReply implements Dlt645Message {

        private final Dlt645Edition edition;
        private final Dlt645Address address;
        private final long dataId;
        private final boolean followUp;
        /** The value bytes are {@code bytes[offset..]}; nobody writes the array (a frame's data, or a copy). */
        private final byte[] bytes;
        private final int offset;
        private final Dlt645Values values;

        public ReadReply(Dlt645Edition edition, Dlt645Address address, long dataId, boolean followUp, Dlt645Bytes data,
                         List<? extends Dlt645Value> values) {
            this(edition, address, dataId, followUp, Objects.requireNonNull(data, "data").toArray(), 0,
                    Dlt645Values.of(values));
        }

        /** For the decoder: takes {@code bytes} (value bytes from {@code offset}) and {@code values} as they are. */
        ReadReply(Dlt645Edition edition, Dlt645Address address, long dataId, boolean followUp, byte[] bytes, int offset,
                  Dlt645Values values) {
            Objects.checkIndex(offset, bytes.length + 1);
            Dlt645Codes.checkDataId(edition, dataId);
            this.edition = edition;
            this.address = Objects.requireNonNull(address, "address");
            this.dataId = dataId;
            this.followUp = followUp;
            this.bytes = bytes;
            this.offset = offset;
            this.values = Objects.requireNonNull(values, "values");
        }

        /** A complete reply built from values, encoded with the catalogue's formats. */
        public static ReadReply of(Dlt645Address address, DataItem item, List<? extends Dlt645Value> values) {
            byte[] data = item.encodeValues(values);
            return new ReadReply(item.edition(), address, item.id(), false, data, 0, item.decode(data, 0, data.length));
        }

        @Override
        public Dlt645Edition edition() {
            return edition;
        }

        @Override
        public Dlt645Address address() {
            return address;
        }

        public long dataId() {
            return dataId;
        }

        public boolean followUp() {
            return followUp;
        }

        /** The value bytes as sent (after the DI, 0x33 removed). */
        public Dlt645Bytes data() {
            return Dlt645Bytes.view(bytes, offset, bytes.length - offset);
        }

        /** The decoded values: iterate for records, or read numbers through {@link Dlt645Values#unscaled} and its siblings. */
        public Dlt645Values values() {
            return values;
        }

        /** The catalogue entry of the DI, if known. */
        public Optional<DataItem> item() {
            return Dlt645Catalogue.standard().find(edition, dataId);
        }

        @Override
        public ControlCode control() {
            Dlt645Function f = Dlt645Messages.readFunction(edition);
            return followUp ? ControlCode.followUpReply(f) : ControlCode.normalReply(f);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadReply r && edition == r.edition && address.equals(r.address) && dataId == r.dataId
                    && followUp == r.followUp
                    && Arrays.equals(bytes, offset, bytes.length, r.bytes, r.offset, r.bytes.length)
                    && values.equals(r.values);
        }

        @Override
        public int hashCode() {
            int h = Objects.hash(edition, address, dataId, followUp);
            for (int i = offset; i < bytes.length; i++) {
                h = 31 * h + bytes[i];
            }
            return 31 * h + values.hashCode();
        }

        @Override
        public String toString() {
            return "ReadReply[edition=" + edition + ", address=" + address + ", dataId=" + dataId + ", followUp="
                    + followUp + ", data=" + data() + ", values=" + values + "]";
        }
    }

    /** A reply to a follow-up read (2007 92/B2: DI + data + SEQ; 1997 82/A2: DI + data, sequence 0). */
    record FollowUpReply(Dlt645Edition edition, Dlt645Address address, long dataId, Dlt645Bytes data, int sequence,
                         boolean more) implements Dlt645Message {
        public FollowUpReply {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(data, "data");
            Dlt645Codes.checkDataId(edition, dataId);
            if (sequence < 0 || sequence > 0xFF || (edition == Dlt645Edition.V1997 && sequence != 0)) {
                throw new IllegalArgumentException("sequence is one byte on 2007 and absent (0) on 1997, got " + sequence);
            }
        }

        @Override
        public ControlCode control() {
            Dlt645Function f = edition == Dlt645Edition.V2007 ? Dlt645Function.READ_FOLLOW_UP : Dlt645Function.READ_FOLLOW_UP_1997;
            return more ? ControlCode.followUpReply(f) : ControlCode.normalReply(f);
        }
    }

    /** 2007 93: the meter's address, in the frame and in DATA (old meters may differ, §1.5). */
    record AddressReply(Dlt645Address address, Dlt645Address reported) implements Dlt645Message {
        public AddressReply {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reported, "reported");
        }

        @Override
        public Dlt645Edition edition() {
            return Dlt645Edition.V2007;
        }

        @Override
        public ControlCode control() {
            return ControlCode.normalReply(Dlt645Function.READ_ADDRESS);
        }
    }

    /** Normal reply to a baud change (2007 97, 1997 8C): the accepted feature byte ⚠. */
    record BaudReply(Dlt645Edition edition, Dlt645Address address, int rateCode) implements Dlt645Message {
        public BaudReply {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Dlt645Codes.baud(rateCode);
        }

        public int baud() {
            return Dlt645Codes.baud(rateCode);
        }

        @Override
        public ControlCode control() {
            return ControlCode.normalReply(edition == Dlt645Edition.V2007 ? Dlt645Function.CHANGE_BAUD : Dlt645Function.CHANGE_BAUD_1997);
        }
    }

    /** Normal reply to a password change (2007 98, 1997 8F): the new PA P0P1P2 ⚠. */
    record PasswordReply(Dlt645Edition edition, Dlt645Address address, Dlt645Password newPassword) implements Dlt645Message {
        public PasswordReply {
            Objects.requireNonNull(edition, "edition");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(newPassword, "newPassword");
        }

        @Override
        public ControlCode control() {
            return ControlCode.normalReply(edition == Dlt645Edition.V2007 ? Dlt645Function.CHANGE_PASSWORD : Dlt645Function.CHANGE_PASSWORD_1997);
        }
    }

    /** A normal reply without data (L=0): 94, 95, 96, 99, 9A, 9B, 9C; 1997 84, 8A, 90. */
    record Acknowledgement(Dlt645Edition edition, Dlt645Address address, Dlt645Function function) implements Dlt645Message {
        public Acknowledgement {
            Objects.requireNonNull(address, "address");
            if (!function.belongsTo(edition)) {
                throw new IllegalArgumentException(function + " is not a " + edition + " function");
            }
        }

        @Override
        public ControlCode control() {
            return ControlCode.normalReply(function);
        }
    }

    /** An abnormal reply (D6 set) with its error byte, the bits named per edition (§1.4, §2). */
    record ErrorReply(Dlt645Edition edition, Dlt645Address address, Dlt645Function function, int error) implements Dlt645Message {
        public ErrorReply {
            Objects.requireNonNull(address, "address");
            if (!function.belongsTo(edition)) {
                throw new IllegalArgumentException(function + " is not a " + edition + " function");
            }
            if (error < 0 || error > 0xFF) {
                throw new IllegalArgumentException("error status is one byte, got " + error);
            }
        }

        /** The set bits by name, e.g. {@code no_requested_data}; unnamed bits as {@code reserved_<bit>}. */
        public List<String> flags() {
            return Dlt645StatusBits.table(edition == Dlt645Edition.V2007 ? "error_2007" : "error_1997").names(error);
        }

        @Override
        public ControlCode control() {
            return ControlCode.abnormalReply(function);
        }
    }
}
