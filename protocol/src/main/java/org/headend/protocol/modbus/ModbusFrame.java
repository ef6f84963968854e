package org.headend.protocol.modbus;

import java.util.Objects;

/**
 * One Modbus ADU: framing, unit, PDU, and for TCP the MBAP transaction id. The direction is what
 * the caller said or, where the bytes tell, what they say ({@link ModbusFrameCodec}).
 *
 * @param transaction MBAP transaction id 0..65535; -1 for RTU
 * @param unit        slave address (RTU) or unit identifier (TCP), 0..255
 */
public record ModbusFrame(ModbusFraming framing, int transaction, int unit, ModbusDirection direction, ModbusPdu pdu) {

    public ModbusFrame {
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(pdu, "pdu");
        if (unit < 0 || unit > ModbusLimits.MAX_UNIT) {
            throw new ModbusException(ModbusException.Reason.BAD_UNIT, "unit was " + unit + " but must be 0..255");
        }
        if (framing == ModbusFraming.TCP ? transaction < 0 || transaction > 0xFFFF : transaction != -1) {
            throw new IllegalArgumentException("transaction was " + transaction + "; TCP needs 0..65535, RTU -1");
        }
        if (pdu instanceof ModbusPdu.ExceptionReply && direction == ModbusDirection.REQUEST) {
            throw new ModbusException(ModbusException.Reason.BAD_DIRECTION, "an exception reply is never a request");
        }
    }

    public static ModbusFrame rtu(int unit, ModbusDirection direction, ModbusPdu pdu) {
        return new ModbusFrame(ModbusFraming.RTU, -1, unit, direction, pdu);
    }

    public static ModbusFrame tcp(int transaction, int unit, ModbusDirection direction, ModbusPdu pdu) {
        return new ModbusFrame(ModbusFraming.TCP, transaction, unit, direction, pdu);
    }
}
