package org.headend.protocol.gw376;

import java.util.List;
import org.headend.protocol.dlt645.PublicVectors;

/** The G13 public vectors by id, for tests and benchmarks. */
final class G13 {

    static final List<PublicVectors.Row> ROWS = PublicVectors.rows("G13");

    private G13() {
    }

    static byte[] bytes(String id) {
        return ROWS.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + id)).bytes();
    }

    static Gw376Frame frame(String id) {
        return Gw376Decoder.decode(bytes(id));
    }
}
