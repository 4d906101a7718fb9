/**
 * The events of one subscription: one watched session (`sessionFeed`) or a caller's inbox
 * (`inboxFeed`). Sources: the session's pub/sub topic (the facade's own writes, on any instance,
 * and the shared Sumvin poll's finds), the ElizaOS channel (the agent's replies, joined through
 * this instance's one watcher), and, for an agent session, a clock check that derives the expiry
 * warning and the expiry from `expiresAt` and the session's warning threshold. A message seen
 * twice (published and broadcast) is given once. The feed ends after the session is removed, and
 * with `token-expired` when the caller's token runs out.
 */
import { fromElizaMessage } from '../../domain/messages.js';
import type { ElizaApi, ElizaSession } from '../../upstream/eliza/types.js';
import { inboxTopic, sessionTopic, type LiveEvent } from './events.js';
import type { LiveServices } from './services.js';
import type { HistoryReader } from './sumvin-poll.js';

/** `refused`: the caller holds as many subscriptions as allowed (nothing was watched). */
export type FeedItem = LiveEvent | { type: 'token-expired' } | { type: 'refused' };

export type FeedTarget =
  | { provider: 'eliza'; session: ElizaSession; eliza: Pick<ElizaApi, 'getSession'> }
  | { provider: 'sumvin'; sessionId: string; reader: HistoryReader };

interface FeedArgs {
  live: LiveServices;
  ownerKey: string;
  /** When the caller's token expires (epoch ms, wall clock). */
  tokenExpiresAt: number;
  signal: AbortSignal;
  /** Takes one of the caller's subscription slots when the feed starts; null: none free. */
  acquire?: () => (() => void) | null;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const SEEN_MAX = 2_000;

/**
 * A queue the sources push into and the subscriber drains; `setup` returns the cleanups. A plain
 * iterator rather than an async generator, so that `return()` (the client left) frees everything
 * at once even while the subscriber waits for the next event.
 */
function drain(
  signal: AbortSignal,
  setup: (push: (item: FeedItem) => void) => Promise<Array<() => void>>,
  tokenExpiresAt: number,
  endOnRemoved: boolean,
  acquire?: () => (() => void) | null,
): AsyncIterableIterator<FeedItem> {
  const queue: FeedItem[] = [];
  let waiter: ((r: IteratorResult<FeedItem>) => void) | null = null;
  let finished = false;
  let endNext = false;
  let cleanups: Array<() => void> = [];
  let release: (() => void) | null = null;
  const DONE: IteratorResult<FeedItem> = { done: true, value: undefined };
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(tokenTimer);
    signal.removeEventListener('abort', finish);
    for (const c of cleanups.splice(0)) c();
    release?.();
    release = null;
    const w = waiter;
    waiter = null;
    w?.(DONE);
  };
  const take = (item: FeedItem): IteratorResult<FeedItem> => {
    if (item.type === 'token-expired' || item.type === 'refused' || (endOnRemoved && item.type === 'removed')) endNext = true;
    return { done: false, value: item };
  };
  const push = (item: FeedItem) => {
    if (finished || endNext) return;
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(take(item));
    } else queue.push(item);
  };
  let tokenTimer: NodeJS.Timeout | undefined;
  // nothing is watched, and no slot taken, until the stream is read (a refused response never reads it)
  let ready: Promise<void> | null = null;
  const start = (): Promise<void> => {
    if (finished) return Promise.resolve();
    tokenTimer = setTimeout(() => push({ type: 'token-expired' }), Math.min(MAX_TIMER_MS, Math.max(0, tokenExpiresAt - Date.now())));
    signal.addEventListener('abort', finish);
    if (acquire) {
      release = acquire();
      if (!release) {
        push({ type: 'refused' });
        return Promise.resolve();
      }
    }
    return setup(push).then(
      (list) => {
        if (finished) for (const c of list) c();
        else cleanups = list;
      },
      (err: unknown) => {
        finish();
        throw err;
      },
    );
  };
  const it: AsyncIterableIterator<FeedItem> = {
    async next() {
      await (ready ??= start());
      if (finished || signal.aborted) {
        finish();
        return DONE;
      }
      const item = queue.shift();
      if (item) return take(item);
      if (endNext) {
        finish();
        return DONE;
      }
      return new Promise<IteratorResult<FeedItem>>((resolve) => (waiter = resolve));
    },
    async return() {
      finish();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

export function sessionFeed(a: FeedArgs & { target: FeedTarget }): AsyncIterableIterator<FeedItem> {
  const { live, target } = a;
  const seen = new Set<string>();
  const fresh = (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value!);
    return true;
  };
  return drain(
    a.signal,
    async (push) => {
      const cleanups: Array<() => void> = [];
      let current = target.provider === 'eliza' ? target.session : null;
      let warnedFor: number | null = null;
      const give = (e: LiveEvent) => {
        if (e.type === 'message' && !fresh(e.message.messageId)) return;
        if (e.type === 'updated' && e.provider === 'eliza') {
          current = e.session;
          if (warnedFor !== e.session.expiresAt) warnedFor = null;
        }
        push(e);
      };
      const sessionId = target.provider === 'eliza' ? target.session.sessionId : target.sessionId;
      cleanups.push(await live.hub.subscribe(sessionTopic(target.provider, a.ownerKey, sessionId), give));
      if (target.provider === 'sumvin') {
        cleanups.push(live.pollers.watch(`${a.ownerKey}:${sessionId}`, target.reader));
        return cleanups;
      }
      const s = target.session;
      cleanups.push(
        live.watcher.watch(s.channelId, (e) => {
          if (e.type !== 'broadcast') return;
          const metadata: Record<string, unknown> = {};
          if (e.thought !== null) metadata.thought = e.thought;
          if (e.actions.length > 0) metadata.actions = e.actions;
          const message = fromElizaMessage({ id: e.id, sessionId, content: e.text, authorId: e.senderId, isAgent: e.senderId === s.agentId, createdAt: e.createdAt, metadata });
          give({ type: 'message', provider: 'eliza', sessionId, message });
        }),
      );
      let checking = false;
      const check = async () => {
        if (checking || !current) return;
        const now = live.now();
        const session = current;
        const warnAt = session.expiresAt - session.timeoutConfig.warningThresholdMinutes * 60_000;
        if (now >= warnAt && warnedFor !== session.expiresAt && now < session.expiresAt) {
          warnedFor = session.expiresAt;
          push({ type: 'expiring', provider: 'eliza', session });
        }
        if (now < session.expiresAt) return;
        checking = true;
        try {
          const again = await target.eliza.getSession(sessionId, a.signal);
          if (again.expiresAt > session.expiresAt) give({ type: 'updated', provider: 'eliza', session: again });
        } catch (err) {
          if (a.signal.aborted) return;
          const code = (err as { code?: string; kind?: string }).code ?? (err as { kind?: string }).kind;
          if (code === 'UPSTREAM_TIMEOUT' || code === 'UPSTREAM_UNAVAILABLE') return; // try again next tick
          current = null;
          push({ type: 'removed', provider: 'eliza', sessionId, reason: 'EXPIRED' });
          void live.announceExpired(a.ownerKey, sessionId);
        } finally {
          checking = false;
        }
      };
      const timer = setInterval(() => void check(), live.expiryCheckMs);
      cleanups.push(() => clearInterval(timer));
      void check();
      return cleanups;
    },
    a.tokenExpiresAt,
    true,
    a.acquire,
  );
}

export function inboxFeed(a: FeedArgs): AsyncIterableIterator<FeedItem> {
  const kinds = new Set(['created', 'updated', 'removed']);
  return drain(a.signal, async (push) => [await a.live.hub.subscribe(inboxTopic(a.ownerKey), (e) => kinds.has(e.type) && push(e))], a.tokenExpiresAt, false, a.acquire);
}
