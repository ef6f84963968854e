/**
 * Q/GDW 1376.1 (concentrator ↔ master station, 2009/2013, and the older Q/GDW 130 identifier):
 * frames as immutable values, one decoder, one encoder, a streaming extractor, builders for both
 * sides, and the {@code decode} description. Facts: protocols.md §3; vectors: G13 rows.
 *
 * <h2>For a master station (the collector's ConcentratorSession)</h2>
 * <ol>
 * <li><b>Frames from a connection:</b> one {@link org.headend.protocol.gw376.Gw376Extractor} per
 *     connection; {@code feed(bytes, sink)} calls {@code sink.frame(Gw376Frame)} for every
 *     verified, decoded frame and {@code sink.dropped(reason, bytes)} for what it discards
 *     (counters per {@link org.headend.protocol.gw376.Gw376Exception.Reason} too). A single
 *     frame: {@link org.headend.protocol.gw376.Gw376Decoder#decode(byte[])}.</li>
 * <li><b>Login, heartbeat, logout:</b> {@link org.headend.protocol.gw376.Gw376Frame#isLogin()},
 *     {@code isHeartbeat()}, {@code isLogout()}; the terminal is {@code frame.address()}
 *     ({@code terminalKey()} = A1 + A2, independent of MSA); a heartbeat's optional clock is
 *     {@code frame.data(0, 3, Gw376Data.Clock.class)}.</li>
 * <li><b>The confirm:</b> {@link org.headend.protocol.gw376.Gw376Messages#confirm(Gw376Frame)}
 *     (AFN 00 F1, C = 0B after a link test, same address and sequence number), or {@code deny},
 *     or {@code acknowledge} per unit (F3); then {@link org.headend.protocol.gw376.Gw376Encoder#encode}.</li>
 * <li><b>Requests and matching:</b> {@code Gw376Messages.readCurrentEnergy(address, pseq, points)}
 *     (0C F129), {@code readDailyEnergy(address, pseq, day, points)} (0D F161), {@code readClock}
 *     (0C F2), {@code setClock} (05 F31, with PW), {@code forward} (10 F1 with a
 *     {@link org.headend.protocol.gw376.Gw376Data.ForwardRequest#dlt645 DL/T 645 port setting}),
 *     {@code queryParameters} (0A), {@code readEvents} (0E); {@code withTp} adds a Tp. The caller
 *     picks PSEQ (0..15); a reply's first frame satisfies
 *     {@link org.headend.protocol.gw376.Gw376Frame#answers(Gw376Frame)} (same terminal, PRM 0,
 *     RSEQ = PSEQ, same AFN or AFN 00); frame k of a multi-frame reply (FIR first, FIN last) has
 *     RSEQ = PSEQ + k mod 16.</li>
 * <li><b>Typed values:</b> {@code reply.data(pn, 129, Gw376Data.Energy.class)} and
 *     {@code data(pn, 161, Gw376Data.Energy.class)}: {@code total()}, {@code readTime()},
 *     {@code day()}, {@code series()} (total, T1..TM as {@code Optional<BigDecimal>} in kWh, empty
 *     for EE "no data"); {@code data(0, 2, Gw376Data.Clock.class)}; {@code data(0, 1,
 *     Gw376Data.ForwardReply.class).frame()} is the meter's DL/T 645 frame for
 *     {@code Dlt645FrameCodec.decode}; {@code data(0, 1 or 2, Gw376Data.Events.class)} gives the
 *     0E records: ERC 1, 12 (meter clock out of tolerance) and 14 (power off/on) typed, any other
 *     {@code Gw376Event.Other} with its content (and {@code time()} when it starts with an A.15);
 *     {@code frame.ec()} the event counters of a frame with ACD. A unit this codec has no layout for, or whose bytes do not
 *     fit its layout, is {@link org.headend.protocol.gw376.Gw376Data.Raw} with its bytes (and the
 *     problem): never an exception.</li>
 * </ol>
 *
 * <h2>For a terminal (the simulator's concentrators)</h2>
 * {@code Gw376Messages.login / heartbeat / logout(address, pseq)}; {@code reply(request, groups)}
 * echoes the request's Tp; {@code replies(request, groups, maxUserDataLength)} splits with FIR/FIN;
 * {@code Gw376Group.of(pn, fn, Gw376Data.Energy.current(readTime, values))} and
 * {@code Energy.dayFrozen(day, readTime, values)} build the content; {@code forwardReply},
 * {@code terminalConfirm}, {@code terminalDeny}; {@code withEventCounters(frame, ec)} sets ACD and EC
 * while events wait unread.
 *
 * <h2>Decoding rules</h2>
 * Checked in order: 68 at 0 and 5, both L copies equal, protocol identifier 1 or 2, user-data
 * length 8..limit (16383, or the extractor's cap, checked as soon as L is read), CS, 16. Units
 * follow their DA/DT point by point and Fn by Fn; since a unit carries no length, an unknown
 * layout keeps the rest of the data area raw. AUX: PW (16 bytes; 2 when a vendor's frame is too
 * short for 16) on downlink AFN 01/04/05/06/0F/10, EC on uplink frames with ACD, Tp when TpV.
 * Layouts marked ⚠ in protocols.md (0D F161/F177, 0E request, ERC 12/14 layouts, 10 F1 reply and port setting) follow
 * the standard as commonly implemented.
 */
package org.headend.protocol.gw376;
