package org.headend.protocol.gw376;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.headend.protocol.dlt645.PublicVectors;
import org.headend.protocol.dlt645.PublicVectors.Row;
import org.headend.protocol.gw376.Gw376Data.Energy;
import org.junit.jupiter.api.Test;

/**
 * Every G13 public vector: the header fields its meaning states (L, protocol id, C bits, A1/A2/A3,
 * AFN, SEQ bits, units, Tp, PW) read from the meaning itself, the decoded content of each row
 * checked by hand, and the bytes again from the encoder.
 */
class Gw376VectorsTest {

    private static final Pattern HEADER = Pattern.compile("L=(\\d+) \\(proto id (\\d)\\); C=([0-9A-F]{2}) DIR=(\\d)\\((up|down)\\) PRM=(\\d) "
            + "(?:ACD=(\\d)|FCB=(\\d) FCV=(\\d)) fn=(\\d+)\\(([^)]*\\)?)\\); A1=(\\d{4}) A2=([0-9A-F]{4})\\((\\d+)\\) "
            + "A3=([0-9A-F]{2})\\(MSA=(\\d+),group=(\\d)\\); AFN=([0-9A-F]{2})\\([^;]*\\); "
            + "SEQ=([0-9A-F]{2})\\(TpV=(\\d) FIR=(\\d) FIN=(\\d) CON=(\\d) SEQ=(\\d+)\\); units: p(\\d+) F(\\d+)");
    private static final Pattern TP = Pattern.compile("Tp: PFC=(\\d+) time\\(ss mm hh DD\\)=(\\d\\d) (\\d\\d) (\\d\\d) (\\d\\d) delay=(\\d+)min");
    private static final Pattern PW = Pattern.compile("PW=([0-9A-F]+)");

    /** What each row's content decodes to, as its meaning states it. */
    private static final Map<String, Consumer<Gw376Frame>> CONTENT = Map.ofEntries(
            Map.entry("G13-003", f -> energy(f.data(1, 129, Energy.class).orElseThrow(), Optional.empty(),
                    LocalDateTime.of(2018, 8, 28, 16, 18), 1)),
            Map.entry("G13-004", f -> {
                Energy e = f.data(1, 33, Energy.class).orElseThrow();
                energy(e, Optional.empty(), LocalDateTime.of(2018, 8, 28, 16, 48), 4);
                assertEquals(List.of("energy.active.import", "energy.reactive.import", "energy.reactive.q1", "energy.reactive.q4"),
                        e.series().stream().map(Gw376Data.Series::quantity).toList());
            }),
            Map.entry("G13-008", f -> assertEquals(new Gw376Data.Day(LocalDate.of(2018, 8, 27)), f.unit(1, 1).orElseThrow().data())),
            Map.entry("G13-009", f -> {
                Energy e = f.data(1, 1, Energy.class).orElseThrow();
                energy(e, Optional.of(LocalDate.of(2018, 8, 27)), LocalDateTime.of(2018, 8, 27, 23, 59), 4);
            }),
            Map.entry("G13-010", f -> assertEquals(new Gw376Data.Day(LocalDate.of(2018, 8, 27)), f.unit(1, 2).orElseThrow().data())),
            Map.entry("G13-011", f -> assertEquals(new Gw376Data.Month(YearMonth.of(2018, 7)), f.unit(1, 17).orElseThrow().data())),
            Map.entry("G13-012", f -> assertEquals(new Gw376Data.Month(YearMonth.of(2018, 7)), f.unit(1, 18).orElseThrow().data())),
            Map.entry("G13-014", f -> {
                Gw376Data.Events e = f.data(0, 1, Gw376Data.Events.class).orElseThrow();
                assertEquals(List.of(1, 1, 0, 1), List.of(e.important(), e.normal(), e.start(), e.end()));
                assertEquals(List.of(new Gw376Event.TerminalInit(LocalDateTime.of(2014, 1, 16, 10, 35), 2, "2.01", "2.02")), e.records());
                assertTrue(((Gw376Event.TerminalInit) e.records().get(0)).versionChanged());
            }),
            Map.entry("G13-018", f -> assertEquals(new Gw376Data.Acks(2, List.of(new Gw376Data.Ack(Gw376DataId.of(0, 3), 0))),
                    f.unit(0, 3).orElseThrow().data())),
            Map.entry("G13-021", f -> {
                Gw376Data.ForwardRequest r = f.data(0, 1, Gw376Data.ForwardRequest.class).orElseThrow();
                assertEquals(1, r.port());
                assertEquals(1200, r.baud());
                assertEquals("8E1", r.framing());
                assertEquals(Duration.ofSeconds(10), r.frameTimeoutDuration());
                assertEquals(Duration.ofMillis(100), r.byteTimeoutDuration());
                assertEquals("FEFEFE6887110000000068010243C37116", r.frame().hex());
            }));

    private static void energy(Energy e, Optional<LocalDate> day, LocalDateTime read, int series) {
        assertEquals(day, e.day());
        assertEquals(Optional.of(read), e.readTime());
        assertEquals(4, e.tariffs());
        assertEquals(Optional.of(new BigDecimal("0.0100")), e.total());
        assertEquals(series, e.series().size());
        List<Optional<BigDecimal>> rest = new ArrayList<>(e.series().get(0).values().subList(1, 5));
        e.series().stream().skip(1).forEach(s -> rest.addAll(s.values()));
        assertTrue(rest.stream().allMatch(Optional::isEmpty), "all but the total are EE: " + rest);
    }

    @Test
    void decodesEveryVectorToTheFieldsItsMeaningStatesAndEncodesItBack() {
        List<Row> rows = PublicVectors.rows("G13");
        assertEquals(21, rows.size());
        int contentChecked = 0;
        for (Row row : rows) {
            Gw376Frame f = Gw376Decoder.decode(row.bytes());
            String meaning = row.meaning();
            Matcher m = HEADER.matcher(meaning);
            assertTrue(m.find(), row + ": meaning not in the expected form");
            assertEquals(Integer.parseInt(m.group(1)), Gw376Encoder.userDataLength(f), row + " L");
            assertEquals(Integer.parseInt(m.group(2)), f.protocolId(), row + " protocol id");
            assertEquals(Integer.parseInt(m.group(3), 16), f.control().value(), row + " C");
            assertEquals(m.group(4).equals("1"), f.control().up(), row + " DIR");
            assertEquals(row.direction(), f.control().up() ? "up" : "down", row + " direction column");
            assertEquals(m.group(6).equals("1"), f.control().primary(), row + " PRM");
            if (m.group(7) != null) {
                assertEquals(m.group(7).equals("1"), f.control().acd(), row + " ACD");
            } else {
                assertEquals(m.group(8).equals("1"), f.control().fcb(), row + " FCB");
                assertEquals(m.group(9).equals("1"), f.control().fcv(), row + " FCV");
            }
            assertEquals(Integer.parseInt(m.group(10)), f.control().function(), row + " fn");
            assertEquals(m.group(12), f.address().regionCode(), row + " A1");
            assertEquals(Integer.parseInt(m.group(13), 16), f.address().terminal(), row + " A2");
            assertEquals(Integer.parseInt(m.group(14)), f.address().terminal(), row + " A2 decimal");
            assertEquals(Integer.parseInt(m.group(15), 16), f.address().a3(), row + " A3");
            assertEquals(Integer.parseInt(m.group(16)), f.address().master(), row + " MSA");
            assertEquals(m.group(17).equals("1"), f.address().group(), row + " group");
            assertEquals(Integer.parseInt(m.group(18), 16), f.afn(), row + " AFN");
            assertTrue(f.function().isPresent(), row + " AFN in the table");
            assertEquals(Gw376Seq.of(Integer.parseInt(m.group(19), 16)), f.seq(), row + " SEQ");
            assertEquals(List.of(m.group(20), m.group(21), m.group(22), m.group(23)).stream().map("1"::equals).toList(),
                    List.of(f.seq().tpv(), f.seq().fir(), f.seq().fin(), f.seq().con()), row + " SEQ bits");
            assertEquals(Integer.parseInt(m.group(24)), f.sequence(), row + " PSEQ/RSEQ");
            assertEquals(1, f.units().size(), row + " one unit");
            assertEquals(Integer.parseInt(m.group(25)), f.units().get(0).pn(), row + " pn");
            assertEquals(Integer.parseInt(m.group(26)), f.units().get(0).fn(), row + " Fn");

            Matcher tp = TP.matcher(meaning);
            if (tp.find()) {
                assertEquals(new Gw376Tp(Integer.parseInt(tp.group(1)), Integer.parseInt(tp.group(2)), Integer.parseInt(tp.group(3)),
                        Integer.parseInt(tp.group(4)), Integer.parseInt(tp.group(5)), Integer.parseInt(tp.group(6))), f.tp(), row + " Tp");
            } else {
                assertNull(f.tp(), row + " no Tp");
            }
            Matcher pw = PW.matcher(meaning);
            assertEquals(pw.find() ? pw.group(1) : null, f.pw() == null ? null : f.pw().hex(), row + " PW");
            assertNull(f.ec(), row + " no EC (ACD = 0 everywhere)");

            Consumer<Gw376Frame> content = CONTENT.get(row.id());
            if (content != null) {
                content.accept(f);
                contentChecked++;
            } else {
                // Requests without data, link tests and confirms: nothing raw, nothing left over.
                assertEquals(Gw376Data.NONE, f.units().get(0).data(), row + " carries no data");
            }
            assertArrayEquals(row.bytes(), Gw376Encoder.encode(f), row + " encodes back");
        }
        assertEquals(CONTENT.size(), contentChecked);
    }

    @Test
    void tellsLoginHeartbeatAndLogoutApart() {
        Gw376Frame login = G13.frame("G13-019");
        Gw376Frame logout = G13.frame("G13-002");
        Gw376Frame heartbeat = G13.frame("G13-001");
        assertTrue(login.isLogin() && !login.isHeartbeat() && !login.isLogout());
        assertTrue(logout.isLogout() && !logout.isLogin());
        assertTrue(heartbeat.isHeartbeat() && !heartbeat.isLogin());
        Gw376Frame confirm = G13.frame("G13-016");
        assertFalse(confirm.isLogin() || confirm.isHeartbeat() || confirm.isLogout());
    }

    @Test
    void describesTheForwardedMeterFrameWithTheDlt645Description() {
        Map<String, Object> d = Gw376Description.describe(G13.frame("G13-021"));
        assertEquals(true, d.get("valid"));
        @SuppressWarnings("unchecked")
        Map<String, Object> unit = ((List<Map<String, Object>>) d.get("units")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> meter = ((List<Map<String, Object>>) unit.get("dlt645")).get(0);
        assertEquals("9010", meter.get("di"));
        assertEquals("000000001187", meter.get("address"));
        assertEquals("1997", meter.get("edition"));
    }

    @Test
    void theVectorsThatNeedNoDataRejectBytesLeftOver() {
        byte[] b = G13.bytes("G13-016");
        assertInstanceOf(Gw376Frame.class, Gw376Decoder.decode(b));
        assertThrows(Gw376Exception.class, () -> Gw376Decoder.decode(java.util.Arrays.copyOf(b, b.length + 1)));
    }
}
