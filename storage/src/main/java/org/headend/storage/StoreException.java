package org.headend.storage;

/**
 * A store could not do what was asked: open, migrate, write or read. The message names the store
 * and the operation; the cause is the driver's error. A failed {@link ReadingStore#write} stored
 * nothing of its batch (one transaction), so the caller may retry the same batch.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
