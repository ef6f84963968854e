package org.headend.protocol.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code decode} command's entries for a captured stream, in stream order: each frame as its
 * protocol describes it, each candidate the extractor dropped and any bytes left inside a frame as
 * {@code "valid": false} entries with their reason. The same for every protocol; key order is part
 * of the JSON scripts read.
 */
public final class StreamEntries {

    /** The tag of every protocol's {@code Reason.TRUNCATED}. */
    private static final String TRUNCATED = "truncated";

    private final String protocol;
    private final List<Map<String, Object>> entries = new ArrayList<>();

    /** {@code protocol} is the JSON name, e.g. {@code dlt645}. */
    public StreamEntries(String protocol) {
        this.protocol = protocol;
    }

    /** A frame the extractor delivered, as its protocol describes it. */
    public void frame(Map<String, Object> entry) {
        entries.add(entry);
    }

    /** A candidate frame the extractor dropped for {@code reasonTag}, with {@code bytes}. */
    public void dropped(String reasonTag, int bytes) {
        entries.add(invalid(protocol, reasonTag, "candidate frame dropped by the stream extractor", bytes));
    }

    /**
     * The entries once the extractor has seen all {@code length} bytes, having delivered
     * {@code frames} and still buffering {@code buffered}. When it found no frame, the failure of
     * decoding the bytes as one frame ({@code whole}) is the most precise diagnosis and stands alone.
     */
    public List<Map<String, Object>> end(long frames, int buffered, WireException whole, int length) {
        if (frames == 0) {
            entries.clear();
            entries.add(invalid(protocol, whole.tag(), whole.getMessage(), length));
        } else if (buffered > 0) {
            entries.add(invalid(protocol, TRUNCATED, "input ends inside a frame", buffered));
        }
        return entries;
    }

    /** An entry for bytes that are not a valid frame. */
    public static Map<String, Object> invalid(String protocol, String reasonTag, String message, int bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol);
        m.put("valid", false);
        m.put("reason", reasonTag);
        m.put("error", message);
        m.put("bytes", bytes);
        return m;
    }
}
