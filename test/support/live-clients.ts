/**
 * Subscription clients over real connections: GraphQL over SSE (fetch, `Accept: text/event-stream`)
 * and graphql-ws over WebSocket, both giving the payloads as an async queue with bounded waits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createHttpServer } from '../../src/server/http-server.js';
import { attachGraphqlWs, type GraphqlWs } from '../../src/server/graphql-ws.js';
import type { Stack } from './stack.js';

export interface Payload {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface Subscription {
  /** The next payload, or an error after `ms`. */
  next(ms?: number): Promise<Payload>;
  /** Resolves when the stream has ended (by the server). */
  ended(ms?: number): Promise<void>;
  close(): void;
}

export type Transport = 'sse' | 'ws';

export interface LiveServer {
  url: string;
  wsUrl: string;
  ws: GraphqlWs;
  subscribe(transport: Transport, query: string, variables: Record<string, unknown>, token: string): Subscription;
  close(): Promise<void>;
}

class Queue {
  private items: Payload[] = [];
  private waiters: Array<(p: Payload | null) => void> = [];
  done = false;
  private doneWaiters: Array<() => void> = [];
  push(p: Payload) {
    const w = this.waiters.shift();
    if (w) w(p);
    else this.items.push(p);
  }
  end() {
    this.done = true;
    for (const w of this.waiters.splice(0)) w(null);
    for (const w of this.doneWaiters.splice(0)) w();
  }
  next(ms: number): Promise<Payload> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    if (this.done) return Promise.reject(new Error('stream ended'));
    return new Promise((resolve, reject) => {
      const waiter = (p: Payload | null) => {
        clearTimeout(t);
        if (p) resolve(p);
        else reject(new Error('stream ended'));
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no event within ${ms} ms`));
      }, ms);
      this.waiters.push(waiter);
    });
  }
  ended(ms: number): Promise<void> {
    if (this.done) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`stream did not end within ${ms} ms`)), ms);
      this.doneWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

function sse(url: string, query: string, variables: Record<string, unknown>, token: string): Subscription {
  const q = new Queue();
  const controller = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
      });
      if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        q.push((await res.json()) as Payload);
        return;
      }
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (event === 'complete') return;
          if (event === 'next' && data) q.push(JSON.parse(data) as Payload);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      q.end();
    }
  })();
  return { next: (ms = 5_000) => q.next(ms), ended: (ms = 5_000) => q.ended(ms), close: () => controller.abort() };
}

function ws(client: Client, query: string, variables: Record<string, unknown>): Subscription {
  const q = new Queue();
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (p) => q.push(p as Payload),
      error: (err) => {
        if (Array.isArray(err)) q.push({ errors: err as Payload['errors'] });
        q.end();
      },
      complete: () => q.end(),
    },
  );
  return { next: (ms = 5_000) => q.next(ms), ended: (ms = 5_000) => q.ended(ms), close: () => dispose() };
}

/** Subscriptions to the facade at `url` (http://…/graphql) over SSE or graphql-ws (one WebSocket per token). */
export function liveClient(url: string): { subscribe: LiveServer['subscribe']; close(): Promise<void> } {
  const wsUrl = url.replace(/^http/, 'ws');
  const clients = new Map<string, Client>();
  const wsClient = (token: string) => {
    let c = clients.get(token);
    if (!c) {
      c = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 0 });
      clients.set(token, c);
    }
    return c;
  };
  return {
    subscribe: (transport, query, variables, token) => (transport === 'sse' ? sse(url, query, variables, token) : ws(wsClient(token), query, variables)),
    async close() {
      for (const c of clients.values()) await c.dispose();
    },
  };
}

/** The stack's app behind a real HTTP server with graphql-ws on the same port and path. */
export async function serveLive(stack: Stack, opts: { keepAliveMs?: number } = {}): Promise<LiveServer> {
  const server: Server = createHttpServer(stack.app);
  const gws = attachGraphqlWs(server, stack.app, opts);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  const client = liveClient(url);
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    ws: gws,
    subscribe: client.subscribe,
    async close() {
      await client.close();
      await gws.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Waits (bounded by the test's timeout) until `cond` holds. */
export async function until(cond: () => boolean | Promise<boolean>, what = 'condition', ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
