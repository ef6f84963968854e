package org.headend.collector.concentrator;

import org.headend.collector.archive.Meter;
import org.headend.collector.archive.Placement;
import org.headend.protocol.dlt645.Dlt645Address;

/** A meter behind a concentrator with what every round needs of it worked out once. */
record MeterPoint(Meter meter, int point, Dlt645Address address, double ctRatio, double vtRatio) {

    MeterPoint(Meter m, Placement p) {
        this(m, p.point(), Dlt645Address.parse(m.address()), m.ctRatio().doubleValue(), m.vtRatio().doubleValue());
    }
}
