package org.headend.protocol.modbus;

/**
 * How an ADU is framed: {@link #RTU} (unit, PDU, CRC-16; on a serial line or tunnelled over TCP
 * by transparent gateways) or {@link #TCP} (MBAP header, PDU, no CRC). protocols.md §4.1.
 */
public enum ModbusFraming {
    RTU("modbus-rtu"), TCP("modbus-tcp");

    private final String label;

    ModbusFraming(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
