/**
 * State that every facade instance must see the same way, behind one small interface with two
 * implementations: in process memory (one instance, the default) and Redis (several instances).
 *
 * Kept per process on purpose, because a wrong or missing copy there is harmless: the verified-token
 * cache (a token is verified again on a miss) and the upstream circuit breakers (each instance
 * measures its own connections).
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

/** The store could not be reached or did not answer in time. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** What the index knows about one session id. */
export interface OwnerLookup {
  /** The derived Eliza user id owning the live session, when indexed. */
  owner?: string;
  /** The owner of a session that expired, while its record lives. */
  expiredOwner?: string;
}

export interface IndexEntry {
  sessionId: string;
  owner: string;
}

/**
 * Session id → owner, and owner → session ids, for live agent sessions; plus owner records of
 * sessions that expired, so the owner is told SESSION_EXPIRED (and everyone else NOT_FOUND) on
 * every instance and after restarts.
 */
export interface OwnershipIndex {
  /** Records live sessions; `seenAt` (epoch ms) protects them from the sweep of a pass that started earlier. */
  add(entries: readonly IndexEntry[], seenAt: number): Promise<void>;
  /** Forgets a session the caller ended, with any expired-owner record of it. */
  remove(sessionId: string): Promise<void>;
  /** Forgets a session that expired and keeps who owned it, for `expiredTtlMs`. */
  expire(sessionId: string, owner: string): Promise<void>;
  lookup(sessionIds: readonly string[]): Promise<OwnerLookup[]>;
  sessionsOf(owner: string): Promise<string[]>;
  /** Live sessions indexed, all owners. */
  size(): Promise<number>;
  /**
   * Removes entries not seen since `before` (epoch ms): they are gone upstream (expired, almost
   * always), so their owners are kept as expired records. Returns how many.
   */
  sweep(before: number): Promise<number>;
  /** When the last complete reconcile pass finished (epoch ms), or null: not built yet (or lost). */
  lastPass(): Promise<number | null>;
  markPass(at: number): Promise<void>;
}

/** A held lock; `release` is a no-op once the lease has run out and someone else holds it. */
export interface Lease {
  release(): Promise<void>;
  /** Extends the lease to `ttlMs` from now; false when it has run out and someone else may hold it. */
  extend(ttlMs: number): Promise<boolean>;
}

export interface Locks {
  /** Takes the lock `name` for at most `ttlMs`, or answers null when someone else holds it. */
  tryAcquire(name: string, ttlMs: number): Promise<Lease | null>;
}

/**
 * Fan-out of small messages to every instance (live subscriptions). Delivery is at most once and
 * only to subscribers connected at the time.
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `onMessage` for each message on `channel` until the returned function is called. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

export interface RateLimiterSpec {
  /** Unique per limiter. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export interface SharedStore {
  readonly kind: 'memory' | 'redis';
  readonly index: OwnershipIndex;
  readonly locks: Locks;
  readonly pubsub: PubSub;
  /** A rate-limiter-flexible limiter whose counters live in this store. */
  rateLimiter(spec: RateLimiterSpec): RateLimiterAbstract;
  /** Whether the store answers now (for readiness checks); never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** How long the owner of an expired session is remembered. Default 24 h. */
  expiredTtlMs?: number;
  now?: () => number;
}

export const DEFAULT_EXPIRED_TTL_MS = 24 * 60 * 60_000;
