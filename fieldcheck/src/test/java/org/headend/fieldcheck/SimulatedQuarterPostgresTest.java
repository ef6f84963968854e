package org.headend.fieldcheck;

import org.headend.storage.ReadingStore;

class SimulatedQuarterPostgresTest extends SimulatedQuarterContract {
    private TestStores.Pg pg;

    @Override
    ReadingStore openStore() throws Exception {
        pg = TestStores.postgres();
        return pg.store();
    }

    @Override
    void closeStore() throws Exception {
        pg.close();
    }
}
