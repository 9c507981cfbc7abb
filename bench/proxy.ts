// A TCP proxy in front of Postgres that adds a fixed delay each way: the
// database as a managed service in another zone (the seed's production), where
// every round trip pays the distance. It also counts round trips: a burst of
// client→server bytes after the server last spoke is one request.
import net from 'node:net';

export interface DelayProxy {
  host: string;
  port: number;
  /** Client→server request bursts since start. */
  readonly roundTrips: number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  let roundTrips = 0;
  const sockets = new Set<net.Socket>();
  // Timers of one duration fire in the order they were set, so chunks keep their order.
  const later = (fn: () => void) => (delayMs > 0 ? setTimeout(fn, delayMs) : setImmediate(fn));

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let serverSpokeLast = true;
    client.on('data', (chunk) => {
      if (serverSpokeLast) roundTrips++;
      serverSpokeLast = false;
      later(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk) => {
      serverSpokeLast = true;
      later(() => client.write(chunk));
    });
    const end = () =>
      later(() => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      });
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    get roundTrips() {
      return roundTrips;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The same database URL, through the proxy. */
export function viaProxy(databaseUrl: string, proxy: DelayProxy): string {
  const u = new URL(databaseUrl);
  u.hostname = proxy.host;
  u.port = String(proxy.port);
  return u.toString();
}
