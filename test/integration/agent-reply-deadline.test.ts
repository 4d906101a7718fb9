/**
 * A streamed reply has its own deadline (STREAM_DEADLINE_MS), longer than the operation deadline
 * that bounds ordinary queries and mutations.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createElizaSession } from '../support/seed.js';
import { startStack, type Stack, type StackOptions } from '../support/stack.js';
import { subscribe, type ReplyTarget } from './agent-reply.cases.js';
import { SLOW_MS, startReplyProxy, type ReplyProxy, type StreamMode } from './agent-reply.proxy.js';

const TEST_AGENT = DEFAULT_AGENTS[0]!;
let cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setUp(opts: StackOptions, mode: StreamMode): Promise<{ target: ReplyTarget; sessionId: string }> {
  let proxy: ReplyProxy | undefined;
  const stack: Stack = await startStack({
    ...opts,
    elizaVia: async (url) => {
      proxy = await startReplyProxy(url);
      return proxy.url;
    },
  });
  const server: Server = createHttpServer(stack.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await stack.close();
    await proxy?.close();
  });
  // made straight upstream: a 100 ms operation deadline is for the stream, not for this setup
  const sessionId = encodeGlobalId('AgentSession', await createElizaSession(stack, 'alice'));
  proxy!.mode = mode;
  const eliza = stack.eliza!;
  return {
    sessionId,
    target: {
      name: 'emulator',
      stack,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      agentId: TEST_AGENT.id,
      elizaCalls: () => stack.calls().eliza,
      resetElizaCalls: () => stack.resetCalls(),
      failRoute: (route, status) => eliza.controls.setFailure({ status, rate: 1, routes: [route] }),
      clearFaults: () => eliza.controls.setFailure(null),
      expectedReply: (text) => `${TEST_AGENT.name} received: ${text}`,
    },
  };
}

describe('stream deadline', () => {
  it('a reply slower than the operation deadline still streams to the end', async () => {
    // the reply comes SLOW_MS after the message is stored, well past the 100 ms operation deadline
    const { target, sessionId } = await setUp({ operationTimeoutMs: 100, eliza: { replyDelayMs: SLOW_MS } }, 'pass');
    expect(SLOW_MS).toBeGreaterThan(100);
    const r = await subscribe(target, { sessionId, text: 'take your time' });
    expect(r.completed).toBe(true);
    const kinds = r.payloads.map((p) => (p.data?.agentReply as { __typename?: string } | null)?.__typename);
    expect(kinds[0]).toBe('AgentMessageAccepted');
    expect(kinds[kinds.length - 1]).toBe('AgentReplyCompleted');
    expect(r.payloads.flatMap((p) => p.errors ?? [])).toEqual([]);
  });

  it('a stream past its own deadline ends with UPSTREAM_TIMEOUT, saying the message may have been sent', async () => {
    // the model fails: no reply ever comes, and the stream deadline (200 ms) is shorter than the reply deadline
    const { target, sessionId } = await setUp({ streamTimeoutMs: 200 }, 'pass');
    target.stack.eliza!.setModel({ fails: true });
    const r = await subscribe(target, { sessionId, text: 'hold on' });
    expect(r.completed).toBe(true);
    const last = r.payloads[r.payloads.length - 1]!;
    expect(last.errors?.map((e) => e.extensions)).toEqual([
      { code: 'UPSTREAM_TIMEOUT', provider: 'ELIZA', retryable: false, details: { mayHaveApplied: true } },
    ]);
  }, 10_000);
});
