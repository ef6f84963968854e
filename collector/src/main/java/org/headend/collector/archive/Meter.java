package org.headend.collector.archive;

import java.math.BigDecimal;
import java.util.Objects;
import org.headend.protocol.dlt645.Dlt645Edition;

/**
 * One meter of the archive: where it hangs and how its register readings scale to primary values.
 *
 * <p>The address is the 12 printed digits (protocols.md §1.2), shorter input padded with leading
 * zeros. The billing multiplier is CT ratio x VT ratio (domain.md, "Formulas used in the field").
 * Kept small on purpose: an archive holds 100,000 of these, and the loader shares equal strings and
 * ratios between meters.
 *
 * @param address       12 decimal digits
 * @param protocol      how the collector speaks to the meter
 * @param edition       the DL/T 645 edition, always {@code protocol.edition()}
 * @param bus           name of the bus (gateway or serial line) the meter hangs on
 * @param ctRatio       current-transformer ratio, positive (1 when there is no CT)
 * @param vtRatio       voltage-transformer ratio, positive (1 when there is no VT)
 * @param customerClass customer class, e.g. residential; may be empty
 * @param area          reading area; may be empty
 * @param modbus        unit and register map of a Modbus meter; null for DL/T 645
 * @param site          what a field check verifies (account, serials, seals, ...), from the archive's
 *                      optional columns; {@link MeterSite#NONE} when it has none
 */
public record Meter(String address, MeterProtocol protocol, Dlt645Edition edition, String bus,
                    BigDecimal ctRatio, BigDecimal vtRatio, String customerClass, String area, ModbusTarget modbus,
                    MeterSite site) {

    public static final int ADDRESS_DIGITS = 12;

    public Meter {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(customerClass, "customerClass");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(site, "site");
        address = normalizeAddress(address);
        if (edition != protocol.edition()) {
            throw new IllegalArgumentException("meter " + address + ": edition " + edition
                    + " does not match protocol " + protocol.code());
        }
        if (bus.isBlank()) {
            throw new IllegalArgumentException("meter " + address + ": bus is blank");
        }
        requirePositive(address, "ct_ratio", ctRatio);
        requirePositive(address, "vt_ratio", vtRatio);
        if (protocol.isModbus() != (modbus != null)) {
            throw new IllegalArgumentException("meter " + address + ": " + protocol.code()
                    + (modbus == null ? " needs a Modbus unit and register map" : " has no Modbus unit or register map"));
        }
    }

    /** A meter without site details ({@link MeterSite#NONE}), as archives without the optional columns give. */
    public Meter(String address, MeterProtocol protocol, Dlt645Edition edition, String bus, BigDecimal ctRatio,
                 BigDecimal vtRatio, String customerClass, String area, ModbusTarget modbus) {
        this(address, protocol, edition, bus, ctRatio, vtRatio, customerClass, area, modbus, MeterSite.NONE);
    }

    /** A DL/T 645 meter; the edition follows from the protocol. */
    public Meter(String address, MeterProtocol protocol, String bus, BigDecimal ctRatio, BigDecimal vtRatio,
                 String customerClass, String area) {
        this(address, protocol, protocol.edition(), bus, ctRatio, vtRatio, customerClass, area, null, MeterSite.NONE);
    }

    /** A Modbus meter at {@code modbus}'s unit, read through its register map. */
    public Meter(String address, MeterProtocol protocol, String bus, BigDecimal ctRatio, BigDecimal vtRatio,
                 String customerClass, String area, ModbusTarget modbus) {
        this(address, protocol, protocol.edition(), bus, ctRatio, vtRatio, customerClass, area, modbus, MeterSite.NONE);
    }

    /** A DL/T 645 meter with its site details; the edition follows from the protocol. */
    public Meter(String address, MeterProtocol protocol, String bus, BigDecimal ctRatio, BigDecimal vtRatio,
                 String customerClass, String area, MeterSite site) {
        this(address, protocol, protocol.edition(), bus, ctRatio, vtRatio, customerClass, area, null, site);
    }

    /** The billing multiplier: primary value = register value x multiplier. */
    public BigDecimal multiplier() {
        return ctRatio.multiply(vtRatio);
    }

    /**
     * The 12-digit form of a printed address: 1 to 12 decimal digits, padded with leading zeros.
     *
     * @throws IllegalArgumentException naming the address when it is not 1..12 digits
     */
    public static String normalizeAddress(String text) {
        Objects.requireNonNull(text, "address");
        String t = text.strip();
        if (t.isEmpty() || t.length() > ADDRESS_DIGITS) {
            throw new IllegalArgumentException("address '" + text + "' must have 1.." + ADDRESS_DIGITS + " digits");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("address '" + text + "' must have only digits 0-9");
            }
        }
        return t.length() == ADDRESS_DIGITS ? t : "0".repeat(ADDRESS_DIGITS - t.length()) + t;
    }

    private static void requirePositive(String address, String name, BigDecimal v) {
        Objects.requireNonNull(v, name);
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("meter " + address + ": " + name + " was " + v.toPlainString()
                    + " but must be positive");
        }
    }
}
