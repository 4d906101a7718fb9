import { describe, expect, it } from 'vitest';
import { sumvinMessageCursors } from '../../../src/domain/cursor.js';
import { pageSumvinMessages } from '../../../src/domain/message-pages.js';
import {
  EXPAND_LIST_MAX_SESSIONS,
  planSessionList,
  planSessionRead,
  sumvinWindow,
  type OffsetPageRequest,
} from '../../../src/domain/plan.js';

const fwd = (size: number, after?: number, before?: number): OffsetPageRequest => ({
  direction: 'forward',
  size,
  after: after === undefined ? null : { o: after },
  before: before === undefined ? null : { o: before },
});
const back = (size: number, before?: number, after?: number): OffsetPageRequest => ({
  direction: 'backward',
  size,
  after: after === undefined ? null : { o: after },
  before: before === undefined ? null : { o: before },
});

describe('sumvinWindow: the messages a page reads', () => {
  it('places forward pages and pages before a cursor without the count', () => {
    expect(sumvinWindow(fwd(5), null)).toEqual({ offset: 0, limit: 5 });
    expect(sumvinWindow(fwd(5, 9), null)).toEqual({ offset: 10, limit: 5 });
    expect(sumvinWindow(fwd(50, 9, 20), null)).toEqual({ offset: 10, limit: 10 });
    expect(sumvinWindow(back(50, 70), null)).toEqual({ offset: 20, limit: 50 });
    expect(sumvinWindow(back(50, 30), null)).toEqual({ offset: 0, limit: 30 });
    expect(sumvinWindow(back(50, 30, 9), null)).toEqual({ offset: 10, limit: 20 });
  });

  it('needs the count for `last` from the end and for empty pages', () => {
    expect(sumvinWindow(back(20), null)).toBe('count');
    expect(sumvinWindow(back(20, undefined, 3), null)).toBe('count');
    expect(sumvinWindow(fwd(0), null)).toBe('count');
    expect(sumvinWindow(back(5, 0), null)).toBe('count');
  });

  it('with the count: the newest `last`, clipped to the session', () => {
    expect(sumvinWindow(back(20), 120)).toEqual({ offset: 100, limit: 20 });
    expect(sumvinWindow(back(20), 7)).toEqual({ offset: 0, limit: 7 });
    expect(sumvinWindow(back(20, 200), 120)).toEqual({ offset: 100, limit: 20 });
    expect(sumvinWindow(fwd(0), 7)).toEqual({ offset: 0, limit: 0 });
    expect(sumvinWindow(back(20), 0)).toEqual({ offset: 0, limit: 0 });
  });
});

/** Every request over a session of `n` messages: sizes 0..n+1, either direction, cursors at 0..n+2 (past the end too). */
function everyRequest(n: number): OffsetPageRequest[] {
  const positions = [undefined, ...Array.from({ length: n + 3 }, (_, i) => i)];
  const out: OffsetPageRequest[] = [];
  for (let size = 0; size <= n + 1; size++) {
    for (const after of positions) {
      for (const before of positions) {
        if (after !== undefined && before !== undefined && before <= after) continue;
        out.push(fwd(size, after, before), back(size, before, after));
      }
    }
  }
  return out;
}

/** The messages a request shows over a session of `n` messages, computed directly. */
function expectedRange(r: OffsetPageRequest, n: number): [number, number] {
  const lo = Math.min(n, r.after ? r.after.o + 1 : 0);
  const hi = Math.max(lo, Math.min(n, r.before ? r.before.o : n));
  return r.direction === 'forward' ? [lo, Math.min(hi, lo + r.size)] : [Math.max(lo, hi - r.size), hi];
}

describe('sumvinWindow and the page built from it, on every page shape', () => {
  const N = 7;
  const describeReq = (r: OffsetPageRequest) => `${r.direction} ${r.size} after ${r.after?.o} before ${r.before?.o}`;

  it('with the count: always a window (never another read for the count) holding the messages shown', () => {
    for (const r of everyRequest(N)) {
      const w = sumvinWindow(r, N);
      expect(w, describeReq(r)).not.toBe('count');
      const { offset, limit } = w as { offset: number; limit: number };
      const [from, to] = expectedRange(r, N);
      if (to > from) expect(offset <= from && offset + limit >= to, describeReq(r)).toBe(true);
      // an empty page backward, or before a cursor within the session, reads nothing
      else if (r.direction === 'backward' || (r.before && r.before.o <= N)) expect(limit, describeReq(r)).toBe(0);
    }
  });

  it('without the count: `count` only for `last` without `before` and for empty windows', () => {
    for (const r of everyRequest(N)) {
      const w = sumvinWindow(r, null);
      const fromEnd = r.direction === 'backward' && !r.before;
      if (fromEnd) expect(w, describeReq(r)).toBe('count');
      else if (w !== 'count') expect(w.limit, describeReq(r)).toBeGreaterThan(0);
    }
  });

  const messages = Array.from({ length: N }, (_, i) => ({
    id: `m${i}`, messageId: `m${i}`, sessionId: 'cs-1', role: 'user', textContent: `t${i}`, parts: [], toolNames: null,
    metadata: null, sequence: i, createdAt: i,
  }));
  const loaderOf = (reads: Array<[number, number]>) => async (offset: number, limit: number) => {
    reads.push([offset, limit]);
    return { items: messages.slice(offset, offset + limit), total: N, offset, limit };
  };
  const withCursors = (r: OffsetPageRequest) => ({
    ...r,
    after: r.after && { ...sumvinMessageCursors.decode(sumvinMessageCursors.encode('cs-1', r.after.o), 'after', 'cs-1') },
    before: r.before && { ...sumvinMessageCursors.decode(sumvinMessageCursors.encode('cs-1', r.before.o), 'before', 'cs-1') },
  });

  it('gives the same page whether the count is known or not, on every page shape', async () => {
    for (const r of everyRequest(N)) {
      const [withCount, without] = await Promise.all([N, null].map((known) => pageSumvinMessages(withCursors(r), 'cs-1', known, loaderOf([]))));
      const shape = (p: typeof withCount) => ({ ids: p!.edges.map((e) => e.node.messageId), pageInfo: p!.pageInfo, totalCount: p!.totalCount });
      expect(shape(without), describeReq(r)).toEqual(shape(withCount));
    }
  });

  it.each([
    ['known (the session was read)', N],
    ['unknown (only windows were read)', null],
  ])('totalCount is the count when it is %s, on every page, empty ones too', async (_name, known) => {
    for (const r of everyRequest(N)) {
      const reads: Array<[number, number]> = [];
      const page = await pageSumvinMessages(withCursors(r), 'cs-1', known, loaderOf(reads));
      expect(page.totalCount, describeReq(r)).toBe(N);
      // exactly the messages in range, cursors past the end (never handed out) included
      const [from, to] = expectedRange(r, N);
      expect(page.edges.map((e) => e.node.messageId), describeReq(r)).toEqual(messages.slice(from, to).map((m) => m.messageId));
      const w = sumvinWindow(r, known);
      const pastTheEnd = known === null && r.direction === 'backward' && r.before !== null && r.before.o > N;
      // the window the planner placed, and nothing else; a page the planner sends to the count
      // (never planned this way: see planSessionRead) learns it with one more read of one message;
      // a window placed before a cursor past the end is placed again once the count is known
      if (pastTheEnd && w !== 'count') {
        expect(reads[0], describeReq(r)).toEqual([w.offset, w.limit]);
        const again = sumvinWindow(r, N) as { offset: number; limit: number };
        expect(reads.slice(1), describeReq(r)).toEqual(again.limit > 0 ? [[again.offset, again.limit]] : []);
      } else if (w !== 'count') expect(reads, describeReq(r)).toEqual(w.limit > 0 ? [[w.offset, w.limit]] : []);
      else expect(reads[0], describeReq(r)).toEqual([0, 1]);
    }
  });
});

describe('planSessionRead', () => {
  it('reads the session alone when no messages are selected', () => {
    expect(planSessionRead({ sessionFields: true, windows: [] })).toBe('get');
    expect(planSessionRead({ sessionFields: false, windows: [] })).toBe('get');
  });

  it('skips the session GET when only messages with known offsets are selected', () => {
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), back(50, 70)] })).toBe('windows');
  });

  it('runs the GET with the windows when session fields are selected too', () => {
    expect(planSessionRead({ sessionFields: true, windows: [fwd(5)] })).toBe('get');
  });

  it('expands when any window needs the count, with or without session fields', () => {
    expect(planSessionRead({ sessionFields: true, windows: [back(50)] })).toBe('expand');
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), back(3)] })).toBe('expand');
  });

  it('falls back to the GET when a window does not parse (the field reports the error)', () => {
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), null] })).toBe('get');
  });
});

describe('planSessionList', () => {
  it('expands small pages that select messages, and nothing else', () => {
    expect(planSessionList({ withMessages: true, limit: 21 })).toBe('expand');
    expect(planSessionList({ withMessages: true, limit: EXPAND_LIST_MAX_SESSIONS })).toBe('expand');
    expect(planSessionList({ withMessages: true, limit: EXPAND_LIST_MAX_SESSIONS + 1 })).toBe('plain');
    expect(planSessionList({ withMessages: false, limit: 21 })).toBe('plain');
  });
});
