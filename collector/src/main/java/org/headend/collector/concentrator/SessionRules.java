package org.headend.collector.concentrator;

import java.time.Duration;
import org.headend.collector.config.ConcentratorSettings;

/** What each session needs of the settings, worked out once. */
record SessionRules(int masterAddress, Duration requestTimeout, int retries, int maxInFlight) {

    static SessionRules of(ConcentratorSettings s) {
        return new SessionRules(s.masterAddress(), s.requestTimeout(), s.retries(), s.maxInFlight());
    }
}
