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

const itemOf = (node: SessionNode): Item =>
  isElizaSession(node)
    ? { p: 'e', id: node.sessionId, t: node.lastActivity, node }
    : { p: 's', id: node.id, t: node.updatedAt, node };

/** Most recent activity first; ties broken by provider, then id, so the order is total. */
function cmp(a: Pick<Item, 'p' | 'id' | 't'>, b: Pick<Item, 'p' | 'id' | 't'>): number {
  return b.t - a.t || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A short fingerprint of the filters, stored in cursors so that they are not reused across lists. */
export function filterKey(provider: string | null, search: string | null): string {
  return createHash('sha256')
    .update(`${provider ?? '*'}\u0000${search ?? ''}`)
    .digest('base64url')
    .slice(0, 10);
}

export interface SessionSources {
  /** Sumvin's list in its own order (most recent first); null when the provider is filtered out. */
  sumvin: ((offset: number, limit: number) => Promise<OffsetPage<SumvinSession>>) | null;
  /** The caller's Eliza sessions after filtering, any order; null when filtered out. */
  eliza: (() => Promise<ElizaSession[]>) | null;
  /** Called when one source fails; the page then holds the other's sessions. */
  onSourceError(source: 'sumvin' | 'eliza', err: unknown): void;
}

interface SumvinSlice {
  start: number;
  items: Item[];
  total: number | null;
}

/**
 * One page of the caller's sessions from both upstreams, merged by recent activity. A cursor
 * holds its position (activity, provider, id) and how many Sumvin sessions come up to it, so the
 * next page asks Sumvin for exactly the following offset and filters Eliza's list in memory.
 */
export async function pageSessions(
  req: PageRequest<SessionListCursor>,
  fKey: string,
  sources: SessionSources,
): Promise<Connection<SessionNode>> {
  const after = req.after;
  const before = req.before;
  const inRange = (i: Item) => (!after || cmp(i, after) > 0) && (!before || cmp(i, before) < 0);
  const sumvinLo = after ? after.n : 0;

  const elizaP: Promise<{ items: Item[]; total: number | null }> = sources.eliza
    ? sources.eliza().then(
        (list) => ({ items: list.map(itemOf).filter(inRange).sort(cmp), total: list.length }),
        (err: unknown) => {
          sources.onSourceError('eliza', err);
          return { items: [], total: null };
        },
      )
    : Promise.resolve({ items: [], total: 0 });

  const fetchSumvin = async (offset: number, limit: number): Promise<SumvinSlice> => {
    if (!sources.sumvin || limit <= 0) return { start: offset, items: [], total: sources.sumvin ? null : 0 };
    const page = await sources.sumvin(offset, limit);
    return { start: offset, items: page.items.map(itemOf), total: page.total };
  };

  const sumvinP: Promise<SumvinSlice> = (async () => {
    if (req.direction === 'forward') return fetchSumvin(sumvinLo, req.size + 1);
    let hi: number;
    if (before) {
      hi = before.n - (before.p === 's' ? 1 : 0);
    } else {
      if (!sources.sumvin) return { start: 0, items: [], total: 0 };
      const head = await fetchSumvin(0, Math.max(1, req.size));
      if (head.total === null || head.total <= head.items.length) return head;
      hi = head.total;
    }
    const start = Math.max(sumvinLo, hi - req.size);
    return fetchSumvin(start, hi - start);
  })().catch((err: unknown) => {
    sources.onSourceError('sumvin', err);
    return { start: sumvinLo, items: [], total: null } satisfies SumvinSlice;
  });

  const [eliza, sumvin] = await Promise.all([elizaP, sumvinP]);
  const elizaItems = eliza.items;

  // Sumvin items already at or before `after` (the list moved since) are consumed but not shown.
  const merged: Array<Item & { n: number }> = [];
  let consumed = sumvin.start;
  const sumvinItems = sumvin.items;
  let si = 0;
  let ei = 0;
  while (si < sumvinItems.length || ei < elizaItems.length) {
    const s = sumvinItems[si];
    const e = elizaItems[ei];
    if (s && (!e || cmp(s, e) <= 0)) {
      si++;
      consumed++;
      if (inRange(s)) merged.push({ ...s, n: consumed });
    } else if (e) {
      ei++;
      merged.push({ ...e, n: consumed });
    }
  }

  const size = req.size;
  const taken = req.direction === 'forward' ? merged.slice(0, size) : merged.slice(Math.max(0, merged.length - size));
  const sumvinMore = sumvin.total !== null && sumvin.total > sumvin.start + sumvinItems.length;
  const flags =
    req.direction === 'forward'
      ? { hasNextPage: merged.length > size || sumvinMore, hasPreviousPage: after !== null }
      : { hasNextPage: before !== null, hasPreviousPage: merged.length > size || sumvin.start > sumvinLo };
  const totalCount = sumvin.total !== null && eliza.total !== null ? sumvin.total + eliza.total : null;
  return connectionOf(
    taken.map((i) => ({ cursor: sessionListCursors.encode({ f: fKey, t: i.t, p: i.p, id: i.id, n: i.n }), node: i.node })),
    flags,
    totalCount,
  );
}
