import { EventEmitter } from 'node:events';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  DEFAULT_EXPIRED_TTL_MS,
  type IndexEntry,
  type Lease,
  type Locks,
  type OwnerLookup,
  type OwnershipIndex,
  type PubSub,
  type SharedStore,
  type StoreOptions,
} from './store.js';

/** Expired-owner records kept at most; the oldest go first. */
const MAX_EXPIRED_RECORDS = 100_000;

class MemoryIndex implements OwnershipIndex {
  private readonly owners = new Map<string, { owner: string; seenAt: number }>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly expired = new Map<string, { owner: string; until: number }>();
  private passAt: number | null = null;

  constructor(
    private readonly expiredTtlMs: number,
    private readonly now: () => number,
  ) {}

  async add(entries: readonly IndexEntry[], seenAt: number): Promise<void> {
    for (const { sessionId, owner } of entries) {
      const current = this.owners.get(sessionId);
      if (current && current.owner !== owner) this.unlink(sessionId, current.owner);
      this.owners.set(sessionId, { owner, seenAt: Math.max(seenAt, current?.seenAt ?? 0) });
      let set = this.byOwner.get(owner);
      if (!set) this.byOwner.set(owner, (set = new Set()));
      set.add(sessionId);
    }
  }

  async remove(sessionId: string): Promise<void> {
    this.expired.delete(sessionId);
    this.drop(sessionId);
  }

  async expire(sessionId: string, owner: string): Promise<void> {
    this.drop(sessionId);
    this.expired.delete(sessionId);
    this.expired.set(sessionId, { owner, until: this.now() + this.expiredTtlMs });
    if (this.expired.size > MAX_EXPIRED_RECORDS) {
      const oldest = this.expired.keys().next().value;
      if (oldest !== undefined) this.expired.delete(oldest);
    }
  }

  async lookup(sessionIds: readonly string[]): Promise<OwnerLookup[]> {
    const now = this.now();
    return sessionIds.map((id) => {
      const live = this.owners.get(id);
      const gone = this.expired.get(id);
      if (gone && gone.until <= now) this.expired.delete(id);
      return {
        ...(live ? { owner: live.owner } : {}),
        ...(gone && gone.until > now ? { expiredOwner: gone.owner } : {}),
      };
    });
  }

  async sessionsOf(owner: string): Promise<string[]> {
    return [...(this.byOwner.get(owner) ?? [])];
  }

  async size(): Promise<number> {
    return this.owners.size;
  }

  async sweep(before: number): Promise<number> {
    const stale = [...this.owners].filter(([, e]) => e.seenAt < before);
    for (const [id, { owner }] of stale) await this.expire(id, owner);
    return stale.length;
  }

  async lastPass(): Promise<number | null> {
    return this.passAt;
  }

  async markPass(at: number): Promise<void> {
    this.passAt = at;
  }

  private drop(sessionId: string): void {
    const current = this.owners.get(sessionId);
    if (!current) return;
    this.owners.delete(sessionId);
    this.unlink(sessionId, current.owner);
  }

  private unlink(sessionId: string, owner: string): void {
    const set = this.byOwner.get(owner);
    set?.delete(sessionId);
    if (set && set.size === 0) this.byOwner.delete(owner);
  }
}

class MemoryLocks implements Locks {
  private readonly held = new Map<string, { token: symbol; until: number }>();
  constructor(private readonly now: () => number) {}

  async tryAcquire(name: string, ttlMs: number): Promise<Lease | null> {
    const current = this.held.get(name);
    if (current && current.until > this.now()) return null;
    const token = Symbol(name);
    this.held.set(name, { token, until: this.now() + ttlMs });
    return {
      release: async () => {
        if (this.held.get(name)?.token === token) this.held.delete(name);
      },
      extend: async (ms) => {
        const held = this.held.get(name);
        if (held?.token !== token || held.until <= this.now()) return false;
        held.until = this.now() + ms;
        return true;
      },
    };
  }
}

class MemoryPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    this.emitter.emit(channel, message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const listener = (m: string) => onMessage(m);
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }
}

/** Everything in this process: right for one instance; `npm start` with no configuration uses it. */
export function createMemoryStore(opts: StoreOptions = {}): SharedStore {
  const now = opts.now ?? Date.now;
  // one counter set per limiter name, however often it is asked for, as in Redis
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    kind: 'memory',
    index: new MemoryIndex(opts.expiredTtlMs ?? DEFAULT_EXPIRED_TTL_MS, now),
    locks: new MemoryLocks(now),
    pubsub: new MemoryPubSub(),
    rateLimiter(spec) {
      const key = `${spec.keyPrefix}\u0000${spec.points}\u0000${spec.durationSeconds}`;
      let limiter = limiters.get(key);
      if (!limiter) {
        limiter = new RateLimiterMemory({ keyPrefix: spec.keyPrefix, points: spec.points, duration: spec.durationSeconds });
        limiters.set(key, limiter);
      }
      return limiter;
    },
    async ping() {
      return true;
    },
    async close() {},
  };
}
