package org.headend.storage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One meter's archive record as the store keeps it (schema V6): where and how it is read, the
 * billing multiplier's ratios, and what a field check verifies. Text is empty when unknown, numbers
 * and dates null. The collector's archive is the source; the store keeps its history
 * ({@link MeterArchiveStore}).
 *
 * @param status   {@link #IN_SERVICE} or {@link #REMOVED}
 * @param protocol e.g. {@code dlt645-2007}, {@code modbus-tcp}
 * @param channel  the bus or serial line, or {@code concentrator/point} for a meter behind one
 */
public record ArchivedMeter(String meter, String status, String protocol, String channel, double ctRatio, double vtRatio,
                            String customerClass, String voltageLevel, String area, String readingMethod,
                            Double latitude, Double longitude, String account, String customerName, String meterSerial,
                            String ctSerial, String vtSerial, String seals, LocalDate remoteSince, Double accuracyClass) {

    public static final String IN_SERVICE = "in_service";
    public static final String REMOVED = "removed";

    public ArchivedMeter {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(customerClass, "customerClass");
        Objects.requireNonNull(voltageLevel, "voltageLevel");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(readingMethod, "readingMethod");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(customerName, "customerName");
        Objects.requireNonNull(meterSerial, "meterSerial");
        Objects.requireNonNull(ctSerial, "ctSerial");
        Objects.requireNonNull(vtSerial, "vtSerial");
        Objects.requireNonNull(seals, "seals");
        if (!(ctRatio > 0) || !(vtRatio > 0)) {
            throw new IllegalArgumentException("meter " + meter + ": CT and VT ratios must be positive, got " + ctRatio + ", " + vtRatio);
        }
    }

    /** The billing multiplier, CT ratio x VT ratio. */
    public double multiplier() {
        return ctRatio * vtRatio;
    }

    /** This record with another status. */
    public ArchivedMeter withStatus(String s) {
        return new ArchivedMeter(meter, s, protocol, channel, ctRatio, vtRatio, customerClass, voltageLevel, area,
                readingMethod, latitude, longitude, account, customerName, meterSerial, ctSerial, vtSerial, seals,
                remoteSince, accuracyClass);
    }
}
