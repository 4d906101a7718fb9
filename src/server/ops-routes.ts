import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Readiness } from './readiness.js';

/** Answers an operator endpoint and returns true, or returns false for any other path. */
export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface OpsDeps {
  readiness: Readiness;
  /** Prometheus exposition, when metrics are on. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * `/health` (the process is up), `/ready` (it can serve: every readiness check passes and it is
 * not shutting down) and `/metrics`. Unauthenticated, cheap, and without any user data.
 */
export function opsRoutes(deps: OpsDeps): OpsHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!PATHS.has(path) || (path === '/metrics' && !deps.metrics)) return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, JSON.stringify({ status: 'method not allowed' }));
      return true;
    }
    const fail = () => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ status: 'error' }));
    };
    if (path === '/health') send(res, 200, JSON.stringify({ status: 'ok' }));
    else if (path === '/ready') {
      deps.readiness.report().then((r) => {
        const status = r.draining ? 'draining' : r.ready ? 'ready' : 'not ready';
        send(res, r.ready ? 200 : 503, JSON.stringify({ status, checks: r.checks }));
      }, fail);
    } else {
      deps.metrics!().then((m) => send(res, 200, m.body, m.contentType), fail);
    }
    return true;
  };
}

/** A server for the operator endpoints alone (`METRICS_PORT`); anything else is 404. */
export function createOpsServer(ops: OpsHandler): Server {
  return createServer((req, res) => {
    if (!ops(req, res)) {
      req.resume();
      send(res, 404, JSON.stringify({ status: 'not found' }));
    }
  });
}
