// A loopback TCP proxy in front of a registry, to drop connections at an exact point of a
// transfer (counted bytes, not time), to make them go silent there (as when a network drops
// without either end seeing a close), or to "stop" the registry as clients see it.
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes forwarded from clients to the registry so far. */
  upstreamBytes(): number;
  /** Drops every open connection once, after `bytes` more client bytes went through. */
  dropAfter(bytes: number): void;
  /**
   * After `bytes` more client bytes, the open connections go silent both ways but stay open
   * (no FIN, no RST), as when the network between client and registry drops. New ones work.
   */
  freezeAfter(bytes: number): void;
  /** Closes the listener and every connection (the registry looks stopped). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  drops: number;
  freezes: number;
}

/** Starts a proxy on a free loopback port forwarding to 127.0.0.1:targetPort. */
export async function startTcpProxy(
  t: { after: (fn: () => Promise<void>) => void },
  targetPort: number,
): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let total = 0;
  let dropAt = Infinity;
  let freezeAt = Infinity;
  const freezers = new Set<() => void>();
  const proxy: TcpProxy = {
    port: 0,
    drops: 0,
    freezes: 0,
    upstreamBytes: () => total,
    dropAfter(bytes) {
      dropAt = total + bytes;
    },
    freezeAfter(bytes) {
      freezeAt = total + bytes;
    },
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    start: () => new Promise((resolve) => server.listen(proxy.port, '127.0.0.1', () => resolve())),
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    let frozen = false;
    const freeze = () => {
      frozen = true;
      upstream.unpipe(client);
      upstream.pause();
      client.pause();
    };
    freezers.add(freeze);
    client.on('data', (d: Buffer) => {
      if (frozen) return;
      total += d.length;
      if (total >= dropAt) {
        dropAt = Infinity;
        proxy.drops++;
        for (const s of sockets) s.destroy();
        return;
      }
      if (total >= freezeAt) {
        freezeAt = Infinity;
        proxy.freezes++;
        for (const f of freezers) f();
        return;
      }
      if (!upstream.write(d)) client.pause();
    });
    upstream.on('drain', () => frozen || client.resume());
    upstream.pipe(client);
    client.on('close', () => freezers.delete(freeze));
    client.on('error', drop).on('close', () => (sockets.delete(client), upstream.destroy()));
    upstream.on('error', drop).on('close', () => (sockets.delete(upstream), client.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.port = (server.address() as { port: number }).port;
  t.after(() => proxy.stop());
  return proxy;
}
