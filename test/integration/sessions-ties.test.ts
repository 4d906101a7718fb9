import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MySessionsDocument, type MySessionsQuery } from '../__generated__/graphql.js';
import { advanceClocks, createElizaSession, createSumvinSession, freezeClocks } from '../support/seed.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

type Conn = NonNullable<MySessionsQuery['sessions']>;

/**
 * Many sessions sharing one timestamp, with the Sumvin emulator listing ties in an arbitrary but
 * stable order (not by id). alice has 109 Sumvin and 7 Eliza sessions in three instants:
 * 100 Sumvin at T0; 6 Sumvin and 5 Eliza at T0+1s; 3 Sumvin and 2 Eliza at T0+2s.
 */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let stack: Stack;
let expected: string[] = [];

async function sumvinOrder(): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(`${stack.sumvin.url}/v0/chat/sessions?offset=${offset}&limit=100`, {
      headers: { 'x-juno-jwt': await stack.token('alice') },
    });
    const body = (await res.json()) as { sessions: Array<{ title: string }>; total: number };
    out.push(...body.sessions.map((s) => s.title));
    if (offset + 100 >= body.total) return out;
  }
}

beforeAll(async () => {
  stack = await startStack({ sumvin: { tieSalt: 'ties' } });
  freezeClocks(stack, T0);
  const eliza: Array<{ title: string; id: string; t: number }> = [];
  const groups = [
    { sumvin: 100, eliza: 0 },
    { sumvin: 6, eliza: 5 },
    { sumvin: 3, eliza: 2 },
  ];
  let n = 0;
  for (const [g, group] of groups.entries()) {
    const made: Array<Promise<unknown>> = [];
    for (let i = 0; i < group.sumvin; i++) {
      const k = n++;
      made.push(createSumvinSession(stack, 'alice', { id: `cs-tie-${String(k).padStart(3, '0')}`, title: `S${k}` }));
    }
    for (let i = 0; i < group.eliza; i++) {
      const title = `E${g}-${i}`;
      made.push(createElizaSession(stack, 'alice', { title }).then((id) => eliza.push({ title, id, t: g })));
    }
    await Promise.all(made);
    advanceClocks(stack, 1000);
  }
  // The expected merged order: newest instant first; within an instant Eliza's (by id), then Sumvin's in its own order.
  const sumvin = await sumvinOrder();
  const group = (title: string) => {
    const k = Number(title.slice(1));
    return k < 100 ? 0 : k < 106 ? 1 : 2;
  };
  expected = [];
  for (let g = 2; g >= 0; g--) {
    expected.push(
      ...eliza
        .filter((e) => e.t === g)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((e) => e.title),
      ...sumvin.filter((t) => group(t) === g),
    );
  }
  expect(expected).toHaveLength(116);
});

afterAll(async () => {
  await stack?.close();
});

const titles = (c: Conn) => c.edges.map((e) => String(e.node.title));

async function page(vars: Parameters<Stack['op']>[1] & object): Promise<Conn> {
  return dataOf(await stack.op(MySessionsDocument, vars as never, { as: 'alice' })).sessions!;
}

describe('Query.sessions with tied timestamps', () => {
  it('the emulator lists ties in an order other than by id', async () => {
    const tied = (await sumvinOrder()).filter((t) => Number(t.slice(1)) < 100);
    expect(tied).toHaveLength(100);
    expect(tied).not.toEqual([...tied].sort());
  });

  it('first: 100 returns 100 sessions in one Sumvin call and detects the next page from total', async () => {
    stack.resetCalls();
    const c = await page({ first: 100 });
    expect(titles(c)).toEqual(expected.slice(0, 100));
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(c.totalCount).toBe(116);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 1 });
    const rest = await page({ first: 100, after: c.pageInfo.endCursor });
    expect(titles(rest)).toEqual(expected.slice(100));
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions': 2 });
  });

  it('last: 100 returns the 100 oldest', async () => {
    const c = await page({ last: 100 });
    expect(titles(c)).toEqual(expected.slice(16));
    expect(c.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  for (const size of [1, 3, 7, 100]) {
    it(`pages of ${size}, forward and backward, show every session once in order`, async () => {
      const forward: string[] = [];
      let after: string | null = null;
      for (let i = 0; i <= expected.length; i++) {
        const c: Conn = await page({ first: size, ...(after ? { after } : {}) });
        forward.push(...titles(c));
        if (!c.pageInfo.hasNextPage) break;
        expect(c.edges).toHaveLength(size);
        after = c.pageInfo.endCursor!;
      }
      expect(forward).toEqual(expected);

      const backward: string[] = [];
      let before: string | null = null;
      for (let i = 0; i <= expected.length; i++) {
        const c: Conn = await page({ last: size, ...(before ? { before } : {}) });
        backward.unshift(...titles(c));
        if (!c.pageInfo.hasPreviousPage) break;
        expect(c.edges).toHaveLength(size);
        before = c.pageInfo.startCursor!;
      }
      expect(backward).toEqual(expected);
    });
  }
});
