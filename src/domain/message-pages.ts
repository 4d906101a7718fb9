import type { ElizaMessagePage } from '../upstream/eliza/types.js';
import type { OffsetPage, SumvinMessage } from '../upstream/sumvin/types.js';
import { connectionOf, type Connection, type PageRequest } from './connection-args.js';
import { elizaMessageCursors, sumvinMessageCursors, type ElizaMessageCursor, type SumvinMessageCursor } from './cursor.js';
import { fromElizaMessage, fromSumvinMessage, type MessageNode } from './messages.js';
import { sumvinWindow, type Window } from './plan.js';

/**
 * Sumvin pages by offset over messages in sequence order. `knownTotal` is the session's message
 * count (null when the operation did not read the session: then only windows placed without it
 * are asked for, see `sumvinWindow`); when it turns out stale (messages arrived meanwhile), or a
 * `before` cursor points past the end, a backward page is fetched again.
 */
export async function pageSumvinMessages(
  req: PageRequest<SumvinMessageCursor>,
  sessionId: string,
  knownTotal: number | null,
  load: (offset: number, limit: number) => Promise<OffsetPage<SumvinMessage>>,
): Promise<Connection<MessageNode>> {
  const lo = req.after ? req.after.o + 1 : 0;
  const toConnection = (start: number, items: SumvinMessage[], total: number, hi: number) =>
    connectionOf(
      items.map((m, i) => ({ cursor: sumvinMessageCursors.encode(sessionId, start + i), node: fromSumvinMessage(m) })),
      req.direction === 'forward'
        ? { hasNextPage: start + items.length < Math.min(hi, total), hasPreviousPage: start > 0 }
        : { hasNextPage: hi < total, hasPreviousPage: start > lo },
      total,
    );
  // not planned for: learn the count with the smallest read
  const total0 = knownTotal ?? (sumvinWindow(req, null) === 'count' ? (await load(0, 1)).total : null);
  const upper = (total: number | null) =>
    req.before ? (total === null ? req.before.o : Math.min(req.before.o, total)) : (total ?? Number.POSITIVE_INFINITY);

  let total = total0;
  for (let attempt = 0; ; attempt++) {
    const window = sumvinWindow(req, total) as Window;
    const hi = req.direction === 'forward' ? (req.before ? req.before.o : Number.POSITIVE_INFINITY) : upper(total);
    if (window.limit === 0) return toConnection(window.offset, [], total as number, hi);
    const page = await load(window.offset, window.limit);
    if (req.direction === 'backward' && !req.before && page.total !== total && attempt === 0) {
      total = page.total;
      continue;
    }
    // a `before` cursor past the last message (never handed out: forged, or from a longer session
    // of the same id) placed the window past the end: place it again from the count now known, so
    // the page is the one a read of the session would give
    if (req.direction === 'backward' && req.before && total === null && req.before.o > page.total && attempt === 0) {
      total = page.total;
      continue;
    }
    return toConnection(window.offset, page.items, page.total, req.direction === 'forward' ? hi : upper(total ?? page.total));
  }
}

/** Extra messages asked for so that several messages in one millisecond do not hide a page. */
const TIE_SLACK = 5;
/** With `after`, the upstream only looks at its newest 20·limit messages: 50 makes that 1000. */
const FORWARD_LIMIT = 50;

type Key = { t: number; id: string };
const cmpKey = (a: Key, b: Key) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const keyOf = (m: MessageNode): Key => ({ t: m.createdAt, id: m.messageId });

/** The one upstream read an Eliza page makes (null: an empty page, no read), known from its arguments alone. */
export function elizaWindow(req: PageRequest<ElizaMessageCursor>): { limit: number; before?: number; after?: number } | null {
  if (req.size === 0) return null;
  if (req.direction === 'forward') {
    return { limit: Math.min(100, Math.max(req.size + 1 + TIE_SLACK, FORWARD_LIMIT)), after: req.after ? req.after.t - 1 : 0 };
  }
  return { limit: Math.min(100, req.size + 1 + TIE_SLACK), ...(req.before ? { before: req.before.t + 1 } : {}) };
}

/**
 * Eliza pages by timestamp windows, newest first upstream; the connection is chronological.
 * Its limits are the upstream's: `first` from the very start reaches at most the newest 1000
 * messages (the upstream's scan window), and the total is unknown.
 */
export async function pageElizaMessages(
  req: PageRequest<ElizaMessageCursor>,
  sessionId: string,
  load: (args: { limit: number; before?: number; after?: number }) => Promise<ElizaMessagePage>,
): Promise<Connection<MessageNode>> {
  const inRange = (m: MessageNode) =>
    (!req.after || cmpKey(keyOf(m), req.after) > 0) && (!req.before || cmpKey(keyOf(m), req.before) < 0);
  const edgesOf = (nodes: MessageNode[]) =>
    nodes.map((node) => ({ cursor: elizaMessageCursors.encode(sessionId, node.createdAt, node.messageId), node }));

  const args = elizaWindow(req);
  if (args === null) {
    return connectionOf([], { hasNextPage: false, hasPreviousPage: false }, null);
  }

  if (req.direction === 'forward') {
    const page = await load(args);
    const nodes = page.messages.map(fromElizaMessage).reverse().filter(inRange);
    const taken = nodes.slice(0, req.size);
    return connectionOf(edgesOf(taken), {
      hasNextPage: nodes.length > req.size,
      hasPreviousPage: req.after !== null,
    }, null);
  }

  const page = await load(args);
  const nodes = page.messages.map(fromElizaMessage).reverse().filter(inRange);
  const taken = nodes.slice(Math.max(0, nodes.length - req.size));
  return connectionOf(edgesOf(taken), {
    hasNextPage: req.before !== null,
    hasPreviousPage: nodes.length > req.size,
  }, null);
}
