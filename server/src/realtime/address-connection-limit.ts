import type { IncomingMessage } from 'node:http';

/**
 * Open engine connections per client address (every namespace, and those
 * that joined none yet), so one address cannot take the file descriptors
 * from the others (issue #8). Per server instance: with several instances
 * behind a balancer each counts its own.
 */
export class AddressConnectionLimit {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Whether a new connection from this address would be within the limit (checked before the handshake). */
  allows(address: string): boolean {
    return this.count(address) < this.max;
  }

  /**
   * Counts an accepted connection; false when it is one too many (several
   * handshakes may pass `allows` together), and the caller closes it.
   * Every `add` is paired with one `remove`, whatever it returned.
   */
  add(address: string): boolean {
    const count = this.count(address) + 1;
    this.open.set(address, count);
    return count <= this.max;
  }

  remove(address: string): void {
    const count = this.count(address) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }

  /** Addresses with at least one connection (for tests and metrics). */
  get addresses(): number {
    return this.open.size;
  }
}

/**
 * The client's address: the TCP peer, or, when the server sits behind a
 * trusted reverse proxy, the header that proxy sets (`x-real-ip`, or
 * `x-forwarded-for`, whose last entry is the one the proxy appended).
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 address.
 */
export function clientAddress(request: IncomingMessage, trustedHeader?: string): string {
  const fromProxy = trustedHeader ? request.headers[trustedHeader.toLowerCase()] : undefined;
  const header = Array.isArray(fromProxy) ? fromProxy.at(-1) : fromProxy;
  const proxied = header?.split(',').at(-1)?.trim();
  const address = proxied || request.socket.remoteAddress || 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
