package org.headend.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches on disk between the writer and the store, so a reading a meter answered survives the
 * database being away and the process stopping. Append-only segment files
 * {@code seg-<16 digits>.spool}; each batch is one record {@code [int length][int CRC32][payload]},
 * written and fsynced before {@link #append} returns. A segment is deleted once the store has
 * committed every batch in it and it is no longer the one appended to (deleting and creating a file
 * per batch cost a directory fsync each: most of what the spool added to a write); a record whose
 * batch was committed but whose segment is still there is replayed after a restart, which the
 * idempotent store ignores (at least once into an idempotent store: each reading stored once). The
 * newest few batches are also kept in memory, so the store is fed without reading them back.
 *
 * <p>At open every segment is scanned in order: a record cut short or failing its CRC (a write torn
 * by a crash, never acknowledged to anyone) is cut off with a warning, the rest is replayed first.
 * Bounded by {@code maxBytes}, with a warning at 80 %. Not thread-safe: the writer's flusher owns it.
 */
final class Spool implements Backlog {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final long MAX_SEGMENT_BYTES = 4L << 20;
    private static final int HEADER = 8;
    private static final byte FORMAT = 1;
    /** Batches kept in memory beside their records: while the store keeps up, the only ones pending. */
    private static final int IN_MEMORY = 4;

    /** A pending record; {@code batch} its readings when kept in memory, else null (read back from disk). */
    private record Ref(long segment, long offset, int length, List<Reading> batch) {
    }

    private final Path dir;
    private final long maxBytes;
    /** Segments roll at a sixteenth of the bound (64 KiB..4 MiB): disk use stays under maxBytes plus one segment. */
    private final long segmentBytes;
    private final ArrayDeque<Ref> pending = new ArrayDeque<>();
    private final TreeMap<Long, Long> segmentSizes = new TreeMap<>();
    private final TreeMap<Long, Integer> pendingPerSegment = new TreeMap<>();
    private FileChannel tail;
    private long tailSegment = -1;
    /** Bytes of the batches not yet acknowledged (what the bound limits). */
    private long bytes;
    private boolean warned;
    private int tornRecords;

    private Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(64 << 10, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
    }

    /** Opens (creating) the spool in {@code dir} and finds what an earlier run left there. */
    static Spool open(Path dir, long maxBytes) {
        Spool s = new Spool(dir, maxBytes);
        try {
            Files.createDirectories(dir);
            for (long seg : s.segmentsOnDisk()) {
                s.scan(seg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        if (!s.pending.isEmpty()) {
            LOG.info("spool {} holds {} batches ({} bytes) from an earlier run; replaying them first",
                    dir, s.pending.size(), s.bytes);
        }
        return s;
    }

    private List<Long> segmentsOnDisk() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("seg-\\d{16}\\.spool"))
                    .map(n -> Long.parseLong(n.substring(4, 20)))
                    .sorted().toList();
        }
    }

    private void scan(long seg) throws IOException {
        Path file = file(seg);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long offset = 0;
            int count = 0;
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
                    whole = crc(payload.array()) == header.getInt(4);
                }
                if (!whole) {
                    tornRecords++;
                    LOG.warn("spool segment {} has a torn or corrupt record at offset {} ({} bytes to its end): "
                            + "cut off; that batch was never acknowledged", file, offset, size - offset);
                    ch.truncate(offset);
                    ch.force(true);
                    size = offset;
                    break;
                }
                pending.addLast(new Ref(seg, offset, length, null));
                bytes += HEADER + length;
                offset += HEADER + length;
                count++;
            }
            segmentSizes.put(seg, size);
            if (count > 0) {
                pendingPerSegment.put(seg, count);
            }
        }
        if (!pendingPerSegment.containsKey(seg)) {
            delete(seg);
        }
    }

    @Override
    public void append(List<List<Reading>> batches) {
        appendUnsynced(batches);
        sync();
    }

    @Override
    public void appendUnsynced(List<List<Reading>> batches) {
        int readings = 0;
        try {
            for (List<Reading> batch : batches) {
                readings += batch.size();
                write(batch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append " + batches.size() + " batches (" + readings
                    + " readings) to the spool in " + dir + ": " + e.getMessage(), e);
        }
        if (!warned && bytes > maxBytes * 8 / 10) {
            warned = true;
            LOG.warn("spool {} is {} % full ({} of {} bytes): the store has not taken batches for a while",
                    dir, bytes * 100 / maxBytes, bytes, maxBytes);
        }
    }

    /**
     * Forces the segment appended to: data and the size needed to read it back, once for all the
     * records written since the last sync. Safe beside {@link #oldest} and {@link #acknowledge} on
     * another thread: they never close or roll the segment appended to.
     */
    @Override
    public void sync() {
        FileChannel t = tail;
        if (t == null) {
            return;
        }
        try {
            t.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync the spool segment in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes one record; a segment that rolls is forced first, so records reach the disk in order. */
    private void write(List<Reading> batch) throws IOException {
        byte[] payload = encode(batch);
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
        record.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        if (tail == null || segmentSizes.get(tailSegment) + record.remaining() > segmentBytes) {
            roll();
        }
        long offset = segmentSizes.get(tailSegment);
        while (record.hasRemaining()) {
            tail.write(record);
        }
        segmentSizes.put(tailSegment, offset + HEADER + payload.length);
        pending.addLast(new Ref(tailSegment, offset, payload.length,
                pending.size() < IN_MEMORY ? List.copyOf(batch) : null));
        pendingPerSegment.merge(tailSegment, 1, Integer::sum);
        bytes += HEADER + payload.length;
    }

    private void roll() throws IOException {
        long next = Math.max(tailSegment, segmentSizes.isEmpty() ? 0 : segmentSizes.lastKey()) + 1;
        if (tail != null) {
            tail.force(false); // records written to it but not forced yet (a group being appended)
            tail.close();
            if (!pendingPerSegment.containsKey(tailSegment)) {
                delete(tailSegment); // every batch in it was committed
            }
        }
        tailSegment = next;
        tail = FileChannel.open(file(tailSegment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentSizes.put(tailSegment, 0L);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the new file's name survives a power cut
        } catch (IOException e) {
            // some platforms cannot open a directory; the segment's own fsync still holds the data
        }
    }

    @Override
    public Optional<List<Reading>> oldest() {
        Ref ref = pending.peekFirst();
        if (ref == null) {
            return Optional.empty();
        }
        if (ref.batch != null) {
            return Optional.of(ref.batch);
        }
        try (FileChannel ch = FileChannel.open(file(ref.segment), StandardOpenOption.READ)) {
            ByteBuffer payload = ByteBuffer.allocate(ref.length);
            ch.read(payload, ref.offset + HEADER);
            return Optional.of(decode(payload.array()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the oldest batch of the spool in " + dir + " (segment "
                    + ref.segment + " offset " + ref.offset + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void acknowledge() {
        Ref ref = pending.removeFirst();
        bytes -= HEADER + ref.length;
        int left = pendingPerSegment.merge(ref.segment, -1, Integer::sum);
        if (left == 0) {
            pendingPerSegment.remove(ref.segment);
            try {
                if (ref.segment != tailSegment) { // the tail is appended to until it rolls
                    delete(ref.segment);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete committed spool segment " + file(ref.segment)
                        + ": " + e.getMessage(), e);
            }
        }
        if (bytes < maxBytes / 2) {
            warned = false;
        }
    }

    private void delete(long seg) throws IOException {
        Files.deleteIfExists(file(seg));
        segmentSizes.remove(seg);
    }

    @Override
    public boolean isFull() {
        return bytes >= maxBytes;
    }

    @Override
    public int batches() {
        return pending.size();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    /** Records cut off at open because they were torn or corrupt. */
    int tornRecords() {
        return tornRecords;
    }

    @Override
    public void close() {
        if (tail != null) {
            try {
                tail.close();
                if (!pendingPerSegment.containsKey(tailSegment)) {
                    delete(tailSegment); // every batch in it was committed: nothing to replay
                }
            } catch (IOException ignored) {
                // every record was forced when appended; a segment left behind is replayed harmlessly
            }
            tail = null;
        }
    }

    private Path file(long seg) {
        return dir.resolve(String.format("seg-%016d.spool", seg));
    }

    private static int crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /**
     * The record format {@link #FORMAT}: the format byte, the count, then per reading its meter, time
     * (seconds, nanos), quantity, value, unit, quality and source, strings as
     * {@link DataOutputStream#writeUTF} writes them. Written straight into one array (the codes and
     * units are ASCII, whose modified UTF-8 is the bytes themselves): a DataOutputStream cost a
     * synchronized call per field, about half of what spooling a batch took.
     */
    static byte[] encode(List<Reading> batch) {
        Encoder e = new Encoder(5 + batch.size() * 64);
        e.out[e.n++] = FORMAT;
        e.putInt(batch.size());
        for (Reading r : batch) {
            e.putUtf(r.meter());
            e.putLong(r.time().getEpochSecond());
            e.putInt(r.time().getNano());
            e.putUtf(r.quantity());
            e.putLong(Double.doubleToLongBits(r.value()));
            e.putUtf(r.unit());
            e.ensure(2);
            e.out[e.n++] = (byte) r.quality().code();
            e.out[e.n++] = (byte) r.source().code();
        }
        return Arrays.copyOf(e.out, e.n);
    }

    /** A growing byte array with DataOutput's big-endian layout. */
    private static final class Encoder {
        byte[] out;
        int n;

        Encoder(int size) {
            out = new byte[size];
        }

        void ensure(int more) {
            if (n + more > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + more));
            }
        }

        void putInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out[n++] = (byte) (v >>> shift);
            }
        }

        void putLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[n++] = (byte) (v >>> shift);
            }
        }

        /** As writeUTF: ASCII other than NUL as its bytes, anything else through DataOutputStream. */
        void putUtf(String s) {
            int len = s.length();
            boolean ascii = len <= 0xFFFF;
            for (int i = 0; i < len && ascii; i++) {
                char c = s.charAt(i);
                ascii = c >= 1 && c <= 0x7F;
            }
            if (!ascii) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (DataOutputStream d = new DataOutputStream(b)) {
                    d.writeUTF(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // too long for a record: cannot happen for our codes
                }
                byte[] bytes = b.toByteArray();
                ensure(bytes.length);
                System.arraycopy(bytes, 0, out, n, bytes.length);
                n += bytes.length;
                return;
            }
            ensure(2 + len);
            out[n++] = (byte) (len >>> 8);
            out[n++] = (byte) len;
            for (int i = 0; i < len; i++) {
                out[n++] = (byte) s.charAt(i);
            }
        }
    }

    static List<Reading> decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("spool record format " + format + " is not " + FORMAT);
            }
            int n = in.readInt();
            List<Reading> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String meter = in.readUTF();
                Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
                String quantity = in.readUTF();
                double value = in.readDouble();
                String unit = in.readUTF();
                Quality quality = Quality.ofCode(in.readByte());
                Source source = Source.ofCode(in.readByte());
                batch.add(new Reading(meter, time, quantity, value, unit, quality, source));
            }
            return batch;
        }
    }
}
