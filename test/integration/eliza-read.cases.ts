/**
 * The Eliza half of the read side as cases over a target, run against our emulator and against
 * the real ElizaOS server. Timestamps on the real server are real, so the cases only rely on
 * order and content, never on exact times.
 */
import { expect } from 'vitest';
import { MySessionsDocument, SessionMessagesDocument, type SessionMessagesQuery } from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { codesOf, dataOf, type Stack } from '../support/stack.js';

export interface ElizaReadTarget {
  stack: Stack;
  agentId: string;
}

type Conn = NonNullable<NonNullable<SessionMessagesQuery['session']>['messages']>;

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates a session for `user` and sends `count` user messages, one at a time. */
export async function sessionWithMessages(t: ElizaReadTarget, user: string, title: string, count: number): Promise<string> {
  const created = await post(`${t.stack.elizaUrl}/api/messaging/sessions`, {
    agentId: t.agentId,
    userId: t.stack.elizaUserIdOf(user),
    metadata: { title },
  });
  const id = String(created.sessionId);
  for (let i = 0; i < count; i++) {
    await post(`${t.stack.elizaUrl}/api/messaging/sessions/${id}/messages`, { content: `${title} ${i}` });
    // distinct timestamps even on a fast machine
    await new Promise((r) => setTimeout(r, 3));
  }
  return id;
}

/** The user's own messages of a connection page, in order (agent replies arrive on their own time). */
const userTexts = (c: Conn) => c.edges.filter((e) => e.node.role === 'USER').map((e) => e.node.text);

async function messages(t: ElizaReadTarget, id: string, vars: Record<string, unknown>, as = 'alice'): Promise<Conn> {
  return dataOf(await t.stack.op(SessionMessagesDocument, { id, ...vars }, { as })).session!.messages!;
}

export const elizaReadCases: Record<string, (t: ElizaReadTarget) => Promise<void>> = {
  async 'the merged list shows only the caller’s agent sessions, newest activity first'(t) {
    await sessionWithMessages(t, 'list-user', 'older', 1);
    await sessionWithMessages(t, 'list-user', 'newer', 1);
    await sessionWithMessages(t, 'someone-else', 'not mine', 1);
    const res = dataOf(await t.stack.op(MySessionsDocument, { first: 10, provider: 'ELIZA' }, { as: 'list-user' }));
    expect(res.sessions!.edges.map((e) => e.node.title)).toEqual(['newer', 'older']);
    expect(res.sessions!.edges.map((e) => e.node.provider)).toEqual(['ELIZA', 'ELIZA']);
    expect(res.sessions!.totalCount).toBe(2);
  },

  async 'messages page forward and backward over the whole history'(t) {
    const id = encodeGlobalId('AgentSession', await sessionWithMessages(t, 'alice', 'paging', 12));
    // the agent answers every message; wait (bounded) until all 24 are stored so the walks agree
    for (let i = 0; i < 50 && (await messages(t, id, { last: 100 })).edges.length < 24; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const forward: string[] = [];
    const ids: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 30; i++) {
      const c: Conn = await messages(t, id, { first: 5, ...(after ? { after } : {}) });
      forward.push(...c.edges.map((e) => String(e.node.text)));
      ids.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor!;
    }
    const backward: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 30; i++) {
      const c: Conn = await messages(t, id, { last: 4, ...(before ? { before } : {}) });
      backward.unshift(...c.edges.map((e) => String(e.node.text)));
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor!;
    }
    const expectedUser = Array.from({ length: 12 }, (_, i) => `paging ${i}`);
    expect(forward.filter((x) => x.startsWith('paging '))).toEqual(expectedUser);
    expect(backward).toEqual(forward);
    expect(forward).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
  },

  async 'last: 3 without a cursor gives the newest messages in chronological order'(t) {
    const id = encodeGlobalId('AgentSession', await sessionWithMessages(t, 'alice', 'newest', 6));
    const c = await messages(t, id, { last: 3 });
    expect(c.edges).toHaveLength(3);
    const times = c.edges.map((e) => Date.parse(e.node.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(userTexts(await messages(t, id, { last: 100 })).slice(-1)).toEqual(['newest 5']);
    expect(c.pageInfo.hasPreviousPage).toBe(true);
    expect(c.totalCount).toBeNull();
  },

  async 'another user cannot see the session, its messages or its message nodes'(t) {
    const raw = await sessionWithMessages(t, 'alice', 'private', 1);
    const id = encodeGlobalId('AgentSession', raw);
    const mine = await messages(t, id, { first: 1 });
    const messageId = mine.edges[0]!.node.id;
    for (const query of [
      t.stack.op(SessionMessagesDocument, { id, first: 1 }, { as: 'mallory' }),
      t.stack.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, { as: 'mallory' }),
      t.stack.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: messageId }, { as: 'mallory' }),
    ]) {
      expect(codesOf(await query)).toEqual(['NOT_FOUND']);
    }
    const list = dataOf(await t.stack.op(MySessionsDocument, { first: 50, provider: 'ELIZA' }, { as: 'mallory' }));
    expect(list.sessions!.edges.map((e) => e.node.id)).not.toContain(id);
  },

  async 'an agent session exposes its expiry data'(t) {
    const raw = await sessionWithMessages(t, 'alice', 'fields', 0);
    const res = dataOf<{ session: Record<string, unknown> }>(
      await t.stack.gql(
        `query($id: ID!) { session(id: $id) { provider title messageCount ... on AgentSession {
          upstreamId agentId status renewalCount isNearExpiration timeRemaining
          timeoutConfig { timeoutMinutes autoRenew maxDurationMinutes warningThresholdMinutes } } } }`,
        { id: encodeGlobalId('AgentSession', raw) },
      ),
    );
    expect(res.session).toMatchObject({
      provider: 'ELIZA',
      title: 'fields',
      messageCount: null,
      upstreamId: raw,
      agentId: t.agentId,
      status: 'ACTIVE',
      renewalCount: 0,
      isNearExpiration: false,
      timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
    });
    expect(res.session.timeRemaining).toBeGreaterThan(29 * 60_000);
  },
};
