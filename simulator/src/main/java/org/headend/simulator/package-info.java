/**
 * Simulated DL/T 645-2007 meters behind RS-485-to-Ethernet gateways, speaking only through the
 * protocol module's frames, extractor and catalogue.
 *
 * <p>Entry: {@link org.headend.simulator.Simulator#start(SimulatorConfig, java.time.Clock)}.
 * Each gateway is one TCP server and one half-duplex bus: requests from all its connections are
 * answered one at a time in arrival order, after the meter's turnaround, optionally paced at the
 * line speed (11 bits per byte, protocols.md §5).
 *
 * <p>Answered (2007, C=11 unless noted): 00010000, 0001FF00 (total, T1..T4), 000101..0400,
 * 0201FF00 and 020101..0300 (V), 0202FF00 and 020201..0300 (I), 02030000 and 020301..0300 (P),
 * 02060000 (PF), 02800002 (Hz), 04000101 (date), 04000102 (time), 04000401 (address), and C=13
 * read address. Anything else read gets D1 with ERR 02. Broadcast 99…99 and wildcards that match
 * several meters get no answer.
 *
 * <p>Modbus: with {@link org.headend.simulator.ModbusSettings} the last gateways are Modbus TCP
 * servers (or RTU-over-TCP gateways) serving the same meters' measurements through a register map
 * ({@link org.headend.simulator.Simulator#start(SimulatorConfig, ModbusSettings, java.time.Clock)}).
 *
 * <p>Archive ({@link org.headend.simulator.Simulator#writeArchive}): CSV, UTF-8, LF, header
 * {@code meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area}, e.g.
 * {@code 919855432857,dlt645-2007,gw-01,60,1,commercial,east}.
 *
 * <p>Concentrators ({@link org.headend.simulator.ConcentratorFleet}, issue 5): Q/GDW 1376.1 terminals
 * with meters of the same model behind them that dial in to a collector, log in, heartbeat, answer
 * 0C F2/F129, 0D F161 (daily frozen data, frozen at each local midnight, 62 days kept), 10 F1
 * (forwarded DL/T 645 reads) and 05 F31, reconnect with backoff, and take
 * {@link org.headend.simulator.ConcentratorFault}s on demand. Their archive adds the columns
 * {@code concentrator,point}.
 */
package org.headend.simulator;
