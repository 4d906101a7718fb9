/**
 * `sessionEvents` against the real ElizaOS server (`@elizaos/server` 1.7.2 from test/eliza-real,
 * canned model): the user's message published by the facade and the agent's reply from the
 * server's Socket.IO broadcast arrive on another client's subscription, over SSE and graphql-ws,
 * and the reply is the stored one. One server per file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { serveLive, until, type LiveServer, type Payload, type Transport } from '../support/live-clients.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

const SESSION_EVENTS = `subscription($id: ID!) { sessionEvents(sessionId: $id) { __typename
  ... on MessageAdded { message { id role text } } } }`;

describe('sessionEvents: real ElizaOS server', () => {
  let real: RealEliza | undefined;
  let stack: Stack | undefined;
  let live: LiveServer | undefined;

  beforeAll(async () => {
    real = await startRealEliza();
    stack = await startStack({ elizaUrl: real.url });
    live = await serveLive(stack);
  }, 90_000);

  afterAll(async () => {
    await live?.close();
    await stack?.close();
    await real?.stop();
  });

  for (const transport of ['sse', 'ws'] as Transport[]) {
    it(`${transport}: a message sent through another connection and the agent's stored reply arrive`, async () => {
      const s = stack!;
      const created = dataOf(
        await s.gql<{ createAgentSession: { session: { id: string } } }>('mutation($a: String!) { createAgentSession(input: { agentId: $a }) { session { id } } }', { a: real!.agentId }),
      ).createAgentSession.session;
      const sub = live!.subscribe(transport, SESSION_EVENTS, { id: created.id }, await s.token('alice'));
      await until(() => s.live.stats().watchedChannels === 1 && s.live.stats().joinedChannels >= 1, 'the channel joined');
      const sent = dataOf(
        await s.gql<{ sendAgentMessage: { userMessage: { id: string }; reply: { id: string; text: string } } }>(
          'mutation($id: ID!) { sendAgentMessage(input: { sessionId: $id, text: "hello real" }) { userMessage { id } reply { id text } } }',
          { id: created.id },
        ),
      ).sendAgentMessage;
      const messages: Array<{ id: string; role: string; text: string }> = [];
      while (messages.length < 2) {
        // generous: the real server shares a busy machine with the rest of the suite
        const p: Payload = await sub.next(20_000);
        expect(p.errors).toBeUndefined();
        const e = p.data!.sessionEvents;
        if (e.__typename === 'MessageAdded') messages.push(e.message);
      }
      messages.sort((a, b) => (a.role < b.role ? 1 : -1));
      expect(messages).toEqual([
        { id: sent.userMessage.id, role: 'USER', text: 'hello real' },
        { id: sent.reply.id, role: 'ASSISTANT', text: 'canned reply' },
      ]);
      // the reply is the stored one
      const history = dataOf(
        await s.gql<{ node: { messages: { edges: Array<{ node: { id: string } }> } } }>(
          'query($id: ID!) { node(id: $id) { ... on AgentSession { messages(last: 2) { edges { node { id } } } } } }',
          { id: created.id },
        ),
      ).node.messages.edges.map((e) => e.node.id);
      expect(history).toEqual([sent.userMessage.id, sent.reply.id]);
      sub.close();
    }, 60_000);
  }
});
