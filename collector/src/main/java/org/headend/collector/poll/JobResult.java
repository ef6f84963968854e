package org.headend.collector.poll;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Value;

/**
 * What a meter job produced.
 *
 * @param values   decoded values per DI that the meter answered normally, in request order
 * @param readAt   wall-clock time of the last reply (or of the failure)
 * @param attempts requests sent, retries included
 */
public record JobResult(MeterJob job, PollOutcome outcome, Map<Long, List<Dlt645Value>> values, Instant readAt,
                        int attempts) {
    public JobResult {
        values = Map.copyOf(values);
    }

    public Dlt645Address address() {
        return job.address();
    }
}
