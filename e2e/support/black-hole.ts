// A TCP proxy in front of the server that can turn into a black hole: every
// byte from then on is swallowed in both directions while the sockets stay
// open, as when a clinic's router loses its uplink without telling anyone.
// A closed socket would be noticed at once; this is the silent drop.
import net from 'node:net';

export interface BlackHoleProxy {
  /** http://127.0.0.1:<port>, the origin the browser uses. */
  url: string;
  /** From now on nothing passes, and new connections hang. */
  swallow(): void;
  /** Traffic passes again (a connection that lost bytes stays dead, as after a real outage). */
  restore(): void;
  close(): Promise<void>;
}

export async function startBlackHoleProxy(target: string): Promise<BlackHoleProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let swallowing = false;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    // A connection opened into the black hole is accepted and then hears nothing, ever.
    if (swallowing) return;
    const upstream = net.connect(Number(port), hostname);
    sockets.add(upstream);
    let dead = false;
    const forward = (to: net.Socket) => (chunk: Buffer) => {
      if (swallowing) dead = true;
      if (!dead) to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    // While swallowing, a close is not passed on either: the other side must not learn anything.
    const end = (other: net.Socket) => () => {
      if (!swallowing && !dead) other.destroy();
    };
    client.on('close', end(upstream));
    upstream.on('close', end(client)).on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    swallow: () => {
      swallowing = true;
    },
    restore: () => {
      swallowing = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
