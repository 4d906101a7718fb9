import { describe, expect, it } from 'vitest';
import { parseConnectionArgs } from '../../../src/domain/connection-args.js';
import { sessionListCursors } from '../../../src/domain/cursor.js';
import { elizaMatches, pageSessions, type SessionSources } from '../../../src/domain/session-list.js';
import type { ElizaSession } from '../../../src/upstream/eliza/types.js';
import type { SumvinSession } from '../../../src/upstream/sumvin/types.js';

const chat = (id: string, updatedAt: number): SumvinSession => ({
  id, title: id, preview: null, messageCount: 0, createdAt: 0, updatedAt, svMeta: null, messages: null,
});
const agent = (id: string, lastActivity: number): ElizaSession => ({
  sessionId: id, channelId: 'c', agentId: 'a', userId: 'u', createdAt: 0, lastActivity, metadata: {}, expiresAt: 1e15,
  timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
  renewalCount: 0, timeRemaining: 1, isNearExpiration: false,
});

/** A fake Sumvin list that serves `items` (most recent first) by offset, recording each call. */
function sumvinOf(items: () => SumvinSession[], calls: Array<[number, number]>, purposes: string[] = []) {
  return async (offset: number, limit: number, purpose: string) => {
    calls.push([offset, limit]);
    purposes.push(purpose);
    const all = items();
    return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
  };
}

const F = 'f';
const req = (args: Parameters<typeof parseConnectionArgs>[0]) =>
  parseConnectionArgs(args, (c, field) => sessionListCursors.decode(c, field, F));
const ids = (c: { edges: Array<{ node: SumvinSession | ElizaSession }> }) =>
  c.edges.map((e) => ('sessionId' in e.node ? e.node.sessionId : e.node.id));

describe('pageSessions', () => {
  it('merges by activity and asks Sumvin only for the offsets it needs', async () => {
    const calls: Array<[number, number]> = [];
    const s = [chat('s50', 50), chat('s30', 30), chat('s10', 10)];
    const sources: SessionSources = {
      sumvin: sumvinOf(() => s, calls),
      eliza: async () => [agent('e20', 20), agent('e40', 40)],
      onSourceError: () => expect.unreachable(),
    };
    const first = await pageSessions(req({ first: 2 }), F, sources);
    expect(ids(first)).toEqual(['s50', 'e40']);
    expect(first.totalCount).toBe(5);
    const second = await pageSessions(req({ first: 2, after: first.pageInfo.endCursor }), F, sources);
    expect(ids(second)).toEqual(['s30', 'e20']);
    const third = await pageSessions(req({ first: 2, after: second.pageInfo.endCursor }), F, sources);
    expect(ids(third)).toEqual(['s10']);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(calls).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });

  it('does not repeat a Sumvin session that moved up the list between pages', async () => {
    const calls: Array<[number, number]> = [];
    let s = [chat('a', 90), chat('b', 80), chat('c', 70), chat('d', 60)];
    const sources: SessionSources = { sumvin: sumvinOf(() => s, calls), eliza: null, onSourceError: () => expect.unreachable() };
    const first = await pageSessions(req({ first: 2 }), F, sources);
    expect(ids(first)).toEqual(['a', 'b']);
    // 'b' gets a new message: it moves to the top, so everything before the cursor shifts down
    s = [chat('b', 95), chat('a', 90), chat('c', 70), chat('d', 60)];
    const second = await pageSessions(req({ first: 2, after: first.pageInfo.endCursor }), F, sources);
    expect(ids(second)).toEqual(['c', 'd']);
  });

  it('keeps one provider’s sessions when the other fails, and reports the failure', async () => {
    const failures: string[] = [];
    const page = await pageSessions(req({ first: 5 }), F, {
      sumvin: async () => {
        throw new Error('down');
      },
      eliza: async () => [agent('e1', 1)],
      onSourceError: (source) => failures.push(source),
    });
    expect(ids(page)).toEqual(['e1']);
    expect(failures).toEqual(['sumvin']);
    expect(page.totalCount).toBeNull();
  });

  it('pages backward from the end with last', async () => {
    const calls: Array<[number, number]> = [];
    const s = [chat('s5', 5), chat('s3', 3), chat('s1', 1)];
    const sources: SessionSources = {
      sumvin: sumvinOf(() => s, calls),
      eliza: async () => [agent('e4', 4), agent('e2', 2)],
      onSourceError: () => expect.unreachable(),
    };
    const last = await pageSessions(req({ last: 2 }), F, sources);
    expect(ids(last)).toEqual(['e2', 's1']);
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await pageSessions(req({ last: 2, before: last.pageInfo.startCursor }), F, sources);
    expect(ids(before)).toEqual(['e4', 's3']);
    const start = await pageSessions(req({ last: 2, before: before.pageInfo.startCursor }), F, sources);
    expect(ids(start)).toEqual(['s5']);
    expect(start.pageInfo.hasPreviousPage).toBe(false);
  });
});

describe('pageSessions totalCount', () => {
  const s = [chat('s50', 50), chat('s30', 30), chat('s10', 10)];
  const e = [agent('e40', 40), agent('e20', 20)];

  /** Every page shape over a list: sizes 0..n+1 both ways, no cursor, `after`, `before`, or both. */
  function shapes(cursors: string[]): Array<Parameters<typeof parseConnectionArgs>[0]> {
    const ranges: Array<{ after?: string; before?: string }> = [{}];
    cursors.forEach((c, i) => {
      ranges.push({ after: c }, { before: c });
      for (const d of cursors.slice(i + 1)) ranges.push({ after: c, before: d });
    });
    return Array.from({ length: cursors.length + 2 }, (_, size) => ranges.flatMap((r) => [{ first: size, ...r }, { last: size, ...r }])).flat();
  }

  it.each([
    ['both providers', true, 5],
    ['Sumvin only', false, 3],
  ])('is known on every page of %s, empty pages and pages past either end included', async (_name, withEliza, total) => {
    const source = (calls: Array<[number, number]>, purposes: string[]): SessionSources => ({
      sumvin: sumvinOf(() => s, calls, purposes),
      eliza: withEliza ? async () => e : null,
      onSourceError: () => expect.unreachable(),
    });
    const all = await pageSessions(req({ first: 100 }), F, source([], []));
    expect(all.edges).toHaveLength(total);
    for (const args of shapes(all.edges.map((x) => x.cursor))) {
      const calls: Array<[number, number]> = [];
      const purposes: string[] = [];
      const page = await pageSessions(req(args), F, source(calls, purposes));
      expect(page.totalCount, JSON.stringify(args)).toBe(total);
      // a page that shows no Sumvin offset reads one session for the total, else only what it shows
      expect(calls.length, JSON.stringify(args)).toBeLessThanOrEqual(2);
      if (purposes.includes('count')) expect(calls, JSON.stringify(args)).toEqual([[0, 1]]);
    }
  });

  it('an empty page before the first Sumvin session asks for one session, for the total', async () => {
    const calls: Array<[number, number]> = [];
    const purposes: string[] = [];
    const sources: SessionSources = { sumvin: sumvinOf(() => s, calls, purposes), eliza: async () => e, onSourceError: () => expect.unreachable() };
    const first = (await pageSessions(req({ first: 1 }), F, sources)).pageInfo.endCursor;
    calls.length = 0;
    purposes.length = 0;
    const page = await pageSessions(req({ last: 5, before: first }), F, sources);
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(5);
    expect(calls).toEqual([[0, 1]]);
    expect(purposes).toEqual(['count']);
  });

  it('is unknown when a provider fails', async () => {
    const page = await pageSessions(req({ last: 0 }), F, {
      sumvin: sumvinOf(() => s, []),
      eliza: async () => {
        throw new Error('down');
      },
      onSourceError: () => undefined,
    });
    expect(page.totalCount).toBeNull();
  });
});

describe('elizaMatches', () => {
  const withMetadata = (metadata: ElizaSession['metadata']): ElizaSession => ({ ...agent('e1', 1), metadata });
  const session = withMetadata({ title: 'Lisbon trip', tags: ['Beach', 7], plan: { city: 'Porto', nights: 3 } });

  it('matches metadata values at any depth, case-insensitively', () => {
    expect(elizaMatches(session, 'lisbon')).toBe(true);
    expect(elizaMatches(session, 'beach')).toBe(true);
    expect(elizaMatches(session, 'PORTO')).toBe(true);
    expect(elizaMatches(session, '7')).toBe(true);
    expect(elizaMatches(session, 'madrid')).toBe(false);
  });

  it('never matches key names or JSON punctuation', () => {
    expect(elizaMatches(session, 'title')).toBe(false);
    expect(elizaMatches(session, 'city')).toBe(false);
    expect(elizaMatches(session, 'tags')).toBe(false);
    expect(elizaMatches(session, '":"')).toBe(false);
    expect(elizaMatches(withMetadata({}), 'title')).toBe(false);
  });
});
