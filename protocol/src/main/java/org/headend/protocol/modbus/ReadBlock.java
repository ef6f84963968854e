package org.headend.protocol.modbus;

/** One read request's worth of registers: {@code count} registers of {@code table} from {@code start}. */
public record ReadBlock(RegisterTable table, int start, int count) {

    public ReadBlock {
        if (count < 1 || count > ModbusLimits.MAX_READ_REGISTERS || start < 0 || start + count > ModbusLimits.ADDRESS_SPACE) {
            throw new IllegalArgumentException("block " + start + "+" + count + " is not a valid register read");
        }
    }

    /** The request PDU reading this block. */
    public ModbusPdu.ReadRequest request() {
        return new ModbusPdu.ReadRequest(table.readFunction(), start, count);
    }
}
