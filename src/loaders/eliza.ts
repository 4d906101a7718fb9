import { MeasuredLoader as DataLoader } from './measured.js';
import { UpstreamError } from '../upstream/errors.js';
import type { ElizaApi, ElizaMessagePage, ElizaSession } from '../upstream/eliza/types.js';
import type { SessionOwners } from '../state/session-owners.js';
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
  primeSession(session: ElizaSession): void;
  forgetSession(id: string): void;
}

/** The answer for a session that exists but belongs to someone else: the same as for none. */
export const notOwned = (): UpstreamError =>
  new UpstreamError({ service: 'eliza', kind: 'NOT_FOUND', status: 404, upstreamCode: 'SESSION_NOT_FOUND', retryable: false, operation: 'ownership' });

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
  owners: SessionOwners,
  signal?: AbortSignal,
): ElizaLoaders {
  let allSessions: Promise<ElizaSession[]> | null = null;
  const listAll = () =>
    (allSessions ??= api.listSessions(signal).then((list) => {
      for (const s of list) owners.remember(s.sessionId, s.userId);
      return list;
    }));

  const owned = (s: ElizaSession): ElizaSession | Error => {
    owners.remember(s.sessionId, s.userId);
    return s.userId === userId() ? s : notOwned();
  };
  /** Expiry is the owner's business: anyone else is told the session does not exist. */
  const failed = (id: string) => (e: unknown): Error => {
    if (e instanceof UpstreamError && e.kind === 'SESSION_EXPIRED' && owners.ownerOf(id) !== userId()) return notOwned();
    return toError(e);
  };

  const session = new DataLoader<string, ElizaSession>(
    async (ids) => {
      if (ids.length === 1) {
        return [await api.getSession(ids[0]!, signal).then(owned, failed(ids[0]!))];
      }
      // Several at once: one list call answers all live ones; the rest are asked one by one so
      // that expiry (410) and absence (404) are reported as the upstream reports them.
      const listed = new Map((await listAll().catch(() => [] as ElizaSession[])).map((s) => [s.sessionId, s]));
      return Promise.all(
        ids.map((id) => {
          const hit = listed.get(id);
          return hit ? owned(hit) : api.getSession(id, signal).then(owned, failed(id));
        }),
      );
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
      const all = await listAll();
      const mine = all.filter((s) => s.userId === userId());
      for (const s of mine) session.prime(s.sessionId, s);
      return mine;
    },
    messages,
    primeSession(s) {
      owners.remember(s.sessionId, s.userId);
      session.clear(s.sessionId).prime(s.sessionId, s);
      allSessions = null;
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
