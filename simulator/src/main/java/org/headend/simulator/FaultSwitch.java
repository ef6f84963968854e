package org.headend.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Faults switched on with a probability each; set from any thread, read on the bus's event loop.
 * Copy-on-write so a bus never sees a half-made change.
 */
final class FaultSwitch<E extends Enum<E>> {

    private final Class<E> type;
    private volatile Map<E, Double> active;

    FaultSwitch(Class<E> type) {
        this.type = type;
        this.active = Collections.unmodifiableMap(new EnumMap<>(type));
    }

    synchronized void set(E fault, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability of " + fault + " was " + probability + " but must be 0..1");
        }
        EnumMap<E, Double> next = new EnumMap<>(type);
        next.putAll(active);
        if (probability == 0) {
            next.remove(fault);
        } else {
            next.put(fault, probability);
        }
        active = Collections.unmodifiableMap(next);
    }

    synchronized void clear() {
        active = Collections.unmodifiableMap(new EnumMap<>(type));
    }

    Map<E, Double> active() {
        return active;
    }

    /** Whether {@code fault} strikes now; draws from {@code random} only for probabilities below 1, so decisions replay from the seed. */
    boolean strikes(E fault, Random random) {
        Double p = active.get(fault);
        if (p == null) {
            return false;
        }
        return p >= 1 || random.nextDouble() < p;
    }
}
