/**
 * A tiny HTTP server that stands in front of an upstream (or instead of one) in tests: it records
 * every request's method, path and headers, and either forwards it to a target or misbehaves on
 * purpose (socket reset, redirect, any hand-written answer).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** `forward` proxies to the target; `reset` destroys the socket before answering. */
export type Behaviour = 'forward' | 'reset' | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  behave(b: Behaviour): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(target?: string): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  let behaviour: Behaviour = target ? 'forward' : 'reset';
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers } });
    if (behaviour === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof behaviour === 'function') {
      behaviour(req, res);
      return;
    }
    if (!target) throw new Error('no target to forward to');
    const to = new URL(req.url ?? '/', target);
    const { host: _host, ...headers } = req.headers;
    const out = httpRequest(to, { method: req.method, headers }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave(b) {
      behaviour = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
