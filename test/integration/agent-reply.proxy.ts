/**
 * A loopback proxy in front of an Eliza server for the streaming tests. Every request is forwarded;
 * on the streamed send (`transport: "sse"`) it can pass only the first event (the stored user
 * message) and then hold the stream open, or follow it with an `error` event as the real server
 * sends when the agent fails. It reports when the facade's side of a held stream closes.
 */
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `slow-after-first`: the first event at once, the rest of the stream `SLOW_MS` later. */
export type StreamMode = 'pass' | 'hold-after-first' | 'error-after-first' | 'slow-after-first';

export const SLOW_MS = 600;

export interface ReplyProxy {
  url: string;
  mode: StreamMode;
  /** Resolves when the facade closes its connection of the latest streamed send. */
  streamClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplyProxy(upstreamUrl: string): Promise<ReplyProxy> {
  const target = new URL(upstreamUrl);
  let closed: Promise<void> = Promise.resolve();
  const state = { mode: 'pass' as StreamMode };

  const relayFirstEvent = (upstream: NodeJS.ReadableStream, res: ServerResponse, after: string | null) => {
    let text = '';
    let sent = false;
    upstream.setEncoding('utf8');
    upstream.on('data', (chunk: string) => {
      if (sent) return;
      text += chunk;
      const end = text.indexOf('\n\n');
      if (end === -1) return;
      sent = true;
      res.write(text.slice(0, end + 2));
      if (after !== null) res.end(after);
    });
  };

  const relaySlowly = (upstream: NodeJS.ReadableStream, res: ServerResponse) => {
    let text = '';
    let first = true;
    let ended = false;
    let released = false;
    upstream.setEncoding('utf8');
    const flush = () => {
      if (text) res.write(text);
      text = '';
      if (ended) res.end();
    };
    upstream.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n\n');
      if (first && end !== -1) {
        first = false;
        res.write(text.slice(0, end + 2));
        text = text.slice(end + 2);
        setTimeout(() => {
          released = true;
          flush();
        }, SLOW_MS);
      } else if (released) {
        flush();
      }
    });
    upstream.on('end', () => {
      ended = true;
      if (released) flush();
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const streamed = /"transport":"sse"/.test(body.toString('utf8'));
      if (streamed) closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          // one connection per request: a streamed answer must not leave a socket for reuse
          agent: false,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, connection: 'close' },
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          if (!streamed || state.mode === 'pass' || upstream.statusCode !== 200) {
            upstream.pipe(res);
            return;
          }
          res.flushHeaders();
          if (state.mode === 'slow-after-first') {
            relaySlowly(upstream, res);
            return;
          }
          relayFirstEvent(upstream, res, state.mode === 'error-after-first' ? 'event: error\ndata: {"error":"Agent failed"}\n\n' : null);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: StreamMode) {
      state.mode = m;
    },
    streamClosed: () => closed,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
