import { createHash } from 'node:crypto';
import type { ElizaSession } from '../upstream/eliza/types.js';
import type { OffsetPage, SumvinSession } from '../upstream/sumvin/types.js';
import { connectionOf, type Connection, type PageRequest } from './connection-args.js';
import { sessionListCursors, type SessionListCursor } from './cursor.js';

export type SessionNode = SumvinSession | ElizaSession;

export const isElizaSession = (s: SessionNode): s is ElizaSession => 'sessionId' in s;

export function elizaTitle(s: ElizaSession): string | null {
  const t = s.metadata.title;
  return typeof t === 'string' ? t : null;
}

/** Whether a string or number anywhere inside `value` (never a key) contains `needle` (lower case). */
function someValueContains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number') return String(value).includes(needle);
  if (Array.isArray(value)) return value.some((v) => someValueContains(v, needle));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => someValueContains(v, needle));
  return false;
}

/** Eliza has no search: match the title or any metadata value (not its keys), case-insensitively. */
export function elizaMatches(s: ElizaSession, search: string): boolean {
  return someValueContains(s.metadata, search.toLowerCase());
}

interface Item {
  p: 's' | 'e';
  id: string;
  t: number;
  node: SessionNode;
}

/** A position in the merged list: the edge, and how many Sumvin sessions come before it. */
type Position = Pick<SessionListCursor, 'p' | 'id' | 't' | 'n'>;

const itemOf = (node: SessionNode): Item =>
  isElizaSession(node)
    ? { p: 'e', id: node.sessionId, t: node.lastActivity, node }
    : { p: 's', id: node.id, t: node.updatedAt, node };

/** Eliza's list is ordered here: most recent activity first, then id. */
function elizaCmp(a: Pick<Item, 'id' | 't'>, b: Pick<Item, 'id' | 't'>): number {
  return b.t - a.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The merged order: Sumvin's sessions in Sumvin's own order (its order among equal `updated_at`
 * is undocumented, so it is taken as given and addressed by offset), Eliza's in `elizaCmp` order,
 * the two merged by activity; at equal activity Eliza's come first. Hence, in the merged order:
 * an Eliza session `e` comes before a Sumvin session `s` exactly when `e.t >= s.t`.
 */
function elizaBefore(e: Pick<Item, 'id' | 't'>, pos: Position): boolean {
  return pos.p === 'e' ? elizaCmp(e, pos) < 0 : e.t >= pos.t;
}

function elizaAfter(e: Pick<Item, 'id' | 't'>, pos: Position): boolean {
  return pos.p === 'e' ? elizaCmp(e, pos) > 0 : e.t < pos.t;
}

/** A short fingerprint of the filters, stored in cursors so that they are not reused across lists. */
export function filterKey(provider: string | null, search: string | null): string {
  return createHash('sha256')
    .update(`${provider ?? '*'}\u0000${search ?? ''}`)
    .digest('base64url')
    .slice(0, 10);
}

export interface SessionSources {
  /**
   * Sumvin's list in its own order (most recent first); null when the provider is filtered out.
   * `count`: only the answer's `total` is used (a page that shows no Sumvin session).
   */
  sumvin: ((offset: number, limit: number, purpose: 'page' | 'count') => Promise<OffsetPage<SumvinSession>>) | null;
  /** The caller's Eliza sessions after filtering, any order; null when filtered out. */
  eliza: (() => Promise<ElizaSession[]>) | null;
  /** Called when one source fails; the page then holds the other's sessions. */
  onSourceError(source: 'sumvin' | 'eliza', err: unknown): void;
}

/** Sumvin's page size limit. */
const SUMVIN_MAX_LIMIT = 100;

interface SumvinSlice {
  /** Offset of the first item. */
  start: number;
  items: Item[];
  /** Sumvin's `total`; null when unknown (the source failed). */
  total: number | null;
}

/**
 * One page of the caller's sessions from both upstreams, merged by recent activity. A cursor
 * holds its edge (activity, provider, id) and how many Sumvin sessions come before it, so a page
 * asks Sumvin for exactly the offsets it shows (never more than Sumvin's limit of 100; one
 * session when it shows none, for the total) and filters Eliza's list in memory. Whether more
 * follow, and `totalCount`, are read from Sumvin's `total`.
 */
export async function pageSessions(
  req: PageRequest<SessionListCursor>,
  fKey: string,
  sources: SessionSources,
): Promise<Connection<SessionNode>> {
  const { after, before, size } = req;
  // Sumvin offsets in range: [lo, hi); hi is open-ended without `before`.
  const lo = after ? after.n + (after.p === 's' ? 1 : 0) : 0;
  const hi = before ? before.n : Infinity;

  const elizaP: Promise<{ items: Item[]; total: number | null }> = sources.eliza
    ? sources.eliza().then(
        (list) => {
          const all = list.map(itemOf);
          const items = all
            .filter((e) => (!after || elizaAfter(e, after)) && (!before || elizaBefore(e, before)))
            .sort(elizaCmp);
          return { items, total: list.length };
        },
        (err: unknown) => {
          sources.onSourceError('eliza', err);
          return { items: [], total: null };
        },
      )
    : Promise.resolve({ items: [], total: 0 });

  const fetchSumvin = async (offset: number, limit: number): Promise<SumvinSlice & { total: number }> => {
    const page = await sources.sumvin!(offset, Math.min(limit, SUMVIN_MAX_LIMIT), 'page');
    return { start: offset, items: page.items.map(itemOf), total: page.total };
  };
  // No Sumvin session in range: the smallest read still gives `total` (for totalCount).
  const countSumvin = async (start: number): Promise<SumvinSlice> => {
    const page = await sources.sumvin!(0, 1, 'count');
    return { start, items: [], total: page.total };
  };

  const sumvinP: Promise<SumvinSlice> = (async (): Promise<SumvinSlice> => {
    if (!sources.sumvin) return { start: lo, items: [], total: 0 };
    if (req.direction === 'forward') {
      if (hi <= lo) return countSumvin(lo);
      // At least one item, so that a page of 0 still learns whether anything follows.
      return fetchSumvin(lo, Math.max(1, Math.min(size, hi - lo)));
    }
    let end = hi;
    let total: number | null = null;
    if (end === Infinity) {
      const head = await fetchSumvin(lo, Math.max(1, size));
      if (head.start + head.items.length >= head.total) return head;
      end = total = head.total;
    }
    const start = Math.max(lo, end - size);
    if (start >= end) return total === null ? countSumvin(start) : { start, items: [], total };
    return fetchSumvin(start, end - start);
  })().catch((err: unknown) => {
    sources.onSourceError('sumvin', err);
    return { start: lo, items: [], total: null };
  });

  const [eliza, sumvin] = await Promise.all([elizaP, sumvinP]);
  const sumvinItems = sumvin.items;
  const sumvinEnd = Math.min(hi, sumvin.start + sumvinItems.length);

  const merged: Array<Item & { n: number }> = [];
  let si = 0;
  let ei = 0;
  const elizaItems = eliza.items;
  while (si < sumvinItems.length || ei < elizaItems.length) {
    const n = sumvin.start + si;
    const s = n < hi ? sumvinItems[si] : undefined;
    const e = elizaItems[ei];
    if (!s && !e) break;
    if (s && (!e || s.t > e.t)) {
      si++;
      if (inSumvinRange(s, after, before)) merged.push({ ...s, n });
    } else if (e) {
      ei++;
      merged.push({ ...e, n });
    }
  }

  const taken = req.direction === 'forward' ? merged.slice(0, size) : merged.slice(Math.max(0, merged.length - size));
  const sumvinAfter = sumvin.total !== null && Math.min(hi, sumvin.total) > sumvinEnd;
  const flags =
    req.direction === 'forward'
      ? { hasNextPage: merged.length > size || sumvinAfter, hasPreviousPage: after !== null }
      : { hasNextPage: before !== null, hasPreviousPage: merged.length > size || sumvin.start > lo };
  const totalCount = sumvin.total !== null && eliza.total !== null ? sumvin.total + eliza.total : null;
  return connectionOf(
    taken.map((i) => ({ cursor: sessionListCursors.encode({ f: fKey, t: i.t, p: i.p, id: i.id, n: i.n }), node: i.node })),
    flags,
    totalCount,
  );
}

/**
 * A Sumvin session read at an offset in range is shown unless the list visibly moved since the
 * cursor was made (a session now newer than `after`, or older than `before`, or the cursor's own).
 */
function inSumvinRange(s: Item, after: Position | null, before: Position | null): boolean {
  if (after && (s.t > after.t || (after.p === 's' && s.id === after.id))) return false;
  if (before && (s.t < before.t || (before.p === 's' && s.id === before.id))) return false;
  return true;
}
