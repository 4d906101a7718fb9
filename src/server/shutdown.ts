import type { Server, ServerResponse } from 'node:http';
import type { Readiness } from './readiness.js';

export interface ShutdownOptions {
  server: Server;
  readiness: Readiness;
  /** Time in-flight operations get to finish. */
  timeoutMs: number;
  /** Aborted at the deadline: open streams send their final event and end. */
  streams: AbortController;
  /** After the streams were told, how long they get to send it before connections are cut. */
  flushMs?: number;
}

/**
 * Drains the server: readiness fails at once, the listener closes (new connections are refused),
 * every answer from now on carries `connection: close`, and in-flight requests get `timeoutMs` to
 * finish. At the deadline open streams get their final event; connections still open after that
 * are closed. Resolves when the server has closed.
 */
export function createDrain(opts: ShutdownOptions): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  opts.server.on('request', (_req, res: ServerResponse) => {
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  let done: Promise<void> | null = null;
  return () => {
    done ??= new Promise<void>((resolve) => {
      draining = true;
      opts.readiness.drain();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      let finished = false;
      const timers: NodeJS.Timeout[] = [];
      opts.server.close(() => {
        finished = true;
        for (const t of timers) clearTimeout(t);
        resolve();
      });
      opts.server.closeIdleConnections();
      timers.push(
        setTimeout(() => {
          if (finished) return;
          opts.streams.abort();
          timers.push(setTimeout(() => opts.server.closeAllConnections(), opts.flushMs ?? 1_000));
        }, opts.timeoutMs),
      );
    });
    return done;
  };
}
