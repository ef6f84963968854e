package org.headend.protocol.modbus;

import java.util.Locale;

/** Which register table an entry lives in, and so which function reads it (protocols.md §4.1). */
public enum RegisterTable {
    /** Holding registers (4x), read with FC 03. */
    HOLDING(3),
    /** Input registers (3x), read with FC 04. */
    INPUT(4);

    private final int readFunction;

    RegisterTable(int readFunction) {
        this.readFunction = readFunction;
    }

    public int readFunction() {
        return readFunction;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table read by {@code function} (3 or 4). */
    public static RegisterTable ofFunction(int function) {
        return switch (function) {
            case 3 -> HOLDING;
            case 4 -> INPUT;
            default -> throw new IllegalArgumentException("function " + function + " reads no register table");
        };
    }

    /** {@code holding}/{@code input}, or the function that reads them ({@code 3}, {@code 03}, {@code 4}, {@code 04}). */
    static RegisterTable parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "holding", "3", "03", "fc03" -> HOLDING;
            case "input", "4", "04", "fc04" -> INPUT;
            default -> throw new IllegalArgumentException("table '" + s + "' is not holding (3) or input (4)");
        };
    }
}
