// A Web Push endpoint is a URL the patient's browser hands us, and the server
// then POSTs to it: whoever holds a ticket link could point it at the
// server's own ports, the database, a cloud metadata service or the clinic's
// LAN (defect 14 of issue 14). Push services are public hosts, so an endpoint
// is accepted, and later connected to, only when every address its host
// resolves to is a public unicast address. The check runs when the patient
// subscribes (a clear 422) and again at every send through the connection's
// own lookup, so the socket goes to the address that was checked: a name that
// resolved to a public address yesterday and to 127.0.0.1 now is refused.
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared' // 100.64/10, carrier-grade NAT
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

function v4Bytes(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** 16 bytes of an IPv6 literal (zone id dropped), or null. */
function v6Bytes(input: string): number[] | null {
  let s = input.replace(/%.*$/, '');
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = v4Bytes(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = Number.parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function classifyV4([a, b, c, d]: number[]): AddressClass {
  if (a === 0) return b === 0 && c === 0 && d === 0 ? 'unspecified' : 'reserved'; // 0.0.0.0/8: "this network"
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b! >= 64 && b! <= 127) return 'shared';
  if (a === 169 && b === 254) return 'link_local';
  if (a! >= 224 && a! <= 239) return 'multicast';
  if (a! >= 240) return 'reserved'; // 240/4 and the broadcast address
  // IETF protocol assignments, documentation, 6to4 relays, benchmarking.
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 192 && b === 88 && c === 99)) return 'reserved';
  if ((a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113))
    return 'reserved';
  return 'public';
}

/**
 * What kind of address an IP literal is. Pure: no lookup. IPv4-mapped IPv6
 * (::ffff:127.0.0.1) is classified as the IPv4 address it carries, because
 * that is where a dual-stack socket connects.
 */
export function classifyAddress(ip: string): AddressClass {
  const literal = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!literal.includes(':')) {
    const v4 = v4Bytes(literal);
    return v4 ? classifyV4(v4) : 'invalid';
  }
  const b = v6Bytes(literal);
  if (!b) return 'invalid';
  const zeroUpTo = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(10) && b[10] === 0xff && b[11] === 0xff) return classifyV4(b.slice(12));
  if (zeroUpTo(15)) return b[15] === 0 ? 'unspecified' : b[15] === 1 ? 'loopback' : 'reserved';
  if (b[0] === 0xff) return 'multicast';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'link_local';
  if ((b[0]! & 0xfe) === 0xfc) return 'unique_local';
  // Only global unicast (2000::/3) is public; inside it, documentation
  // (2001:db8::/32), IETF protocol assignments incl. Teredo (2001::/23) and
  // 6to4 (2002::/16, which can wrap any IPv4 address) are refused.
  if ((b[0]! & 0xe0) !== 0x20) return 'reserved';
  if (b[0] === 0x20 && b[1] === 0x01 && ((b[2] === 0x0d && b[3] === 0xb8) || b[2]! < 0x02)) return 'reserved';
  if (b[0] === 0x20 && b[1] === 0x02) return 'reserved';
  return 'public';
}

/** Why an endpoint is refused, for the 422 and the logs (never the URL: it identifies the patient's browser). */
export class EndpointRefused extends Error {
  constructor(readonly reason: AddressClass | 'unresolvable') {
    super(reason === 'unresolvable' ? 'push endpoint host does not resolve' : `push endpoint resolves to a ${reason} address`);
    this.name = 'EndpointRefused';
  }
}

export interface EndpointPolicy {
  /** Test push services on loopback only: never in production. */
  allowPrivate: boolean;
}

const hostOf = (url: URL) => (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname);

/**
 * A `lookup` for http(s).request that resolves the host, refuses unless every
 * address is public, and hands the socket only checked addresses: there is
 * no second resolution between the check and the connection.
 */
export function guardedLookup(policy: EndpointPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as { address: string; family: number }[];
      const bad = policy.allowPrivate ? undefined : list.map((a) => classifyAddress(a.address)).find((c) => c !== 'public');
      if (list.length === 0) return callback(new EndpointRefused('unresolvable'), '', 0);
      if (bad) return callback(new EndpointRefused(bad), '', 0);
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** The subscribe-time check: resolves the endpoint's host now. Throws EndpointRefused. */
export async function checkEndpoint(endpoint: string, policy: EndpointPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  const host = hostOf(new URL(endpoint));
  if (isIP(host)) {
    const c = classifyAddress(host);
    if (c !== 'public') throw new EndpointRefused(c);
    return;
  }
  const lookup = guardedLookup(policy);
  await new Promise<void>((resolve, reject) => {
    lookup(host, { all: true }, (err) => {
      if (!err) return resolve();
      reject(err instanceof EndpointRefused ? err : new EndpointRefused('unresolvable'));
    });
  });
}

/** The send-time check of an IP literal, which no lookup sees (a socket connects to it directly). */
export function refuseLiteral(endpoint: URL, policy: EndpointPolicy): void {
  if (policy.allowPrivate) return;
  const host = hostOf(endpoint);
  if (isIP(host)) {
    const c = classifyAddress(host);
    if (c !== 'public') throw new EndpointRefused(c);
  }
}
