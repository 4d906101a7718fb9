import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { Pool } from 'undici';
import { createHttpServer } from '../../src/server/http-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createSumvinSession } from '../support/seed.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Nothing keeps an operation's context (its loaders and the upstream answers in them) alive once
 * the operation is answered: not its deadline timer, not the client's signal. With the deadline
 * as `AbortSignal.any` and the budget's release listener on it (the operation below reads an
 * expanded session), it lived on until the deadline passed.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Each operation's loaders (which hold the upstream answers it read), weakly. */
const contexts: Array<WeakRef<object>> = [];
const track: Plugin = {
  onExecute({ args }) {
    contexts.push(new WeakRef((args.contextValue as unknown as { loaders: object }).loaders));
  },
};

let stack: Stack;
let server: Server;
let pool: Pool;
beforeAll(async () => {
  stack = await startStack({ app: { plugins: [track], operationTimeoutMs: 60_000 } });
  await createSumvinSession(stack, 'erin', { id: 'cs-life-1', title: 'kept?', messages: 30 });
  // through the HTTP server on kept-alive connections, as clients reach it
  server = createHttpServer(stack.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 2 });
});
afterAll(async () => {
  await pool?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
});

async function post<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await pool.request({
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('erin')}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.body.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('an operation’s lifetime', () => {
  it('its context can be collected as soon as it is answered, long before its deadline', async () => {
    const id = encodeGlobalId('ChatSession', 'cs-life-1');
    for (let i = 0; i < 5; i++) {
      const data = await post<{ session: { title: string; messages: { edges: unknown[] } } }>(
        `query($id: ID!) { session(id: $id) { title messages(last: 20) { edges { node { id } } } } }`,
        { id },
      );
      expect(data.session.messages.edges).toHaveLength(20);
    }
    expect(contexts).toHaveLength(5);
    for (let i = 0; i < 3; i++) {
      await tick();
      gc();
    }
    expect(contexts.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });
});
