/**
 * Pieces every wire format in this module shares: BCD numbers ({@link org.headend.protocol.wire.Bcd}),
 * immutable byte runs ({@link org.headend.protocol.wire.Octets}), the base of each protocol's own
 * exception ({@link org.headend.protocol.wire.WireException}) and the {@code decode} entries of a
 * captured stream ({@link org.headend.protocol.wire.StreamEntries}). Nothing protocol-specific
 * lives here; each protocol package reports bad bytes with its own exception.
 */
package org.headend.protocol.wire;
