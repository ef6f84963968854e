package org.headend.collector.modbus;

import org.headend.protocol.modbus.ModbusExceptionCode;

/** The device answered a request with a Modbus exception; {@link #name()} is the metric tag. */
public final class ModbusDeviceException extends Exception {

    private final int code;

    public ModbusDeviceException(int code, String detail) {
        super(ModbusExceptionCode.tag(code) + ": " + detail, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** e.g. {@code illegal_data_address}, or {@code code_XX} for codes outside the standard's list. */
    public String name() {
        return ModbusExceptionCode.tag(code);
    }
}
