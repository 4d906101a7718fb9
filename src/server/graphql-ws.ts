/**
 * GraphQL over WebSocket (the graphql-ws protocol, as Apollo Client, urql and Relay speak it) on
 * the HTTP server's port and the same path, `/graphql`, next to yoga's SSE. Every operation runs
 * through the yoga app's envelop (its plugins: limits, rate limit, masked errors) with a context
 * built like an HTTP request's: the token comes from the connection's `connectionParams`
 * (`Authorization` or `x-juno-jwt`, plus `x-juno-org-id`), since browsers cannot set headers on a
 * WebSocket. Keep-alive pings every `keepAliveMs`.
 */
import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { App } from './app.js';

const AUTH_PARAMS = ['authorization', 'x-juno-jwt', 'x-juno-org-id'] as const;

/** The auth headers a client put in `connectionParams` (names in any case; strings only). */
export function headersOf(params: Readonly<Record<string, unknown>> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(params ?? {})) {
    const lower = name.toLowerCase();
    if (typeof value === 'string' && (AUTH_PARAMS as readonly string[]).includes(lower) && value.length <= 16_384) headers.set(lower, value);
  }
  return headers;
}

export interface GraphqlWs {
  /** Open WebSocket connections. */
  clients(): number;
  close(): Promise<void>;
}

export function attachGraphqlWs(server: Server, app: App, opts: { keepAliveMs?: number; maxPayloadBytes?: number } = {}): GraphqlWs {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: opts.maxPayloadBytes ?? 256 * 1024 });
  const running = new Map<string, AbortController>();
  const keyOf = (socket: object, id: string) => `${socketIds.get(socket) ?? 0}:${id}`;
  const socketIds = new WeakMap<object, number>();
  let nextSocket = 1;
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, id, params) => {
        if (!socketIds.has(ctx.extra.socket)) socketIds.set(ctx.extra.socket, nextSocket++);
        const abort = new AbortController();
        running.set(keyOf(ctx.extra.socket, id), abort);
        ctx.extra.socket.once('close', () => {
          abort.abort();
          running.delete(keyOf(ctx.extra.socket, id));
        });
        const request = { headers: headersOf(ctx.connectionParams), signal: abort.signal };
        const remoteAddress = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        const { schema, execute, subscribe, contextFactory, parse, validate } = app.getEnveloped({ request, remoteAddress, params } as never);
        let document;
        try {
          document = parse(params.query);
        } catch (err) {
          return [err as never];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: params.operationName ?? null,
          variableValues: params.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
      onComplete: (ctx, id) => {
        const key = keyOf(ctx.extra.socket, id);
        running.get(key)?.abort();
        running.delete(key);
      },
    },
    wss,
    opts.keepAliveMs,
  );
  return {
    clients: () => wss.clients.size,
    async close() {
      for (const c of wss.clients) c.terminate();
      await disposable.dispose();
    },
  };
}
