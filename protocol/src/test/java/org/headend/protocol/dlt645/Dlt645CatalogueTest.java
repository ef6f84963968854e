package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped catalogue holds what issue 2 lists, with the lengths of protocols.md §1.6 and §2. */
class Dlt645CatalogueTest {

    private static final Dlt645Catalogue CATALOGUE = Dlt645Catalogue.standard();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2007 | 00000000 | 4  | energy.active.combined.total
            2007 | 00010000 | 4  | energy.active.import.total
            2007 | 00010300 | 4  | energy.active.import.t3
            2007 | 0001FF00 | 20 | energy.active.import.total
            2007 | 0001FF01 | 20 | energy.active.import.total.settlement_1
            2007 | 00020400 | 4  | energy.active.export.t4
            2007 | 0002000C | 4  | energy.active.export.total.settlement_12
            2007 | 00030000 | 4  | energy.reactive.combined_1.total
            2007 | 00080000 | 4  | energy.reactive.q4.total
            2007 | 01010000 | 8  | demand.active.import.max.total
            2007 | 0101FF00 | 40 | demand.active.import.max.total
            2007 | 02010100 | 2  | voltage.a
            2007 | 0201FF00 | 6  | voltage.a
            2007 | 02020300 | 3  | current.c
            2007 | 02030000 | 3  | power.active.total
            2007 | 02030200 | 3  | power.active.b
            2007 | 02040000 | 3  | power.reactive.total
            2007 | 02050100 | 3  | power.apparent.a
            2007 | 02060000 | 2  | power_factor.total
            2007 | 02800002 | 2  | frequency
            2007 | 04000101 | 4  | clock.date
            2007 | 04000102 | 3  | clock.time
            2007 | 04000401 | 6  | meter.address
            2007 | 04000402 | 6  | meter.number
            2007 | 04000404 | 6  | meter.rated_voltage
            2007 | 04000405 | 6  | meter.rated_current
            2007 | 04000409 | 3  | meter.constant.active
            2007 | 04000503 | 2  | meter.status_3
            2007 | 040005FF | 14 | meter.status_1
            2007 | 05060001 | 5  | freeze.daily.day_1.time
            2007 | 05060101 | 20 | energy.active.import.total.frozen.day_1
            2007 | 0506013E | 20 | energy.active.import.total.frozen.day_62
            2007 | 03110000 | 3  | event.power_down.count
            2007 | 03110001 | 12 | event.power_down.last_1.start
            2007 | 03300D00 | 3  | event.cover_open.count
            2007 | 03300D01 | 60 | event.cover_open.last_1.start
            2007 | 03010000 | 18 | event.voltage_loss.a.count
            2007 | 1D000001 | 34 | event.trip.last_1.time
            1997 | 9010     | 4  | energy.active.import.total
            1997 | 901F     | 20 | energy.active.import.total
            1997 | 9020     | 4  | energy.active.export.total
            1997 | 9110     | 4  | energy.reactive.import.total
            1997 | 9410     | 4  | energy.active.import.total.settlement_1
            1997 | B611     | 2  | voltage.a
            1997 | B623     | 2  | current.c
            1997 | B630     | 3  | power.active.total
            1997 | C010     | 4  | clock.date
            1997 | C011     | 3  | clock.time
            1997 | C030     | 3  | meter.constant.active
            1997 | C032     | 6  | meter.number
            """)
    void holdsTheDataIdentifiersTheIssueLists(String edition, String di, int length, String firstQuantity) {
        Dlt645Edition ed = edition.equals("2007") ? Dlt645Edition.V2007 : Dlt645Edition.V1997;
        DataItem item = CATALOGUE.require(ed, Long.parseLong(di, 16));
        assertEquals(length, item.length(), item.name());
        assertEquals(firstQuantity, item.elements().get(0).quantity(), item.name());
        assertEquals(di, item.idText());
    }

    @Test
    void givesEveryValueOfAnItemItsOwnQuantity() {
        for (Dlt645Edition ed : Dlt645Edition.values()) {
            for (DataItem item : CATALOGUE.items(ed)) {
                Set<String> seen = new HashSet<>();
                for (DataItem.Element e : item.elements()) {
                    assertTrue(seen.add(e.quantity()), item.idText() + " repeats " + e.quantity());
                    assertTrue(e.quantity().matches("[a-z0-9_]+(\\.[a-z0-9_]+)*"), e.quantity());
                }
            }
        }
    }

    @Test
    void namesTheLineOfABadCatalogueEntry() {
        String tsv = "# c\n@var\tt\t00\ttotal\n2007\t0001{t}00\tx\ty\tz.{t.1}\tXXQ.X\tkWh\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dlt645Catalogue.parse(new BufferedReader(new StringReader(tsv))));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
