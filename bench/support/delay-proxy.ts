/**
 * A TCP proxy on loopback that delays every chunk by `delayMs` in each direction, in order: a
 * round trip of 2 x delayMs, as a distant region would (the latency case of bench/s3-compare.ts).
 */
import { createConnection, createServer, type Socket } from 'node:net';

function delayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delayMs + 1));
}

export async function startDelayProxy(targetPort: string | number, delayMs: number): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: Number(targetPort) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    delayed(client, upstream, delayMs);
    delayed(upstream, client, delayMs);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
