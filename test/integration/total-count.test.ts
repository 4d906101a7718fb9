import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumvinMessageCursors } from '../../src/domain/cursor.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { advanceClocks, createElizaSession, createSumvinSession, freezeClocks } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

/*
 * `totalCount` on every page shape where the upstream knows the count, empty pages included:
 * Sumvin messages (any size, either direction, cursors anywhere), the merged list and a
 * Sumvin-only list (sizes 0 up to past the end, cursors anywhere).
 *
 * alice has 3 Sumvin sessions (one of them with 7 messages) and 2 Eliza sessions; bob has one
 * Sumvin session, which must not count for alice.
 */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MESSAGES = 7;
const SUMVIN_SESSIONS = 3;
const ELIZA_SESSIONS = 2;

let stack: Stack;
const chatId = encodeGlobalId('ChatSession', 'cs-seven');

beforeAll(async () => {
  stack = await startStack();
  freezeClocks(stack, T0);
  await createSumvinSession(stack, 'alice', { id: 'cs-seven', title: 'seven', messages: MESSAGES });
  for (let i = 0; i < SUMVIN_SESSIONS - 1; i++) {
    advanceClocks(stack, 1000);
    await createSumvinSession(stack, 'alice', { id: `cs-other-${i}`, title: `other ${i}`, messages: 2 });
  }
  for (let i = 0; i < ELIZA_SESSIONS; i++) {
    advanceClocks(stack, 1000);
    await createElizaSession(stack, 'alice', { title: `agent ${i}` });
  }
  await createSumvinSession(stack, 'bob', { id: 'cs-bob', title: 'bob chat', messages: 3 });
});

afterAll(async () => {
  await stack?.close();
});

interface PageArgs {
  first?: number;
  last?: number;
  after?: string;
  before?: string;
}

const argText = (a: PageArgs) =>
  Object.entries(a)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
    .join(', ');

/** Every page shape: sizes 0..maxSize in both directions, with no cursor, `after`, `before`, or both. */
function pageShapes(cursors: string[], maxSize: number): PageArgs[] {
  const ranges: Array<{ after?: string; before?: string }> = [{}];
  cursors.forEach((c, i) => {
    ranges.push({ after: c }, { before: c });
    for (const d of cursors.slice(i + 1)) ranges.push({ after: c, before: d });
  });
  const shapes: PageArgs[] = [];
  for (let size = 0; size <= maxSize; size++) {
    for (const r of ranges) shapes.push({ first: size, ...r }, { last: size, ...r });
  }
  return shapes;
}

/** Runs `query(args)` for every shape, a few at a time, and returns the shapes whose totalCount is not `expected`. */
async function wrongTotals(shapes: PageArgs[], run: (a: PageArgs) => Promise<number | null>, expected: number) {
  const wrong: Array<{ args: string; totalCount: number | null }> = [];
  for (let i = 0; i < shapes.length; i += 16) {
    await Promise.all(
      shapes.slice(i, i + 16).map(async (a) => {
        const totalCount = await run(a);
        if (totalCount !== expected) wrong.push({ args: argText(a), totalCount });
      }),
    );
  }
  return wrong;
}

async function totalOf<T>(query: string, pick: (data: T) => number | null): Promise<number | null> {
  return pick(dataOf(await stack.gql<T>(query)));
}

type SessionData = { session: { messages: { totalCount: number | null } } };

/** The cursors of all seven messages in order, then two past the end (as after messages were deleted). */
async function messageCursors(): Promise<string[]> {
  const data = dataOf(
    await stack.gql<{ session: { messages: { edges: Array<{ cursor: string }> } } }>(
      `{ session(id: "${chatId}") { messages(first: 100) { edges { cursor } } } }`,
    ),
  );
  const cursors = data.session.messages.edges.map((e) => e.cursor);
  expect(cursors).toHaveLength(MESSAGES);
  return [...cursors, sumvinMessageCursors.encode('cs-seven', MESSAGES), sumvinMessageCursors.encode('cs-seven', MESSAGES + 5)];
}

describe('totalCount of Sumvin messages', () => {
  const ways: Array<[string, (a: PageArgs) => string, (d: never) => number | null]> = [
    [
      'session(id) selecting only messages',
      (a) => `{ session(id: "${chatId}") { messages(${argText(a)}) { totalCount edges { cursor } } } }`,
      (d: SessionData) => d.session.messages.totalCount,
    ],
    [
      'session(id) selecting session fields too',
      (a) => `{ session(id: "${chatId}") { title messages(${argText(a)}) { totalCount edges { cursor } } } }`,
      (d: SessionData) => d.session.messages.totalCount,
    ],
    [
      'node(id)',
      (a) => `{ node(id: "${chatId}") { ... on ChatSession { messages(${argText(a)}) { totalCount } } } }`,
      (d: { node: SessionData['session'] }) => d.node.messages.totalCount,
    ],
  ];

  it.each(ways)('is %s’s message count on every page shape', async (name, query, pick) => {
    const cursors = await messageCursors();
    // node(id) plans as session(id) does: cursors one at a time are enough there
    const shapes = pageShapes(cursors, MESSAGES + 1).filter((a) => !name.startsWith('node') || !(a.after && a.before));
    expect(await wrongTotals(shapes, (a) => totalOf(query(a), pick), MESSAGES)).toEqual([]);
  });

  // 20 sessions a page read the list with every message; 30 read the list, then windows
  it.each([20, 30])('is the message count on every page of a session read from a list of %i', async (listSize) => {
    const cursors = await messageCursors();
    const query = (a: PageArgs) =>
      `{ sessions(first: ${listSize}, provider: SUMVIN, search: "seven") { edges { node { ... on ChatSession { upstreamId messages(${argText(a)}) { totalCount } } } } } }`;
    const pick = (d: { sessions: { edges: Array<{ node: { upstreamId: string; messages: { totalCount: number | null } } }> } }) =>
      d.sessions.edges.find((e) => e.node.upstreamId === 'cs-seven')?.node.messages.totalCount ?? -1;
    const shapes = pageShapes(cursors, MESSAGES + 1).filter((a) => !(a.after && a.before));
    expect(await wrongTotals(shapes, (a) => totalOf(query(a), pick), MESSAGES)).toEqual([]);
  });

  it('an empty page costs one call at most, and none when the session is read anyway', async () => {
    const [c3] = (await messageCursors()).slice(3);
    for (const args of ['first: 0', 'last: 0', `last: 0, before: "${c3}"`, `first: 0, after: "${c3}"`]) {
      stack.resetCalls();
      expect(await totalOf(`{ session(id: "${chatId}") { messages(${args}) { totalCount } } }`, (d: SessionData) => d.session.messages.totalCount)).toBe(MESSAGES);
      expect(stack.calls().total).toBe(1);
      stack.resetCalls();
      const withFields = await totalOf(
        `{ session(id: "${chatId}") { messageCount messages(${args}) { totalCount } } }`,
        (d: SessionData) => d.session.messages.totalCount,
      );
      expect(withFields).toBe(MESSAGES);
      expect(stack.calls().total).toBe(1);
    }
  });
});

describe('totalCount of session lists', () => {
  type ListData = { sessions: { totalCount: number | null; edges: Array<{ cursor: string }> } };
  const lists: Array<[string, string, number]> = [
    ['the merged list', '', SUMVIN_SESSIONS + ELIZA_SESSIONS],
    ['a Sumvin-only list', 'provider: SUMVIN', SUMVIN_SESSIONS],
    ['an Eliza-only list', 'provider: ELIZA', ELIZA_SESSIONS],
    ['a searched Sumvin-only list', 'provider: SUMVIN, search: "other"', SUMVIN_SESSIONS - 1],
  ];

  it.each(lists)('%s has its total on every page shape', async (_name, filters, expected) => {
    const all = dataOf(await stack.gql<ListData>(`{ sessions(first: 100${filters ? `, ${filters}` : ''}) { totalCount edges { cursor } } }`));
    expect(all.sessions.edges).toHaveLength(expected);
    const cursors = all.sessions.edges.map((e) => e.cursor);
    const query = (a: PageArgs) => `{ sessions(${[argText(a), filters].filter(Boolean).join(', ')}) { totalCount edges { cursor } } }`;
    const shapes = pageShapes(cursors, expected + 1);
    expect(await wrongTotals(shapes, (a) => totalOf(query(a), (d: ListData) => d.sessions.totalCount), expected)).toEqual([]);
  });

  it.each([
    ['the merged list', '', SUMVIN_SESSIONS + ELIZA_SESSIONS],
    ['a Sumvin-only list', ', provider: SUMVIN', SUMVIN_SESSIONS],
  ] as const)('an empty page of %s asks Sumvin once, for one session', async (_name, filters, expected) => {
    const all = dataOf(await stack.gql<ListData>(`{ sessions(first: 100${filters}) { edges { cursor } } }`));
    const first = all.sessions.edges[0]!.cursor;
    const last = all.sessions.edges.at(-1)!.cursor;
    for (const args of ['first: 0', 'last: 0', `last: 0, before: "${first}"`, `first: 3, before: "${first}"`, `first: 3, after: "${last}"`]) {
      stack.resetCalls();
      // with messages selected, as an inbox asks
      const query = `{ sessions(${args}${filters}) { totalCount edges { node { ... on ChatSession { messages(last: 2) { totalCount } } } } } }`;
      expect(await totalOf(query, (d: ListData) => d.sessions.totalCount)).toBe(expected);
      expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    }
  });
});
