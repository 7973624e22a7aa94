import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request instead of forwarding it. */
export type Fault =
  /** Answers with an S3-style XML error. */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** Drops the connection before any response. */
  | { kind: 'reset' };

/** Decides per request: a fault, or undefined to forward it to the real server. */
export type FaultRule = (request: { method: string; url: string; headers: IncomingMessage['headers'] }) => Fault | undefined;

export interface FaultProxy {
  endpoint: string;
  /** Requests seen, faulted or not. */
  readonly requests: { method: string; url: string; fault?: Fault['kind'] }[];
  /** Replaces the rule (tests change faults between runs). */
  setRule(rule: FaultRule): void;
  stop(): Promise<void>;
}

/**
 * A plain HTTP proxy in front of a real S3-compatible server, on a free loopback port: every
 * request is forwarded unchanged (the Host header too, so signatures still match) unless the rule
 * answers it with a fault. Only what the rule names is fake; everything else is the real server.
 */
export async function startFaultProxy(target: string, rule: FaultRule = () => undefined): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: FaultProxy['requests'] = [];
  let current = rule;
  const server: Server = createServer((req, res) => {
    const info = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const fault = current(info);
    requests.push({ method: info.method, url: info.url, ...(fault ? { fault: fault.kind } : {}) });
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'error') {
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message ?? fault.code}</Message><RequestId>fault-proxy</RequestId></Error>`;
      res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), date: new Date().toUTCString() });
      res.end(body);
      return;
    }
    const forward = request(
      { hostname: upstream.hostname, port: upstream.port, method: info.method, path: info.url, headers: req.headers },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setRule(rule) {
      current = rule;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A rule that faults the first `times` requests matching `match`, then forwards everything. */
export function faultTimes(match: (r: { method: string; url: string }) => boolean, fault: Fault, times: number): FaultRule {
  let left = times;
  return (r) => {
    if (left > 0 && match(r)) {
      left--;
      return fault;
    }
    return undefined;
  };
}

/** GET ?versioning on a bucket. */
export const isGetBucketVersioning = (r: { method: string; url: string }) => r.method === 'GET' && /[?&]versioning(=|&|$)/.test(r.url);
