package org.headend.protocol.modbus;

import static org.headend.protocol.modbus.ModbusException.Reason.BAD_ADDRESS;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_BYTE_COUNT;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_QUANTITY;
import static org.headend.protocol.modbus.ModbusException.Reason.BAD_VALUE;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Modbus PDU (function code + data), immutable and valid by construction: every record checks
 * the standard's limits, so whatever exists can be encoded. Function codes are plain ints so that
 * devices' own codes survive as {@link Other}.
 */
public sealed interface ModbusPdu {

    /** The function code, without the exception bit. */
    int function();

    /** FC 01..04 request: {@code quantity} registers or bits from {@code start}. */
    record ReadRequest(int function, int start, int quantity) implements ModbusPdu {
        public ReadRequest {
            requireRead(function);
            int max = function <= 2 ? ModbusLimits.MAX_READ_BITS : ModbusLimits.MAX_READ_REGISTERS;
            if (quantity < 1 || quantity > max) {
                throw new ModbusException(BAD_QUANTITY, "quantity was " + quantity + " but must be 1.." + max);
            }
            requireRange(start, quantity);
        }

        /** Whether this reads registers (FC 03/04) rather than bits. */
        public boolean registers() {
            return function >= 3;
        }
    }

    /** FC 03/04 reply: the register words, 0..65535 each, big-endian on the wire. */
    record RegistersReply(int function, int[] words) implements ModbusPdu {
        public RegistersReply {
            if (function != 3 && function != 4) {
                throw new IllegalArgumentException("function " + function + " does not read registers");
            }
            if (words.length < 1 || words.length > ModbusLimits.MAX_READ_REGISTERS) {
                throw new ModbusException(BAD_BYTE_COUNT, words.length + " registers but a reply holds 1.."
                        + ModbusLimits.MAX_READ_REGISTERS);
            }
            words = words.clone();
            for (int w : words) {
                requireWord(w);
            }
        }

        @Override
        public int[] words() {
            return words.clone();
        }

        public int count() {
            return words.length;
        }

        public int word(int i) {
            return words[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RegistersReply r && r.function == function && Arrays.equals(r.words, words);
        }

        @Override
        public int hashCode() {
            return 31 * function + Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "RegistersReply[" + function + ", " + Arrays.toString(words) + "]";
        }
    }

    /** FC 01/02 reply: packed bits, first bit in the low bit of the first byte. */
    record BitsReply(int function, byte[] bits) implements ModbusPdu {
        public BitsReply {
            if (function != 1 && function != 2) {
                throw new IllegalArgumentException("function " + function + " does not read bits");
            }
            if (bits.length < 1 || bits.length > (ModbusLimits.MAX_READ_BITS + 7) / 8) {
                throw new ModbusException(BAD_BYTE_COUNT, bits.length + " bytes of bits but a reply holds 1..250");
            }
            bits = bits.clone();
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BitsReply r && r.function == function && Arrays.equals(r.bits, bits);
        }

        @Override
        public int hashCode() {
            return 31 * function + Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "BitsReply[" + function + ", " + HexFormat.of().formatHex(bits) + "]";
        }
    }

    /** FC 05/06: the request and its normal reply (an echo) have the same form. */
    record WriteSingle(int function, int address, int value) implements ModbusPdu {
        public WriteSingle {
            if (function != 5 && function != 6) {
                throw new IllegalArgumentException("function " + function + " is not a single write");
            }
            requireRange(address, 1);
            requireWord(value);
            if (function == 5 && value != 0xFF00 && value != 0) {
                throw new ModbusException(BAD_VALUE, String.format("a coil is written with FF00 or 0000, not %04X", value));
            }
        }
    }

    /** FC 0F/10 request: {@code quantity} bits or registers from {@code start}, as the packed data bytes. */
    record WriteMultiple(int function, int start, int quantity, byte[] data) implements ModbusPdu {
        public WriteMultiple {
            requireMultiple(function);
            int max = function == 0x0F ? ModbusLimits.MAX_WRITE_BITS : ModbusLimits.MAX_WRITE_REGISTERS;
            if (quantity < 1 || quantity > max) {
                throw new ModbusException(BAD_QUANTITY, "quantity was " + quantity + " but must be 1.." + max);
            }
            requireRange(start, quantity);
            int bytes = function == 0x0F ? (quantity + 7) / 8 : 2 * quantity;
            if (data.length != bytes) {
                throw new ModbusException(BAD_BYTE_COUNT, "byte count was " + data.length + " but " + quantity
                        + (function == 0x0F ? " coils" : " registers") + " need " + bytes);
            }
            data = data.clone();
        }

        /** Registers of an FC 10 request. */
        public static WriteMultiple registers(int start, int... words) {
            byte[] b = new byte[2 * words.length];
            for (int i = 0; i < words.length; i++) {
                requireWord(words[i]);
                b[2 * i] = (byte) (words[i] >>> 8);
                b[2 * i + 1] = (byte) words[i];
            }
            return new WriteMultiple(0x10, start, words.length, b);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WriteMultiple r && r.function == function && r.start == start && r.quantity == quantity
                    && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return (31 * function + start) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "WriteMultiple[" + function + ", " + start + ", " + quantity + ", " + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** FC 0F/10 normal reply: what was written. */
    record WriteMultipleReply(int function, int start, int quantity) implements ModbusPdu {
        public WriteMultipleReply {
            requireMultiple(function);
            int max = function == 0x0F ? ModbusLimits.MAX_WRITE_BITS : ModbusLimits.MAX_WRITE_REGISTERS;
            if (quantity < 1 || quantity > max) {
                throw new ModbusException(BAD_QUANTITY, "quantity was " + quantity + " but must be 1.." + max);
            }
            requireRange(start, quantity);
        }
    }

    /** Exception reply: function | 0x80 on the wire, then the code. */
    record ExceptionReply(int function, int code) implements ModbusPdu {
        public ExceptionReply {
            if (function < 1 || function > 0x7F) {
                throw new IllegalArgumentException("function was " + function + " but must be 1..127");
            }
            if (code < 0 || code > 0xFF) {
                throw new IllegalArgumentException("code was " + code + " but must be one byte");
            }
        }

        /** The code's name, e.g. {@code illegal_data_address}, or {@code code_XX}. */
        public String name() {
            return ModbusExceptionCode.tag(code);
        }
    }

    /** A function this codec does not decode: its data as sent. */
    record Other(int function, byte[] data) implements ModbusPdu {
        public Other {
            if (function < 1 || function > 0x7F || ModbusFunction.of(function).isPresent()) {
                throw new IllegalArgumentException("function " + function + " is decoded by its own record");
            }
            if (data.length > ModbusLimits.MAX_PDU - 1) {
                throw new ModbusException(ModbusException.Reason.TOO_LONG, data.length + " data bytes; a PDU holds at most 252");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other r && r.function == function && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * function + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Other[" + function + ", " + HexFormat.of().formatHex(data) + "]";
        }
    }

    private static void requireRead(int function) {
        if (function < 1 || function > 4) {
            throw new IllegalArgumentException("function " + function + " is not a read (01..04)");
        }
    }

    private static void requireMultiple(int function) {
        if (function != 0x0F && function != 0x10) {
            throw new IllegalArgumentException("function " + function + " is not a multiple write (0F, 10)");
        }
    }

    private static void requireRange(int start, int quantity) {
        if (start < 0 || start + quantity > ModbusLimits.ADDRESS_SPACE) {
            throw new ModbusException(BAD_ADDRESS, "start " + start + " + quantity " + quantity
                    + " leaves the address space 0..65535");
        }
    }

    private static void requireWord(int w) {
        if (w < 0 || w > 0xFFFF) {
            throw new ModbusException(BAD_VALUE, "register value " + w + " is not 0..65535");
        }
    }
}
