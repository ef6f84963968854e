package org.headend.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's files: append-only segments {@code seg-<16 digits>.spool} of {@link SpoolRecords},
 * the last one (the tail) appended to until it rolls at {@code segmentBytes}. Which segments still
 * hold batches not committed is the {@link Spool}'s knowledge: it is asked when the tail rolls or
 * closes, and a segment left with none is deleted. Not thread-safe: the spool calls it under its
 * monitor, except {@link #force} from the one thread that appends and {@link #read}, which opens a
 * channel of its own and touches nothing shared.
 */
final class SpoolSegments {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSegments.class);
    private static final int HEADER = SpoolRecords.HEADER;

    /** Where a record is. */
    record Place(long segment, long offset, int length) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final TreeMap<Long, Long> sizes = new TreeMap<>();
    private FileChannel tail;
    private long tailSegment = -1;
    private int tornRecords;

    SpoolSegments(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Every record an earlier run left, in order. A record cut short or failing its CRC (a write torn
     * by a crash, never acknowledged to anyone) is cut off with a warning, with what follows it in
     * its segment; a segment left without records is deleted.
     */
    List<Place> scan() throws IOException {
        Files.createDirectories(dir);
        List<Place> found = new ArrayList<>();
        List<Long> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("seg-\\d{16}\\.spool"))
                    .map(n -> Long.parseLong(n.substring(4, 20)))
                    .sorted().toList();
        }
        for (long seg : segments) {
            int before = found.size();
            sizes.put(seg, scan(seg, found));
            if (found.size() == before) {
                delete(seg);
            }
        }
        return found;
    }

    private long scan(long seg, List<Place> found) throws IOException {
        Path file = file(seg);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long offset = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (offset < size) {
                header.clear();
                int length = -1;
                boolean whole = ch.read(header, offset) == HEADER;
                if (whole) {
                    length = header.getInt(0);
                    whole = length > 0 && offset + HEADER + length <= size;
                }
                if (whole) {
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    ch.read(payload, offset + HEADER);
                    whole = SpoolRecords.crc(payload.array(), 0, length) == header.getInt(4);
                }
                if (!whole) {
                    tornRecords++;
                    LOG.warn("spool segment {} has a torn or corrupt record at offset {} ({} bytes to its end): "
                            + "cut off; that batch was never acknowledged", file, offset, size - offset);
                    ch.truncate(offset);
                    ch.force(true);
                    return offset;
                }
                found.add(new Place(seg, offset, length));
                offset += HEADER + length;
            }
            return size;
        }
    }

    /**
     * Writes {@code record} (header included) at the end of the tail. A tail it would overfill is
     * forced and closed first, so records reach the disk in order, and deleted if
     * {@code holdsPending} says no batch in it waits for the store.
     */
    Place append(ByteBuffer record, LongPredicate holdsPending) throws IOException {
        int length = record.remaining() - HEADER;
        if (tail == null || sizes.get(tailSegment) + record.remaining() > segmentBytes) {
            roll(holdsPending);
        }
        long offset = sizes.get(tailSegment);
        long at = offset;
        while (record.hasRemaining()) {
            at += tail.write(record, at); // at the known end: a retry after a failed write overwrites its remains
        }
        sizes.put(tailSegment, at);
        return new Place(tailSegment, offset, length);
    }

    private void roll(LongPredicate holdsPending) throws IOException {
        long next = Math.max(tailSegment, sizes.isEmpty() ? 0 : sizes.lastKey()) + 1;
        if (tail != null) {
            tail.force(false); // records written to it but not forced yet (a group being appended)
            tail.close();
            tail = null; // if opening the next one fails, the next append tries again
            if (!holdsPending.test(tailSegment)) {
                delete(tailSegment); // every batch in it was committed
            }
        }
        tailSegment = next;
        tail = FileChannel.open(file(tailSegment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        sizes.put(tailSegment, 0L);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the new file's name survives a power cut
        } catch (IOException e) {
            // some platforms cannot open a directory; the segment's own fsync still holds the data
        }
    }

    /** The tail appended to, for {@link #force} outside the spool's monitor; null before the first append. */
    FileChannel tail() {
        return tail;
    }

    /** Forces {@code tail}: only the appending thread rolls (closes) it, so this is safe beside the other calls. */
    static void force(FileChannel tail) throws IOException {
        if (tail != null) {
            tail.force(false);
        }
    }

    /** The payload of the record at {@code place}. */
    byte[] read(Place place) throws IOException {
        try (FileChannel ch = FileChannel.open(file(place.segment()), StandardOpenOption.READ)) {
            ByteBuffer payload = ByteBuffer.allocate(place.length());
            ch.read(payload, place.offset() + HEADER);
            return payload.array();
        }
    }

    /** A segment whose batches were all committed: deleted unless it is the tail, appended to until it rolls. */
    void committed(long seg) throws IOException {
        if (seg != tailSegment) {
            delete(seg);
        }
    }

    private void delete(long seg) throws IOException {
        Files.deleteIfExists(file(seg));
        sizes.remove(seg);
    }

    /** Records cut off by {@link #scan}. */
    int tornRecords() {
        return tornRecords;
    }

    /** Closes the tail, deleting it if no batch in it waits for the store (nothing to replay). */
    void close(LongPredicate holdsPending) {
        if (tail == null) {
            return;
        }
        try {
            tail.close();
            if (!holdsPending.test(tailSegment)) {
                delete(tailSegment);
            }
        } catch (IOException ignored) {
            // every record was forced when appended; a segment left behind is replayed harmlessly
        }
        tail = null;
    }

    private Path file(long seg) {
        return dir.resolve(String.format("seg-%016d.spool", seg));
    }
}
