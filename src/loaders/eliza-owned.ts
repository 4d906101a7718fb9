import { assertElizaUuid } from '../upstream/eliza/client.js';
import { NotFoundError, UpstreamError } from '../errors/classes.js';
import type { ElizaApi, ElizaSession } from '../upstream/eliza/types.js';
import type { ElizaSessionSource } from '../upstream/eliza/session-stream.js';
import type { OwnershipIndex, OwnerLookup } from '../state/store.js';

/** The ownership index and how the inbox chooses between it and one global list call. */
export interface ElizaIndexState {
  index: OwnershipIndex;
  /** The global list read as a stream; without it, the capped list call is used. */
  source?: ElizaSessionSource;
  /**
   * Up to this many live sessions (all users, as indexed), the inbox and multi-id reads use one
   * global list call instead of one call per session. See README "Running several instances".
   */
  listMaxSessions: number;
  /** A caller with more live sessions than this is served by one streamed pass of the list. */
  maxOwnSessions: number;
  now?: () => number;
}

/** The index could not be read: agent sessions are unavailable (fail closed), chats are not affected. */
export function indexUnavailable(cause: unknown): UpstreamError {
  return new UpstreamError({ service: 'eliza', kind: 'UPSTREAM_UNAVAILABLE', retryable: true, operation: 'ownership index', cause });
}

/** SESSION_EXPIRED for the owner of a session the index remembers as expired. */
function expired(): UpstreamError {
  return new UpstreamError({ service: 'eliza', kind: 'SESSION_EXPIRED', status: 410, upstreamCode: 'SESSION_EXPIRED', retryable: false, operation: 'ownership index' });
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
const quietly = (p: Promise<unknown>) => p.catch(() => undefined);

/**
 * Loads sessions by id with the ownership index first: a session indexed as someone else's fails
 * as NOT_FOUND without an upstream call, and so does an expired one (SESSION_EXPIRED to its
 * owner, on every instance, while the record lives). Others are read upstream; the upstream's
 * `userId` is checked again and taught to the index. A 410, or a 404 for a session indexed as the
 * caller's, is recorded as expired. When the index cannot be read, nothing is shown.
 */
export async function loadOwned(
  ids: readonly string[],
  api: ElizaApi,
  me: string,
  state: ElizaIndexState,
  notOwned: () => Error,
  signal?: AbortSignal,
  listed?: ReadonlyMap<string, ElizaSession>,
): Promise<Array<ElizaSession | Error>> {
  const now = state.now ?? Date.now;
  // an id that cannot be a session is refused as bad input before the index is asked
  const malformed = new Map<string, Error>();
  for (const id of ids) {
    try {
      assertElizaUuid(id);
    } catch (err) {
      malformed.set(id, toError(err));
    }
  }
  const wellFormed = ids.filter((id) => !malformed.has(id));
  let known: Map<string, OwnerLookup>;
  try {
    const found = await state.index.lookup(wellFormed);
    known = new Map(wellFormed.map((id, i) => [id, found[i] ?? {}]));
  } catch (err) {
    const error = indexUnavailable(err);
    return ids.map((id) => malformed.get(id) ?? error);
  }
  return Promise.all(
    ids.map(async (id): Promise<ElizaSession | Error> => {
      const bad = malformed.get(id);
      if (bad) return bad;
      const { owner, expiredOwner } = known.get(id) ?? {};
      if (owner !== undefined && owner !== me) return notOwned();
      if (owner === undefined && expiredOwner !== undefined) return expiredOwner === me ? expired() : notOwned();
      let session: ElizaSession;
      try {
        session = listed?.get(id) ?? (await api.getSession(id, signal));
      } catch (err) {
        const gone = err instanceof UpstreamError && (err.kind === 'SESSION_EXPIRED' || (err.kind === 'NOT_FOUND' && owner === me));
        if (!gone) return toError(err);
        if (owner !== me) return notOwned();
        await quietly(state.index.expire(id, me));
        return err.kind === 'SESSION_EXPIRED' ? err : expired();
      }
      if (owner === undefined) await quietly(state.index.add([{ sessionId: id, owner: session.userId }], now()));
      return session.userId === me ? session : notOwned();
    }),
  );
}

/**
 * The caller's live sessions. Small deployments (at most `listMaxSessions` indexed) and an index
 * not yet built use one global list call; a caller with more than `maxOwnSessions` sessions one
 * streamed pass over it; everyone else their own ids from the index, loaded by id (batched and
 * bounded by the per-operation call budget). Ended sessions drop out; any other failure fails
 * the whole Eliza half of the inbox.
 */
export async function ownSessions(
  me: string,
  state: ElizaIndexState,
  deps: {
    listAll: () => Promise<ElizaSession[]>;
    loadMany: (ids: string[]) => Promise<Array<ElizaSession | Error>>;
    signal?: AbortSignal;
  },
): Promise<ElizaSession[]> {
  let plan: { ids: string[]; total: number; built: boolean };
  try {
    const [ids, total, last] = await Promise.all([state.index.sessionsOf(me), state.index.size(), state.index.lastPass()]);
    plan = { ids, total, built: last !== null };
  } catch (err) {
    throw indexUnavailable(err);
  }
  if ((plan.built && plan.total <= state.listMaxSessions) || (!plan.built && !state.source)) {
    return (await deps.listAll()).filter((s) => s.userId === me);
  }
  if (!plan.built || plan.ids.length > state.maxOwnSessions) {
    const mine: ElizaSession[] = [];
    for await (const s of state.source!.all(deps.signal)) if (s.userId === me) mine.push(s);
    return mine;
  }
  if (plan.ids.length === 0) return [];
  const loaded = await deps.loadMany(plan.ids);
  const out: ElizaSession[] = [];
  for (const r of loaded) {
    if (!(r instanceof Error)) out.push(r);
    else if (!(r instanceof NotFoundError || (r instanceof UpstreamError && (r.kind === 'NOT_FOUND' || r.kind === 'SESSION_EXPIRED')))) throw r;
  }
  return out;
}
