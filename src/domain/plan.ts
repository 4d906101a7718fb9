import type { PageRequest } from './connection-args.js';

/*
 * The read planner's decisions, as pure functions of what an operation selects: which Sumvin calls
 * a session or a list of sessions needs, and which window of messages a page reads. The schema
 * layer reads the selection and carries the plan out; the numbers behind the rules are in the
 * README ("Upstream calls per screen").
 */

/** A Sumvin message page request: only the offset in a cursor matters here. */
export type OffsetPageRequest = PageRequest<{ o: number }>;

/** A run of messages in sequence order. */
export interface Window {
  offset: number;
  limit: number;
}

/**
 * The window a Sumvin page reads, given the session's message count when known (`null` when not).
 * `'count'` when the window cannot be placed without the count: `last` without `before` (counted
 * from the end), or an empty page whose `totalCount` has to come from somewhere.
 */
export function sumvinWindow(req: OffsetPageRequest, total: number | null): Window | 'count' {
  const lo = req.after ? req.after.o + 1 : 0;
  if (req.direction === 'forward') {
    const hi = req.before ? req.before.o : Number.POSITIVE_INFINITY;
    const limit = Math.max(0, Math.min(req.size, hi - lo));
    return limit === 0 && total === null ? 'count' : { offset: lo, limit };
  }
  if (!req.before && total === null) return 'count';
  const hi = req.before ? (total === null ? req.before.o : Math.min(req.before.o, total)) : (total as number);
  const start = Math.max(lo, hi - req.size);
  const limit = Math.max(0, hi - start);
  return limit === 0 && total === null ? 'count' : { offset: start, limit };
}

/** Session fields known from the global id alone, without reading the session. */
export const FIELDS_FROM_ID: ReadonlySet<string> = new Set(['__typename', 'id', 'sessionId', 'provider']);

/**
 * How `session(id)` reads a Sumvin session, from what the operation selects on it:
 * - `get`: `GET session`; message windows whose offsets are known start at the same time;
 * - `windows`: only message fields (and fields known from the id) are selected and every window's
 *   offsets are known: no session GET, the windows alone (a missing or foreign session still fails
 *   on them);
 * - `expand`: a window needs the message count (`last` without a cursor): `GET session?expand=messages`
 *   reads the session, its count and its messages in one call instead of a GET and then a window.
 */
export type SessionPlan = 'get' | 'windows' | 'expand';

export function planSessionRead(sel: {
  /** Fields other than `messages` and those in FIELDS_FROM_ID are selected. */
  sessionFields: boolean;
  /** The parsed arguments of every `messages` selection; null where they do not parse. */
  windows: ReadonlyArray<OffsetPageRequest | null>;
}): SessionPlan {
  if (sel.windows.length === 0 || sel.windows.some((w) => w === null)) return 'get';
  if (sel.windows.some((w) => sumvinWindow(w!, null) === 'count')) return 'expand';
  return sel.sessionFields ? 'get' : 'windows';
}

/*
 * Measured with `npx tsx test/bench/plans.ts` (emulator, 10 ms latency, messages of ~80 characters,
 * about 380 bytes each in an answer): an inbox of 20 sessions with their last 3 messages costs
 * 1 call, 1 round trip and 28 KB (3 messages a session) to 243 KB (30) expanded, against 21 calls,
 * 2 round trips and 31 to 33 KB plainly; expanded is faster up to somewhat over 100 messages a
 * session (35 ms against 40 ms, 800 KB; at 300, 62 ms against 37 ms, 2.4 MB). Opening a session with its newest 50: expanded 1 call and
 * 1.5 KB (3 messages) to 115 KB (300), 12 to 14 ms; plainly 2 calls in sequence, 2 to 20 KB,
 * 25 to 28 ms.
 */

/** Most sessions one list call may ask to expand with all their messages. */
export const EXPAND_LIST_MAX_SESSIONS = 25;
/**
 * Most bytes an expanded list page may have: about the point where expanding stops being faster
 * (some 130 messages a session for a page of 21). A longer answer is refused on its declared
 * length (no body read) and the plain plan follows.
 */
export const EXPAND_LIST_MAX_BYTES = 1024 * 1024;
/** Most bytes one expanded session may have: about 1,300 messages of ordinary length. */
export const EXPAND_SESSION_MAX_BYTES = 512 * 1024;

/**
 * How `sessions { … messages }` reads Sumvin's sessions: `expand` (the list with every message, one
 * call) when messages are selected and the page is small enough; `plain` (the list, then one window
 * per session shown, all at once) otherwise, or when the expanded answer is over EXPAND_LIST_MAX_BYTES.
 */
export function planSessionList(sel: { withMessages: boolean; limit: number }): 'expand' | 'plain' {
  return sel.withMessages && sel.limit <= EXPAND_LIST_MAX_SESSIONS ? 'expand' : 'plain';
}
