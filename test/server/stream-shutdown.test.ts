/**
 * Open streams at a shutdown's deadline: the app ends each with one final retryable event
 * (`UPSTREAM_UNAVAILABLE`, reason `SHUTTING_DOWN`) and completes it, while the upstream still
 * holds the rest of the reply back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplyProxy, type ReplyProxy } from '../integration/agent-reply.proxy.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let proxy: ReplyProxy | undefined;
const streams = new AbortController();

beforeAll(async () => {
  stack = await startStack({
    app: { streamsEnd: streams.signal },
    elizaVia: async (emulatorUrl) => {
      proxy = await startReplyProxy(emulatorUrl);
      return proxy.url;
    },
  });
});
afterAll(async () => {
  await proxy?.close();
  await stack.close();
});

interface Payload {
  data?: { agentReply: { __typename: string } };
  errors?: unknown[];
}

describe('streams at shutdown', () => {
  it('get a final event and end', async () => {
    const created = await stack.gql<{ createAgentSession: { session: { id: string } } }>(
      'mutation { createAgentSession(input: { agentId: "6a979d09-1ed2-0632-8092-624ba27761eb" }) { session { id } } }',
    );
    const sessionId = created.body.data!.createAgentSession.session.id;
    proxy!.mode = 'hold-after-first';
    const res = await stack.app.fetch('http://facade.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await stack.token('alice')}` },
      body: JSON.stringify({ query: 'subscription($s: ID!) { agentReply(input: { sessionId: $s, text: "Hello" }) { __typename } }', variables: { s: sessionId } }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let events = '';
    // the stored user message arrives; the reply is held back
    while (!events.includes('AgentMessageAccepted')) {
      const { value, done } = await reader.read();
      if (done) break;
      events += decoder.decode(value);
    }
    streams.abort();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      events += decoder.decode(value);
    }
    const payloads = events
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice('data: '.length)) as Payload);
    expect(payloads).toEqual([
      { data: { agentReply: { __typename: 'AgentMessageAccepted' } } },
      {
        errors: [
          { message: expect.stringMatching(/shutting down/) as unknown, extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true, reason: 'SHUTTING_DOWN' } },
        ],
      },
    ]);
    expect(events).toMatch(/event: complete/);
  });
});
