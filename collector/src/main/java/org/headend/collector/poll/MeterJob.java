package org.headend.collector.poll;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;

/**
 * The reads one meter owes in one cycle (or on demand): its data identifiers, asked one at a
 * time on its bus. {@code done} is called exactly once, on the bus's event loop: it must not block
 * for long (handing readings to the batch writer is the intended backpressure).
 */
public record MeterJob(Dlt645Address address, Dlt645Edition edition, List<Long> dataIds, boolean onDemand,
                       Consumer<JobResult> done) {
    public MeterJob {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(edition, "edition");
        Objects.requireNonNull(done, "done");
        dataIds = List.copyOf(dataIds);
        if (dataIds.isEmpty()) {
            throw new IllegalArgumentException("a job for meter " + address + " needs at least one DI");
        }
    }
}
