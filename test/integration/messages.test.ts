import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMessagesDocument, type SessionMessagesQuery } from '../__generated__/graphql.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { advanceClocks, createElizaSession, createSumvinSession, freezeClocks, sendElizaMessage } from '../support/seed.js';
import { codesOf, dataOf, startStack, type Stack } from '../support/stack.js';

type Conn = NonNullable<NonNullable<SessionMessagesQuery['session']>['messages']>;

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let stack: Stack;
let chatId: string;
let agentId: string;
/** Texts in chronological order, as the upstreams store them. */
const chatTexts = Array.from({ length: 45 }, (_, i) => `chat ${i}`);
const agentTexts: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  freezeClocks(stack, T0);
  await createSumvinSession(stack, 'alice', { id: 'cs-long', title: 'long chat', texts: chatTexts });
  await createSumvinSession(stack, 'alice', { id: 'cs-empty', title: 'one message', texts: ['only'] });
  const eliza = await createElizaSession(stack, 'alice', { title: 'agent chat' });
  for (let i = 0; i < 15; i++) {
    advanceClocks(stack, 1000);
    await sendElizaMessage(stack, eliza, `q${i}`);
    agentTexts.push(`q${i}`, `TestAgent received: q${i}`);
  }
  chatId = encodeGlobalId('ChatSession', 'cs-long');
  agentId = encodeGlobalId('AgentSession', eliza);
});

afterAll(async () => {
  await stack?.close();
});

async function messages(id: string, vars: { first?: number; after?: string; last?: number; before?: string }, as = 'alice'): Promise<Conn> {
  return dataOf(await stack.op(SessionMessagesDocument, { id, ...vars }, { as })).session!.messages!;
}

const texts = (c: Conn) => c.edges.map((e) => e.node.text);

async function walkForward(id: string, size: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 20; i++) {
    const c: Conn = await messages(id, { first: size, ...(after ? { after } : {}) });
    out.push(...texts(c).map(String));
    if (!c.pageInfo.hasNextPage) return out;
    after = c.pageInfo.endCursor!;
  }
  throw new Error('did not reach the end');
}

async function walkBackward(id: string, size: number): Promise<string[]> {
  const out: string[] = [];
  let before: string | undefined;
  for (let i = 0; i < 20; i++) {
    const c: Conn = await messages(id, { last: size, ...(before ? { before } : {}) });
    out.unshift(...texts(c).map(String));
    if (!c.pageInfo.hasPreviousPage) return out;
    before = c.pageInfo.startCursor!;
  }
  throw new Error('did not reach the start');
}

describe.each([
  { provider: 'Sumvin', id: () => chatId, all: () => chatTexts, total: 45 },
  { provider: 'Eliza', id: () => agentId, all: () => agentTexts, total: null },
])('$provider messages connection', ({ id, all, total }) => {
  it('last: 20 without a cursor gives the newest 20, oldest first', async () => {
    const c = await messages(id(), { last: 20 });
    expect(texts(c)).toEqual(all().slice(-20));
    expect(c.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(c.totalCount).toBe(total);
  });

  it('first: 8 gives the oldest 8', async () => {
    const c = await messages(id(), { first: 8 });
    expect(texts(c)).toEqual(all().slice(0, 8));
    expect(c.pageInfo.hasNextPage).toBe(true);
  });

  it('pages forward through everything without gaps or repeats', async () => {
    expect(await walkForward(id(), 7)).toEqual(all());
  });

  it('pages backward through everything without gaps or repeats', async () => {
    expect(await walkBackward(id(), 9)).toEqual(all());
  });

  it('one page as large as the list holds it all', async () => {
    const c = await messages(id(), { first: 100 });
    expect(texts(c)).toEqual(all());
    expect(c.pageInfo.hasNextPage).toBe(false);
  });

  it('after the last cursor comes an empty page', async () => {
    const c = await messages(id(), { last: 1 });
    const next = await messages(id(), { first: 5, after: c.pageInfo.endCursor! });
    expect(next.edges).toEqual([]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('cursors from another session or another provider are refused', async () => {
    const other = await messages(id() === chatId ? agentId : chatId, { first: 1 });
    const res = await stack.op(SessionMessagesDocument, { id: id(), first: 2, after: other.pageInfo.endCursor! }, { as: 'alice' });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('sizes above 100 and first with last are refused', async () => {
    for (const vars of [{ first: 101 }, { last: 101 }, { first: 1, last: 1 }]) {
      const res = await stack.op(SessionMessagesDocument, { id: id(), ...vars }, { as: 'alice' });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('another user cannot read the session: NOT_FOUND, not FORBIDDEN', async () => {
    const res = await stack.op(SessionMessagesDocument, { id: id(), last: 2 }, { as: 'bob' });
    expect(res.body.data?.session).toBeNull();
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });
});

describe('message fields', () => {
  it('maps roles and keeps upstream ids and sequences', async () => {
    const c = await messages(chatId, { first: 2 });
    expect(c.edges.map((e) => [e.node.role, e.node.rawRole, e.node.messageId, e.node.sequence])).toEqual([
      ['USER', 'user', 'cs-long-m0', 0],
      ['ASSISTANT', 'assistant', 'cs-long-m1', 1],
    ]);
    const a = await messages(agentId, { first: 2 });
    expect(a.edges.map((e) => [e.node.role, e.node.rawRole, e.node.sequence])).toEqual([
      ['USER', 'user', null],
      ['ASSISTANT', 'assistant', null],
    ]);
    expect(a.edges[0]!.node.createdAt).toBe(new Date(T0 + 1000).toISOString());
  });

  it('a session with one message pages correctly', async () => {
    const id = encodeGlobalId('ChatSession', 'cs-empty');
    const c = await messages(id, { last: 20 });
    expect(texts(c)).toEqual(['only']);
    expect(c.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });
});
