package org.headend.protocol.modbus;

/** A value decoded through a register map: the quantity, its scaled value and unit, and where it was read. */
public record MapValue(String quantity, double value, String unit, RegisterTable table, int register) {
}
