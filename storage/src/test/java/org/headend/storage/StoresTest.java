package org.headend.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoresTest {
    @Test
    void anUnknownSpecIsRefusedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stores.open("mysql://x/y"));
        assertTrue(e.getMessage().contains("'mysql://x/y'"), e.getMessage());
        assertTrue(e.getMessage().contains("embedded:PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
    }

    @Test
    void anEmbeddedSpecWithoutPathIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stores.open("embedded:"));
        assertTrue(e.getMessage().contains("has no path"), e.getMessage());
    }

    @Test
    void aPostgresqlServerThatIsNotThereFailsAtOpenNamingTheUrl() {
        // port 1 on loopback: nothing listens there, the refusal is immediate
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open("jdbc:postgresql://127.0.0.1:1/none?user=x&password=secret&connectTimeout=2"));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void aDeferredPostgresqlStoreOpensWhileTheServerIsAwayAndFailsEachCallNamingTheCause() {
        try (ReadingStore store = Stores.openDeferred(
                "jdbc:postgresql://127.0.0.1:1/none?user=x&password=secret", StoreOptions.defaults())) {
            assertTrue(store.describe().contains("not open yet"), store.describe());
            assertTrue(!store.describe().contains("secret"), store.describe());
            StoreException e = assertThrows(StoreException.class, () -> store.write(ReadingWriterTest.readings(0, 1)));
            assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("not open yet"), e.getMessage());
        }
    }

    @Test
    void aDeferredEmbeddedSpecIsOpenedAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (ReadingStore store = Stores.openDeferred("embedded:" + dir.resolve("a.db"), StoreOptions.defaults())) {
            assertTrue(store.describe().startsWith("SQLite"), store.describe());
            org.junit.jupiter.api.Assertions.assertEquals(1, store.write(ReadingWriterTest.readings(0, 1)));
        }
    }
}
