package org.headend.collector.channel;

import org.headend.collector.poll.MeterJob;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Messages;

/** Whether a DL/T 645 frame answers the request in flight. */
final class ReplyMatch {

    private ReplyMatch() {
    }

    /** A reply answers the request when it comes from the meter asked, for the function and DI asked. */
    static boolean answers(Exchange ex, Dlt645Frame f) {
        MeterJob job = ex.job;
        if (!f.control().isResponse()
                || f.control().functionCode() != Dlt645Messages.readFunction(job.edition()).code()) {
            return false;
        }
        boolean addressOk = job.address().hasWildcard() || f.address().hasWildcard() || f.address().equals(job.address());
        if (!addressOk) {
            return false;
        }
        return f.control().isAbnormal() || (f.dataLength() >= job.edition().dataIdLength()
                && f.dataId(job.edition()) == ex.dataId());
    }
}
