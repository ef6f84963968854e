package org.headend.fieldcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;

class SimulatedQuarterSqliteTest extends SimulatedQuarterContract {
    private Path dir;

    @Override
    ReadingStore openStore() throws Exception {
        dir = Files.createTempDirectory("fieldcheck-sqlite");
        return Stores.open("embedded:" + dir.resolve("quarter.db"));
    }

    @Override
    void closeStore() throws Exception {
        super.closeStore();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
