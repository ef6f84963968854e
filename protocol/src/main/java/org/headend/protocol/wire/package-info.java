/**
 * Pieces every wire format in this module shares: BCD numbers ({@link org.headend.protocol.wire.Bcd})
 * and immutable byte runs ({@link org.headend.protocol.wire.Octets}). Nothing protocol-specific
 * lives here; each protocol package reports bad bytes with its own exception.
 */
package org.headend.protocol.wire;
