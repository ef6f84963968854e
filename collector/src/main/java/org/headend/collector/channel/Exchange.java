package org.headend.collector.channel;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.headend.collector.poll.MeterJob;
import org.headend.protocol.dlt645.Dlt645Value;

/** The job being worked on: which DI, which attempt, what came back so far. */
final class Exchange {
    final MeterJob job;
    final Map<Long, List<Dlt645Value>> values = new LinkedHashMap<>();
    int diIndex;
    int attempt;
    int totalAttempts;
    boolean errorReply;
    boolean awaiting;
    long sentAtNanos;
    long timeoutNanos;
    ScheduledFuture<?> timeout;

    Exchange(MeterJob job) {
        this.job = job;
    }

    long dataId() {
        return job.dataIds().get(diIndex);
    }
}
