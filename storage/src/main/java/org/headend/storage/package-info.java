/**
 * The records we keep and the stores that keep them. Knows no wire formats.
 *
 * <p>Public entry points:
 * <ul>
 *   <li>{@link org.headend.storage.Stores#open(String)}: {@code embedded:PATH} (SQLite) or a
 *   {@code jdbc:postgresql://} URL, schema migrated at open;
 *   {@link org.headend.storage.Stores#openDeferred(String, org.headend.storage.StoreOptions)}: the same, but a PostgreSQL
 *   server that is down now is connected at the first write (for a collector that must start and
 *   spool during an outage);</li>
 *   <li>{@link org.headend.storage.ReadingStore}: write (idempotent, durable on return), last
 *   per meter, between, count, describe;</li>
 *   <li>{@link org.headend.storage.ReadingWriter}: batches in front of a store, with an optional
 *   durable spool ({@link org.headend.storage.WriterSettings#withSpool}).</li>
 * </ul>
 *
 * <pre>{@code
 * ReadingStore store = Stores.open("embedded:data/headend.db");
 * ReadingWriter writer = ReadingWriter.start(store,
 *         WriterSettings.defaults().withSpool(Path.of("data/spool"), 256L << 20));
 * writer.accept(reading);            // from any thread; blocks only when the queue is full
 * ...
 * writer.close();                    // final flush; what the store did not take stays spooled
 * store.close();
 * }</pre>
 */
package org.headend.storage;
