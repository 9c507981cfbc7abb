// The client's address as Express computes req.ip (the same proxy-addr and
// the same TRUST_PROXY rule), for the routes served before Express.
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

type ProxyAddr = (req: IncomingMessage, trust: (address: string, hop: number) => boolean) => string;
const proxyaddr = createRequire(import.meta.url)('proxy-addr') as ProxyAddr;

export function clientAddress(req: IncomingMessage, trusted: (address: string, hop: number) => boolean): string {
  return proxyaddr(req, trusted);
}
