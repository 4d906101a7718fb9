import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConnectionArgs, type Connection } from '../../../src/domain/connection-args.js';
import { sessionListCursors } from '../../../src/domain/cursor.js';
import { pageSessions, type SessionNode, type SessionSources } from '../../../src/domain/session-list.js';
import type { ElizaSession } from '../../../src/upstream/eliza/types.js';
import type { SumvinSession } from '../../../src/upstream/sumvin/types.js';

/**
 * The merged session list against a model: any page size 0..100, both directions, timestamps
 * from a tiny range so that ties fall at every position, Sumvin returning equal `updated_at` in an
 * arbitrary (but fixed) order and Eliza returning its sessions in any order.
 */

const chat = (id: string, updatedAt: number): SumvinSession => ({
  id, title: id, preview: null, messageCount: 0, createdAt: 0, updatedAt, svMeta: null, messages: null,
});
const agent = (id: string, lastActivity: number): ElizaSession => ({
  sessionId: id, channelId: 'c', agentId: 'a', userId: 'u', createdAt: 0, lastActivity, metadata: {}, expiresAt: 1e15,
  timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
  renewalCount: 0, timeRemaining: 1, isNearExpiration: false,
});
const idOf = (n: SessionNode) => ('sessionId' in n ? `e:${n.sessionId}` : `s:${n.id}`);

interface World {
  /** Sumvin's list as it serves it: activity descending, ties in its own order. */
  sumvin: SumvinSession[];
  /** Eliza's sessions in the order its API returns them. */
  eliza: ElizaSession[];
}

const world = fc
  .record({
    s: fc.array(fc.record({ t: fc.integer({ min: 0, max: 4 }), tie: fc.integer() }), { maxLength: 60 }),
    e: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
    order: fc.array(fc.integer(), { maxLength: 40 }),
  })
  .map(({ s, e, order }): World => {
    const sumvin = s
      .map((x, i) => ({ ...x, session: chat(`c${i}`, x.t) }))
      .sort((a, b) => b.t - a.t || a.tie - b.tie)
      .map((x) => x.session);
    const eliza = e
      .map((t, i) => ({ key: order[i] ?? i, session: agent(`a${i}`, t) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.session);
    return { sumvin, eliza };
  });

/** The model order: Eliza's sessions by (activity desc, id), merged into Sumvin's; Eliza first at equal activity. */
function model(w: World): string[] {
  const e = [...w.eliza].sort((a, b) => b.lastActivity - a.lastActivity || (a.sessionId < b.sessionId ? -1 : 1));
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < w.sumvin.length || j < e.length) {
    const s = w.sumvin[i];
    const a = e[j];
    if (s && (!a || s.updatedAt > a.lastActivity)) (out.push(idOf(s)), i++);
    else if (a) (out.push(idOf(a)), j++);
  }
  return out;
}

function sourcesOf(w: World, calls: Array<[number, number]>): SessionSources {
  return {
    sumvin: async (offset, limit) => {
      calls.push([offset, limit]);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100 || offset < 0) throw new Error(`bad page ${offset}/${limit}`);
      return { items: w.sumvin.slice(offset, offset + limit), total: w.sumvin.length, offset, limit };
    },
    eliza: async () => w.eliza,
    onSourceError: (_s, err) => {
      throw err;
    },
  };
}

const F = 'f';
const page = (w: World, calls: Array<[number, number]>, args: Parameters<typeof parseConnectionArgs>[0]) =>
  pageSessions(
    parseConnectionArgs(args, (c, field) => sessionListCursors.decode(c, field, F)),
    F,
    sourcesOf(w, calls),
  );
const ids = (c: Connection<SessionNode>) => c.edges.map((e) => idOf(e.node));

function checkPageInfo(c: Connection<SessionNode>, size: number): void {
  expect(c.edges.length).toBeLessThanOrEqual(size);
  expect(c.pageInfo.startCursor).toBe(c.edges[0]?.cursor ?? null);
  expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
}

const pageSize = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100 }));

describe('the merged session list against a model', () => {
  it('forward: paging to the end yields every session once, in order, with consistent pageInfo', async () => {
    await fc.assert(
      fc.asyncProperty(world, pageSize, async (w, size) => {
        const want = model(w);
        const calls: Array<[number, number]> = [];
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; ; pages++) {
          const c = await page(w, calls, { first: size, after });
          checkPageInfo(c, size);
          expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
          seen.push(...ids(c));
          expect(c.pageInfo.hasNextPage).toBe(seen.length < want.length);
          if (size === 0) {
            expect(seen).toEqual([]);
            return;
          }
          if (!c.pageInfo.hasNextPage) break;
          expect(c.edges.length).toBe(size);
          after = c.pageInfo.endCursor;
          expect(pages).toBeLessThan(want.length);
        }
        expect(seen).toEqual(want);
        expect(calls.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(want.length / size)));
      }),
      { numRuns: 300 },
    );
  });

  it('backward: paging to the start yields every session once, in order, with consistent pageInfo', async () => {
    await fc.assert(
      fc.asyncProperty(world, pageSize, async (w, size) => {
        const want = model(w);
        const seen: string[] = [];
        let before: string | null = null;
        for (let pages = 0; ; pages++) {
          const c = await page(w, [], { last: size, before });
          checkPageInfo(c, size);
          expect(c.pageInfo.hasNextPage).toBe(before !== null);
          seen.unshift(...ids(c));
          expect(c.pageInfo.hasPreviousPage).toBe(seen.length < want.length);
          if (size === 0) {
            expect(seen).toEqual([]);
            return;
          }
          if (!c.pageInfo.hasPreviousPage) break;
          expect(c.edges.length).toBe(size);
          before = c.pageInfo.startCursor;
          expect(pages).toBeLessThan(want.length);
        }
        expect(seen).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('from any edge’s cursor, the next and the previous pages are exactly its neighbours', async () => {
    await fc.assert(
      fc.asyncProperty(world, pageSize, fc.nat(), pageSize, async (w, size, pick, other) => {
        const want = model(w);
        const all = await page(w, [], { first: 100 });
        fc.pre(all.edges.length > 0 && all.edges.length === want.length);
        const i = pick % all.edges.length;
        const cursor = all.edges[i]!.cursor;
        const next = await page(w, [], { first: size, after: cursor });
        expect(ids(next)).toEqual(want.slice(i + 1, i + 1 + size));
        expect(next.totalCount).toBe(want.length);
        expect(next.pageInfo.hasNextPage).toBe(i + 1 + size < want.length);
        const prev = await page(w, [], { last: size, before: cursor });
        expect(ids(prev)).toEqual(want.slice(Math.max(0, i - size), i));
        expect(prev.totalCount).toBe(want.length);
        expect(prev.pageInfo.hasPreviousPage).toBe(i - size > 0);
        // Between two cursors, from either end.
        const j = (i + 1 + (other % Math.max(1, want.length))) % want.length;
        if (j > i) {
          const end = all.edges[j]!.cursor;
          const fwd = await page(w, [], { first: size, after: cursor, before: end });
          expect(ids(fwd)).toEqual(want.slice(i + 1, Math.min(j, i + 1 + size)));
          const bwd = await page(w, [], { last: size, after: cursor, before: end });
          expect(ids(bwd)).toEqual(want.slice(Math.max(i + 1, j - size), j));
          expect([fwd.totalCount, bwd.totalCount]).toEqual([want.length, want.length]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
