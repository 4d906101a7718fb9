/**
 * `Subscription.agentReply` against our Eliza emulator over real HTTP (the shared cases are in
 * agent-reply.cases.ts; agent-reply.real.test.ts runs them against the real server). The facade
 * reaches the emulator through a proxy that can hold a stream open or end it with an `error` event.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';
import { ROUTES } from './agent-mutations.cases.js';
import { nextPayloads, replyCases, subscribe, SUBSCRIBE, type ReplyTarget } from './agent-reply.cases.js';
import { startReplyProxy, type ReplyProxy } from './agent-reply.proxy.js';

const TEST_AGENT = DEFAULT_AGENTS[0]!;

describe('Subscription.agentReply: emulator', () => {
  let stack: Stack;
  let proxy: ReplyProxy | undefined;
  let server: Server | undefined;
  let target: ReplyTarget;

  beforeAll(async () => {
    stack = await startStack({
      live: { replyDeadlineMs: 1_500 },
      elizaVia: async (emulatorUrl) => {
        proxy = await startReplyProxy(emulatorUrl);
        return proxy.url;
      },
    });
    server = createHttpServer(stack.app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const eliza = stack.eliza!;
    target = {
      name: 'emulator',
      stack,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      agentId: TEST_AGENT.id,
      elizaCalls: () => stack.calls().eliza,
      resetElizaCalls: () => stack.resetCalls(),
      failRoute: (route, status) => eliza.controls.setFailure({ status, rate: 1, routes: [route] }),
      clearFaults: () => eliza.controls.setFailure(null),
      expectedReply: (text) => `${TEST_AGENT.name} received: ${text}`,
    };
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stack?.close();
    await proxy?.close();
  });

  for (const c of replyCases) {
    it(c.name, async () => {
      await c.run(target);
    });
  }

  const createSession = async () =>
    dataOf(
      await stack.gql<{ createAgentSession: { session: { id: string } } }>(
        'mutation($a: String!) { createAgentSession(input: { agentId: $a }) { session { id } } }',
        { a: TEST_AGENT.id },
      ),
    ).createAgentSession.session.id;

  it('a model that fails sends nothing: the stream ends with UPSTREAM_TIMEOUT after the accepted message, at the reply deadline', async () => {
    const id = await createSession();
    stack.eliza!.setModel({ fails: true });
    try {
      const r = await subscribe(target, { sessionId: id, text: 'fail please' });
      expect(r.completed).toBe(true);
      expect(r.payloads).toHaveLength(2);
      expect(r.payloads[0]!.data!.agentReply).toMatchObject({ __typename: 'AgentMessageAccepted', userMessage: { text: 'fail please' } });
      expect(r.payloads[1]!.data).toEqual({ agentReply: null });
      expect(r.payloads[1]!.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'ELIZA', retryable: false, details: { mayHaveApplied: true } });
    } finally {
      stack.eliza!.setModel({ fails: false });
    }
  });

  it('a client that goes away mid-stream stops following: the channel is no longer watched', async () => {
    const id = await createSession();
    stack.eliza!.setModel({ fails: true });
    try {
      const controller = new AbortController();
      const json = JSON.stringify({ query: SUBSCRIBE, variables: { input: { sessionId: id, text: 'hold on' } } });
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await stack.token()}` },
        body: json,
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('AgentMessageAccepted')) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended early: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
      expect(stack.live.stats().watchedChannels).toBe(1);
      controller.abort();
      await until(() => stack.live.stats().watchedChannels === 0);
    } finally {
      stack.eliza!.setModel({ fails: false });
    }
  });
});

/** Waits (bounded by the test's timeout) until `cond` holds, checking on every timer turn. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}
