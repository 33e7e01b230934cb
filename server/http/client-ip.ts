/**
 * @module The client's address for rate limits and logs: the TCP peer from Node's connection info — or, when
 * that peer is a reverse proxy listed in TRUSTED_PROXIES, the nearest untrusted address of X-Forwarded-For
 * (read from the right: entries left of it were written by whoever the proxy talked to, so they can be forged).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { BlockList, isIP } from 'node:net';

/** IPv4-mapped IPv6 (`::ffff:127.0.0.2`) as plain IPv4, so one client has one key. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address = '', prefix] = cidr.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
    this.empty = cidrs.length === 0;
  }

  has(address: string): boolean {
    const version = isIP(address);
    return version !== 0 && this.list.check(address, version === 6 ? 'ipv6' : 'ipv4');
  }
}

/** The TCP peer, or `unknown` where there is no socket (requests made in-process with `app.request`). */
export function peerAddress(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plain(address) : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function clientAddress(c: Context, trusted: TrustedProxies): string {
  const peer = peerAddress(c);
  if (trusted.empty || !trusted.has(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => plain(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.has(hop)) return isIP(hop) ? hop : peer;
  }
  return hops[0] ?? peer;
}
