package org.headend.simulator;

/**
 * How a meter is connected, which decides the voltages it reports and how current follows from
 * power: single phase {@code I = P / (U·PF)}; three-phase four-wire {@code P = Σ Ux·Ix·PF};
 * three-phase three-wire (two-wattmeter, behind 10 kV VTs) {@code P = √3·U·I·PF} with phase B
 * not measured, so its voltage and current come back as FF (protocols.md §1.6).
 */
public enum Wiring {
    SINGLE_PHASE,
    THREE_PHASE_FOUR_WIRE,
    THREE_PHASE_THREE_WIRE
}
