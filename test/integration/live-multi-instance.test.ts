/**
 * Live events across two facade processes sharing one redis-server and one pair of emulators: the
 * subscriber is on instance B, the writes go through instance A, over SSE and graphql-ws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { serveJwks, startFacadeProcess, type FacadeProcess } from '../support/facade-process.js';
import { liveClient, type Payload, type Transport } from '../support/live-clients.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';
const SESSION_EVENTS = `subscription($id: ID!) { sessionEvents(sessionId: $id) { __typename
  ... on MessageAdded { message { messageId role text } }
  ... on SessionUpdated { session { id title } } } }`;

let redis: RedisServer;
let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let jwks: { url: string; close(): Promise<void> };
let a: FacadeProcess;
let b: FacadeProcess;
let onB: ReturnType<typeof liveClient>;
let token: string;

beforeAll(async () => {
  redis = await startRedis();
  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0 });
  jwks = await serveJwks(idp.jwks);
  const env = {
    SUMVIN_API_URL: sumvin.url,
    ELIZA_API_URL: eliza.url,
    AUTH_JWKS_URL: jwks.url,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix('live'),
    SUMVIN_POLL_MIN_MS: '50',
    SUMVIN_POLL_MAX_MS: '200',
  };
  [a, b] = await Promise.all([startFacadeProcess(env), startFacadeProcess(env)]);
  onB = liveClient(b.url);
  token = await idp.issue('alice');
}, 90_000);

afterAll(async () => {
  await onB?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await jwks?.close();
  await sumvin?.close();
  await eliza?.close();
  await redis?.close();
});

const event = (p: Payload) => {
  expect(p.errors, JSON.stringify(p.errors)).toBeUndefined();
  return p.data!.sessionEvents;
};

describe('live events across instances (Redis pub/sub)', () => {
  for (const transport of ['sse', 'ws'] as Transport[]) {
    it(`${transport}: a subscriber on B hears an agent message and a chat rename sent through A`, async () => {
      const created = await a.gql<{ createAgentSession: { session: { id: string } } }>(
        'mutation($a: String!) { createAgentSession(input: { agentId: $a }) { session { id } } }',
        { a: AGENT },
        token,
      );
      const id = created.body.data!.createAgentSession.session.id;
      const sub = onB.subscribe(transport, SESSION_EVENTS, { id }, token);
      // the subscription is live once B answers an event; a first renew through A may come before it, so repeat
      let first: Record<string, any> | undefined;
      for (let i = 0; i < 50 && !first; i++) {
        await a.gql('mutation($id: ID!) { heartbeatAgentSession(input: { sessionId: $id }) { session { id } } }', { id }, token);
        first = await sub.next(100).then(event, () => undefined);
      }
      expect(first).toMatchObject({ __typename: 'SessionUpdated', session: { id } });
      const sent = await a.gql<{ sendAgentMessage: { userMessage: { messageId: string } } }>(
        'mutation($id: ID!) { sendAgentMessage(input: { sessionId: $id, text: "from A", waitForReply: false }) { userMessage { messageId } } }',
        { id },
        token,
      );
      const userId = sent.body.data!.sendAgentMessage.userMessage.messageId;
      const seen: Array<Record<string, any>> = [];
      while (!seen.some((e) => e.__typename === 'MessageAdded' && e.message.messageId === userId)) seen.push(event(await sub.next()));
      expect(seen.find((e) => e.message?.messageId === userId)).toMatchObject({ message: { role: 'USER', text: 'from A' } });
      sub.close();

      const chatId = `multi-${transport}`;
      await a.gql('mutation($id: String!) { createChatSession(input: { upstreamId: $id, title: "one", messages: [{ role: USER, parts: [{ text: { text: "hi" } }] }] }) { session { id } } }', { id: chatId }, token);
      const gid = encodeGlobalId('ChatSession', chatId);
      const chat = onB.subscribe(transport, SESSION_EVENTS, { id: gid }, token);
      let renamed: Record<string, any> | undefined;
      for (let i = 0; i < 50 && !renamed; i++) {
        await a.gql('mutation($id: ID!, $t: String) { renameChatSession(input: { sessionId: $id, title: $t }) { session { id } } }', { id: gid, t: `title ${i}` }, token);
        renamed = await chat.next(100).then(event, () => undefined);
      }
      expect(renamed).toMatchObject({ __typename: 'SessionUpdated', session: { id: gid } });
      chat.close();
    }, 30_000);
  }
});

describe('agent replies across instances', () => {
  it('two sends racing in one session, one through A and one through B, each return the reply to their own message', async () => {
    // the replies come after both user messages are stored, so that each could be taken for the other's
    eliza.setReplyDelay(500);
    try {
      const created = await a.gql<{ createAgentSession: { session: { id: string } } }>(
        'mutation($a: String!) { createAgentSession(input: { agentId: $a }) { session { id } } }',
        { a: AGENT },
        token,
      );
      const id = created.body.data!.createAgentSession.session.id;
      const send = (via: FacadeProcess, text: string) =>
        via.gql<{ sendAgentMessage: { userMessage: { messageId: string }; reply: { messageId: string; text: string } } }>(
          'mutation($id: ID!, $t: String!) { sendAgentMessage(input: { sessionId: $id, text: $t }) { userMessage { messageId } reply { messageId text } } }',
          { id, t: text },
          token,
        );
      const [fromA, fromB] = await Promise.all([send(a, 'asked on A'), send(b, 'asked on B')]);
      expect(fromA.body.errors).toBeUndefined();
      expect(fromB.body.errors).toBeUndefined();
      expect(fromA.body.data!.sendAgentMessage.reply.text).toBe('TestAgent received: asked on A');
      expect(fromB.body.data!.sendAgentMessage.reply.text).toBe('TestAgent received: asked on B');
    } finally {
      eliza.setReplyDelay(0);
    }
  }, 30_000);
});
