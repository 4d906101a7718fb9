import { MeasuredLoader as DataLoader } from './measured.js';
import { NotFoundError, UpstreamError } from '../errors/classes.js';
import type { ElizaApi, ElizaMessagePage, ElizaSession } from '../upstream/eliza/types.js';
import { loadOwned, ownSessions, type ElizaIndexState } from './eliza-owned.js';
import { MAX_FAN_OUT } from './sumvin.js';

export interface ElizaWindowKey {
  sessionId: string;
  limit: number;
  before?: number;
  after?: number;
}

export interface ElizaLoaders {
  /** A session the caller owns; another user's session fails exactly like an unknown one. */
  session: DataLoader<string, ElizaSession>;
  /** The caller's own live sessions (one list call per request). */
  ownSessions: () => Promise<ElizaSession[]>;
  messages: DataLoader<ElizaWindowKey, ElizaMessagePage, string>;
  /**
   * Starts reading windows of a session while the session itself is being read, when the index
   * already says the caller owns it (nothing is read for anyone else's); the messages field then
   * finds them in the loader. Failures are left for that field to report.
   */
  prefetchMessages(keys: readonly ElizaWindowKey[]): void;
  /** Takes a session the upstream just answered (created, renewed …) and indexes its owner. */
  primeSession(session: ElizaSession): Promise<void>;
  forgetSession(id: string): void;
  /** The caller ended the session: it leaves the ownership index. */
  endSession(id: string): Promise<void>;
}

/** The answer for a session that exists but belongs to someone else: the same as for none. */
export const notOwned = (): NotFoundError => new NotFoundError('eliza', 'session');

const windowKey = (k: ElizaWindowKey) => `${k.sessionId}\u0000${k.limit}\u0000${k.before ?? ''}\u0000${k.after ?? ''}`;
const groupKey = (k: ElizaWindowKey) => `${k.sessionId}\u0000${k.before ?? ''}`;

/** Newest-first windows without `after` nest: a smaller limit is a prefix of a larger one. */
function prefixOf(page: ElizaMessagePage, limit: number): ElizaMessagePage {
  const messages = page.messages.slice(0, limit);
  const newest = messages[0];
  const oldest = messages[messages.length - 1];
  return {
    messages,
    hasMore: messages.length === limit,
    cursors: newest && oldest ? { before: oldest.createdAt, after: newest.createdAt } : null,
  };
}

export function createElizaLoaders(
  api: ElizaApi,
  userId: () => string,
  state: ElizaIndexState,
  signal?: AbortSignal,
): ElizaLoaders {
  let allSessions: Promise<ElizaSession[]> | null = null;
  const listAll = () => (allSessions ??= api.listSessions(signal));
  const now = state.now ?? Date.now;

  const session = new DataLoader<string, ElizaSession>(
    async (ids) => {
      // Several at once in a small deployment: one list call answers all live ones; the rest
      // are asked one by one, so that expiry (410) and absence (404) are reported as the
      // upstream reports them. Expiry is the owner's business: anyone else gets NOT_FOUND.
      const small = ids.length > 1 && (await state.index.size().catch(() => Infinity)) <= state.listMaxSessions;
      const listed = small ? new Map((await listAll().catch(() => [] as ElizaSession[])).map((s) => [s.sessionId, s])) : undefined;
      return loadOwned(ids, api, userId(), state, notOwned, signal, listed);
    },
    { name: 'eliza.session', maxBatchSize: MAX_FAN_OUT },
  );

  const messages = new DataLoader<ElizaWindowKey, ElizaMessagePage, string>(
    async (keys) => {
      const results = new Map<string, ElizaMessagePage | Error>();
      const groups = new Map<string, ElizaWindowKey[]>();
      const calls: Promise<void>[] = [];
      for (const k of keys) {
        if (k.after !== undefined) {
          calls.push(
            api
              .getMessages(k.sessionId, { limit: k.limit, ...(k.before !== undefined ? { before: k.before } : {}), after: k.after }, signal)
              .then((page) => void results.set(windowKey(k), page), (e: unknown) => void results.set(windowKey(k), toError(e))),
          );
        } else {
          groups.set(groupKey(k), [...(groups.get(groupKey(k)) ?? []), k]);
        }
      }
      for (const group of groups.values()) {
        const first = group[0]!;
        const limit = Math.max(...group.map((k) => k.limit));
        calls.push(
          api
            .getMessages(first.sessionId, { limit, ...(first.before !== undefined ? { before: first.before } : {}) }, signal)
            .then(
              (page) => {
                for (const k of group) results.set(windowKey(k), k.limit === limit ? page : prefixOf(page, k.limit));
              },
              (e: unknown) => {
                for (const k of group) results.set(windowKey(k), toError(e));
              },
            ),
        );
      }
      await Promise.all(calls);
      return keys.map((k) => results.get(windowKey(k)) ?? new Error('window not loaded'));
    },
    { name: 'eliza.messages', cacheKeyFn: windowKey, maxBatchSize: MAX_FAN_OUT * 10 },
  );

  return {
    session,
    async ownSessions() {
      const mine = await ownSessions(userId(), state, { listAll, loadMany: (ids) => session.loadMany(ids), ...(signal ? { signal } : {}) });
      for (const s of mine) session.prime(s.sessionId, s);
      return mine;
    },
    messages,
    prefetchMessages(keys) {
      const ids = [...new Set(keys.map((k) => k.sessionId))];
      if (ids.length === 0) return;
      void state.index.lookup(ids).then(
        (found) => {
          let me: string;
          try {
            me = userId();
          } catch {
            return;
          }
          const mine = new Set(ids.filter((_, i) => found[i]?.owner === me));
          for (const k of keys) if (mine.has(k.sessionId)) messages.load(k).catch(() => undefined);
        },
        () => undefined,
      );
    },
    async primeSession(s) {
      session.clear(s.sessionId).prime(s.sessionId, s);
      allSessions = null;
      // the upstream's answer names the owner; should the index be down, the next read teaches it
      await state.index.add([{ sessionId: s.sessionId, owner: s.userId }], now()).catch(() => undefined);
    },
    async endSession(id) {
      session.clear(id);
      allSessions = null;
      await state.index.remove(id).catch(() => undefined);
    },
    forgetSession(id) {
      session.clear(id);
      messages.clearAll();
      allSessions = null;
    },
  };
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
