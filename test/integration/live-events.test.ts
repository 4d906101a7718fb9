/**
 * `sessionEvents` and `inboxEvents` over real HTTP (SSE) and WebSocket (graphql-ws) against both
 * emulators: messages from another connection, the agent's replies from the ElizaOS socket, Sumvin
 * messages written straight upstream (shared poll), expiry on the emulator's clock, ownership, and
 * that nothing stays joined or polled once subscribers leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { serveLive, until, type LiveServer, type Payload, type Transport } from '../support/live-clients.js';
import { AGENT_ID, createSumvinSession } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

const SESSION_EVENTS = `subscription($id: ID!) { sessionEvents(sessionId: $id) {
  __typename
  ... on MessageAdded { sessionId message { id messageId role text } }
  ... on SessionUpdated { session { id title } }
  ... on AgentSessionExpiring { expiresAt session { id } }
  ... on SessionRemoved { sessionId provider reason }
} }`;
const INBOX_EVENTS = `subscription { inboxEvents { __typename
  ... on SessionCreated { session { id title provider } }
  ... on SessionUpdated { session { id title } }
  ... on SessionRemoved { sessionId reason } } }`;

const TRANSPORTS: Transport[] = ['sse', 'ws'];
const event = (p: Payload) => {
  expect(p.errors, JSON.stringify(p.errors)).toBeUndefined();
  return p.data!.sessionEvents ?? p.data!.inboxEvents;
};

describe('live events: emulators', () => {
  let stack: Stack;
  let live: LiveServer;

  beforeAll(async () => {
    stack = await startStack({ live: { sumvinPoll: { minMs: 20, maxMs: 100 }, expiryCheckMs: 20 }, watcher: { idleCloseMs: 0 } });
    live = await serveLive(stack);
  });
  afterAll(async () => {
    await live?.close();
    await stack?.close();
  });

  const createAgentSession = async (timeoutConfig?: Record<string, unknown>) =>
    dataOf(
      await stack.gql<{ createAgentSession: { session: { id: string; expiresAt: string } } }>(
        'mutation($a: String!, $t: AgentTimeoutConfigInput) { createAgentSession(input: { agentId: $a, timeoutConfig: $t }) { session { id expiresAt } } }',
        { a: AGENT_ID, t: timeoutConfig ?? null },
      ),
    ).createAgentSession.session;

  for (const transport of TRANSPORTS) {
    it(`${transport}: an agent message sent through another connection arrives, then the agent's stored reply`, async () => {
      const s = await createAgentSession();
      const sub = live.subscribe(transport, SESSION_EVENTS, { id: s.id }, await stack.token('alice'));
      await until(() => stack.live.stats().watchedChannels >= 1, 'the channel watched');
      const sent = dataOf(
        await stack.gql<{ sendAgentMessage: { reply: { id: string; text: string } } }>(
          'mutation($id: ID!) { sendAgentMessage(input: { sessionId: $id, text: "hi there" }) { reply { id text } } }',
          { id: s.id },
        ),
      ).sendAgentMessage;
      // the user's message and the renewed session (published by the facade) and the reply (ElizaOS's
      // broadcast) race: any may come first
      const all = [event(await sub.next()), event(await sub.next()), event(await sub.next())];
      expect(all.filter((e) => e.__typename === 'SessionUpdated')).toEqual([{ __typename: 'SessionUpdated', session: { id: s.id, title: null } }]);
      const got = all.filter((e) => e.__typename === 'MessageAdded').sort((a, b) => (a.message.role < b.message.role ? 1 : -1));
      expect(got[0]).toMatchObject({ __typename: 'MessageAdded', sessionId: s.id, message: { role: 'USER', text: 'hi there' } });
      expect(got[1]).toMatchObject({ __typename: 'MessageAdded', sessionId: s.id, message: { id: sent.reply.id, role: 'ASSISTANT', text: sent.reply.text } });
      sub.close();
      await until(() => stack.live.stats().watchedChannels === 0, 'the channel left');
    });

    it(`${transport}: Sumvin messages saved through the facade and straight upstream both arrive`, async () => {
      const id = `live-${transport}-${Date.now()}`;
      await createSumvinSession(stack, 'alice', { id, title: 'live', messages: 1 });
      const gid = encodeGlobalId('ChatSession', id);
      const sub = live.subscribe(transport, SESSION_EVENTS, { id: gid }, await stack.token('alice'));
      await until(() => stack.live.stats().activePolls >= 1, 'the poll running');
      dataOf(
        await stack.gql(
          'mutation($id: ID!) { saveChatMessages(input: { sessionId: $id, messages: [{ id: "via-facade", role: USER, parts: [{ text: { text: "through the facade" } }] }] }) { savedCount } }',
          { id: gid },
        ),
      );
      expect(event(await sub.next())).toMatchObject({ __typename: 'MessageAdded', message: { messageId: 'via-facade', text: 'through the facade' } });
      // another client writes straight to Sumvin: the shared poll finds it
      const res = await fetch(`${stack.sumvin.url}/v0/chat/sessions/${id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-juno-jwt': await stack.token('alice') },
        body: JSON.stringify({ messages: [{ id: 'direct-1', role: 'assistant', parts: [{ type: 'text', text: 'written upstream' }] }] }),
      });
      expect(res.status).toBeLessThan(300);
      expect(event(await sub.next())).toMatchObject({ __typename: 'MessageAdded', message: { messageId: 'direct-1', text: 'written upstream' } });
      // and deletes the session straight upstream: the poll notices, the stream ends
      const del = await fetch(`${stack.sumvin.url}/v0/chat/sessions/${id}`, { method: 'DELETE', headers: { 'x-juno-jwt': await stack.token('alice') } });
      expect(del.status).toBeLessThan(300);
      expect(event(await sub.next())).toEqual({ __typename: 'SessionRemoved', sessionId: gid, provider: 'SUMVIN', reason: 'DELETED' });
      await sub.ended();
      sub.close();
      await until(() => stack.live.stats().activePolls === 0, 'the poll stopped');
    });
  }

  it('expiry warning, then expiry, on the emulator clock', async () => {
    const s = await createAgentSession({ timeoutMinutes: 10, autoRenew: false, warningThresholdMinutes: 2 });
    const inbox = live.subscribe('sse', INBOX_EVENTS, {}, await stack.token('alice'));
    const sub = live.subscribe('ws', SESSION_EVENTS, { id: s.id }, await stack.token('alice'));
    await until(() => stack.live.stats().watchedChannels >= 1 && stack.live.openSubscriptions() === 2, 'the channel watched');
    stack.eliza!.controls.clock.advance(9 * 60_000);
    const warning = event(await sub.next());
    expect(warning).toMatchObject({ __typename: 'AgentSessionExpiring', session: { id: s.id }, expiresAt: s.expiresAt });
    stack.eliza!.controls.clock.advance(2 * 60_000);
    expect(event(await sub.next())).toEqual({ __typename: 'SessionRemoved', sessionId: s.id, provider: 'ELIZA', reason: 'EXPIRED' });
    await sub.ended();
    // the owner's inbox hears of it once
    expect(event(await inbox.next())).toEqual({ __typename: 'SessionRemoved', sessionId: s.id, reason: 'EXPIRED' });
    await expect(inbox.next(200)).rejects.toThrow(/no event/);
    inbox.close();
  });

  it('session updates and the end arrive; the inbox sees created, updated and removed', async () => {
    const inbox = live.subscribe('sse', INBOX_EVENTS, {}, await stack.token('alice'));
    const bobInbox = live.subscribe('ws', INBOX_EVENTS, {}, await stack.token('bob'));
    await until(() => stack.live.stats().topics >= 2, 'the inboxes subscribed');
    const s = await createAgentSession();
    expect(event(await inbox.next())).toMatchObject({ __typename: 'SessionCreated', session: { id: s.id, provider: 'ELIZA' } });
    const sub = live.subscribe('sse', SESSION_EVENTS, { id: s.id }, await stack.token('alice'));
    await until(() => stack.live.stats().watchedChannels >= 1, 'the channel watched');
    dataOf(await stack.gql('mutation($id: ID!) { renewAgentSession(input: { sessionId: $id }) { session { id } } }', { id: s.id }));
    expect(event(await sub.next())).toMatchObject({ __typename: 'SessionUpdated', session: { id: s.id } });
    expect(event(await inbox.next())).toMatchObject({ __typename: 'SessionUpdated', session: { id: s.id } });
    dataOf(await stack.gql('mutation($id: ID!) { endAgentSession(input: { sessionId: $id }) { endedId } }', { id: s.id }));
    expect(event(await sub.next())).toEqual({ __typename: 'SessionRemoved', sessionId: s.id, provider: 'ELIZA', reason: 'ENDED' });
    await sub.ended();
    expect(event(await inbox.next())).toMatchObject({ __typename: 'SessionRemoved', sessionId: s.id, reason: 'ENDED' });
    // bob's inbox heard nothing of alice's sessions
    await expect(bobInbox.next(200)).rejects.toThrow(/no event/);
    inbox.close();
    bobInbox.close();
  });

  for (const transport of TRANSPORTS) {
    it(`${transport}: another user subscribing gets NOT_FOUND, and nothing is joined or polled`, async () => {
      const s = await createAgentSession();
      const chatId = `alice-only-${transport}`;
      await createSumvinSession(stack, 'alice', { id: chatId });
      for (const id of [s.id, encodeGlobalId('ChatSession', chatId), encodeGlobalId('AgentSession', '00000000-0000-4000-8000-000000000000')]) {
        const sub = live.subscribe(transport, SESSION_EVENTS, { id }, await stack.token('bob'));
        const p = await sub.next();
        expect(p.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
        expect(stack.live.stats()).toMatchObject({ watchedChannels: 0, activePolls: 0 });
        sub.close();
      }
    });
  }

  it('after 1,000 subscribe/unsubscribe cycles no join, poll or topic is left', async () => {
    const s = await createAgentSession();
    const chatId = `cycles-${Date.now()}`;
    await createSumvinSession(stack, 'alice', { id: chatId });
    const ids = [s.id, encodeGlobalId('ChatSession', chatId)];
    const token = await stack.token('alice');
    for (let i = 0; i < 1000; i += 20) {
      const subs = Array.from({ length: 20 }, (_, j) => live.subscribe(j % 2 === 0 ? 'ws' : 'sse', SESSION_EVENTS, { id: ids[(i + j) % 2] }, token));
      await until(() => stack.live.stats().watchedChannels === 1 && stack.live.stats().activePolls === 1, 'both watched');
      for (const sub of subs) sub.close();
    }
    await until(() => {
      const st = stack.live.stats();
      return st.watchedChannels === 0 && st.joinedChannels === 0 && st.activePolls === 0 && st.topics === 0;
    }, 'everything released');
  }, 60_000);
});

describe('live events: limits', () => {
  let stack: Stack;
  let live: LiveServer;

  beforeAll(async () => {
    stack = await startStack({ live: { maxSubscriptionsPerCaller: 2 } });
    live = await serveLive(stack);
  });
  afterAll(async () => {
    await live?.close();
    await stack?.close();
  });

  it('at most N subscriptions per caller; closing one frees its slot', async () => {
    const token = await stack.token('carol');
    const one = live.subscribe('ws', INBOX_EVENTS, {}, token);
    const two = live.subscribe('sse', INBOX_EVENTS, {}, token);
    await until(() => stack.live.stats().topics === 1 && stack.live.openSubscriptions() === 2, 'the inbox subscribed twice');
    const third = live.subscribe('ws', INBOX_EVENTS, {}, token);
    const refused = await third.next();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } });
    one.close();
    two.close();
    await until(() => stack.live.openSubscriptions() === 0, 'both closed');
    const four = live.subscribe('ws', INBOX_EVENTS, {}, token);
    const five = live.subscribe('sse', INBOX_EVENTS, {}, token);
    await until(() => stack.live.openSubscriptions() === 2, 'subscribed again');
    four.close();
    five.close();
    await until(() => stack.live.openSubscriptions() === 0, 'closed again');
  });

  it('a subscription refused for its media type (406) watches nothing and holds no slot', async () => {
    const s = dataOf(
      await stack.gql<{ createAgentSession: { session: { id: string } } }>('mutation($a: String!) { createAgentSession(input: { agentId: $a }) { session { id } } }', { a: AGENT_ID }),
    ).createAgentSession.session;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(live.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await stack.token('alice')}` },
        body: JSON.stringify({ query: SESSION_EVENTS, variables: { id: s.id } }),
      });
      expect(res.status).toBe(406);
      await res.body?.cancel();
    }
    expect(stack.live.openSubscriptions()).toBe(0);
    expect(stack.live.stats()).toMatchObject({ watchedChannels: 0, topics: 0 });
  });

  it('a stream ends with UNAUTHENTICATED when the token expires', async () => {
    const token = await stack.idp.issue('dave', { expiresInSeconds: 2 });
    const sub = live.subscribe('ws', INBOX_EVENTS, {}, token);
    const p = await sub.next(10_000);
    expect(p.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    await sub.ended();
    expect(stack.live.openSubscriptions()).toBe(0);
  }, 15_000);

  it('graphql-ws with a token that does not verify: UNAUTHENTICATED, nothing subscribed', async () => {
    const sub = live.subscribe('ws', INBOX_EVENTS, {}, 'not-a-token');
    expect((await sub.next()).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(stack.live.stats().topics).toBe(0);
  });
});

describe('live events: rate limit', () => {
  it('subscriptions count against the per-caller rate limit, on both transports', async () => {
    // six a minute: one operation per 10 s, no burst
    const stack = await startStack({ rateLimit: { perSubjectPerMinute: 6, perAddressPerMinute: 1_000 } });
    const live = await serveLive(stack);
    try {
      const token = await stack.token('erin');
      const first = live.subscribe('ws', INBOX_EVENTS, {}, token);
      await until(() => stack.live.openSubscriptions() === 1, 'the first subscribed');
      for (const transport of TRANSPORTS) {
        const refused = live.subscribe(transport, INBOX_EVENTS, {}, token);
        expect((await refused.next()).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      }
      expect(stack.live.openSubscriptions()).toBe(1);
      first.close();
    } finally {
      await live.close();
      await stack.close();
    }
  });
});
