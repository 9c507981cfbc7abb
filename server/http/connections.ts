// Caps on the sockets one client can hold. The timeouts (main.ts) cut slow
// clients; these stop one address from opening thousands of idle sockets
// faster than the timeouts close them, which once exhausted the process's
// file descriptors and took /healthz down with it.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionCapOptions {
  /** Open sockets per remote address; 0 = no cap. */
  perAddress: number;
  /** Addresses exempt from the cap: trusted reverse proxies carry many clients on their connections (and must cap each). */
  exempt: (address: string) => boolean;
  onRefused?: (address: string) => void;
}

/** Closes, unanswered, every socket beyond the cap of its address. Returns the open-socket count by address (for tests and metrics). */
export function capConnectionsPerAddress(server: Server, o: ConnectionCapOptions): Map<string, number> {
  const open = new Map<string, number>();
  if (o.perAddress === 0) return open;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    // Gone already (reset before we saw it): nothing to count.
    if (!address) return;
    if (o.exempt(address)) return;
    const n = open.get(address) ?? 0;
    if (n >= o.perAddress) {
      o.onRefused?.(address);
      socket.destroy();
      return;
    }
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return open;
}
