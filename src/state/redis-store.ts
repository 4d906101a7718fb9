import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import {
  DEFAULT_EXPIRED_TTL_MS,
  StoreUnavailableError,
  type IndexEntry,
  type Lease,
  type OwnerLookup,
  type SharedStore,
  type StoreOptions,
} from './store.js';

export interface RedisStoreOptions extends StoreOptions {
  url: string;
  /** Prefix of every key and channel, so several deployments (or test runs) can share one Redis. */
  keyPrefix?: string;
  /** A command not answered within this time fails (ownership then fails closed). Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Called when the connection drops or comes back; must not throw. */
  onStatus?: (status: 'up' | 'down', error?: Error) => void;
}

/** Removes one session from the index: owner hash, seen set, and the owner's set. */
const REMOVE = `
local owner = redis.call('hget', KEYS[1], ARGV[1])
if owner then
  redis.call('hdel', KEYS[1], ARGV[1])
  redis.call('srem', ARGV[2] .. owner, ARGV[1])
end
redis.call('zrem', KEYS[2], ARGV[1])
return owner`;

/**
 * Removes up to ARGV[3] sessions last seen before ARGV[1], keeping each owner as an expired
 * record (key prefix ARGV[4], for ARGV[5] ms); returns how many.
 */
const SWEEP = `
local ids = redis.call('zrangebyscore', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local owner = redis.call('hget', KEYS[1], id)
  if owner then
    redis.call('hdel', KEYS[1], id)
    redis.call('srem', ARGV[2] .. owner, id)
    redis.call('set', ARGV[4] .. id, owner, 'PX', tonumber(ARGV[5]))
  end
  redis.call('zrem', KEYS[2], id)
end
return #ids`;

/** Deletes the lock only if it still holds our token. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

const SWEEP_BATCH = 500;

/**
 * Every shared thing in one Redis (ioredis). Commands fail at once while the connection is down
 * (no offline queue) and after `commandTimeoutMs` when Redis does not answer, so callers decide
 * quickly: ownership fails closed, rate limiting fails open.
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<SharedStore> {
  const p = opts.keyPrefix ?? 'sessions-graphql:';
  const now = opts.now ?? Date.now;
  const expiredTtlMs = opts.expiredTtlMs ?? DEFAULT_EXPIRED_TTL_MS;
  const settings = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
    lazyConnect: true,
  };
  const redis = new Redis(opts.url, settings);
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) opts.onStatus?.('down', err);
    down = true;
  });
  redis.on('ready', () => {
    if (down) opts.onStatus?.('up');
    down = false;
  });
  redis.defineCommand('indexRemove', { numberOfKeys: 2, lua: REMOVE });
  redis.defineCommand('indexSweep', { numberOfKeys: 2, lua: SWEEP });
  redis.defineCommand('lockRelease', { numberOfKeys: 1, lua: RELEASE });
  redis.defineCommand('lockExtend', { numberOfKeys: 1, lua: EXTEND });
  type Scripted = Redis & {
    indexRemove(k1: string, k2: string, id: string, ownerPrefix: string): Promise<string | null>;
    indexSweep(k1: string, k2: string, before: string, ownerPrefix: string, batch: string, expiredPrefix: string, ttl: string): Promise<number>;
    lockRelease(k: string, token: string): Promise<number>;
    lockExtend(k: string, token: string, ttlMs: string): Promise<number>;
  };
  const r = redis as Scripted;
  // Start even when Redis is down: every use fails until it is back, and the client reconnects.
  await redis.connect().catch((err: unknown) => {
    down = true;
    opts.onStatus?.('down', err instanceof Error ? err : new Error(String(err)));
  });

  const OWNERS = `${p}idx:owner`;
  const SEEN = `${p}idx:seen`;
  const BY_OWNER = `${p}idx:u:`;
  const EXPIRED = `${p}idx:exp:`;
  const PASS = `${p}idx:pass`;

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError(`shared store: ${what} failed`, { cause: err });
    }
  };
  const pipelined = async (what: string, build: (pipe: ReturnType<Redis['pipeline']>) => void): Promise<unknown[]> =>
    call(what, async () => {
      const pipe = redis.pipeline();
      build(pipe);
      const results = (await pipe.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed) throw failed[0];
      return results.map(([, value]) => value);
    });

  let subscriber: Redis | null = null;
  const handlers = new Map<string, Set<(message: string) => void>>();

  return {
    kind: 'redis',
    index: {
      async add(entries: readonly IndexEntry[], seenAt: number) {
        if (entries.length === 0) return;
        await pipelined('index add', (pipe) => {
          for (const { sessionId, owner } of entries) {
            pipe.hset(OWNERS, sessionId, owner);
            pipe.zadd(SEEN, 'GT', seenAt, sessionId);
            pipe.sadd(BY_OWNER + owner, sessionId);
          }
        });
      },
      async remove(sessionId) {
        await pipelined('index remove', (pipe) => {
          (pipe as unknown as { indexRemove(...a: string[]): void }).indexRemove(OWNERS, SEEN, sessionId, BY_OWNER);
          pipe.del(EXPIRED + sessionId);
        });
      },
      async expire(sessionId, owner) {
        await pipelined('index expire', (pipe) => {
          (pipe as unknown as { indexRemove(...a: string[]): void }).indexRemove(OWNERS, SEEN, sessionId, BY_OWNER);
          pipe.set(EXPIRED + sessionId, owner, 'PX', expiredTtlMs);
        });
      },
      async lookup(sessionIds): Promise<OwnerLookup[]> {
        if (sessionIds.length === 0) return [];
        const [owners, expired] = (await pipelined('index lookup', (pipe) => {
          pipe.hmget(OWNERS, ...sessionIds);
          pipe.mget(...sessionIds.map((id) => EXPIRED + id));
        })) as [Array<string | null>, Array<string | null>];
        return sessionIds.map((_, i) => ({
          ...(owners[i] ? { owner: owners[i]! } : {}),
          ...(expired[i] ? { expiredOwner: expired[i]! } : {}),
        }));
      },
      sessionsOf: (owner) => call('index read', () => redis.smembers(BY_OWNER + owner)),
      size: () => call('index size', () => redis.hlen(OWNERS)),
      async sweep(before) {
        let removed = 0;
        for (;;) {
          const n = await call('index sweep', () => r.indexSweep(OWNERS, SEEN, String(before), BY_OWNER, String(SWEEP_BATCH), EXPIRED, String(expiredTtlMs)));
          removed += n;
          if (n < SWEEP_BATCH) return removed;
        }
      },
      async lastPass() {
        const v = await call('index read', () => redis.get(PASS));
        return v === null ? null : Number(v);
      },
      async markPass(at) {
        await call('index write', () => redis.set(PASS, String(at)));
      },
    },
    locks: {
      async tryAcquire(name, ttlMs): Promise<Lease | null> {
        const key = `${p}lock:${name}`;
        const token = `${process.pid}:${now()}:${Math.random().toString(36).slice(2)}`;
        const ok = await call('lock', () => redis.set(key, token, 'PX', ttlMs, 'NX'));
        if (ok !== 'OK') return null;
        return {
          release: async () => void (await call('unlock', () => r.lockRelease(key, token))),
          extend: async (ms) => (await call('lock', () => r.lockExtend(key, token, String(ms)))) === 1,
        };
      },
    },
    pubsub: {
      async publish(channel, message) {
        await call('publish', () => redis.publish(`${p}ch:${channel}`, message));
      },
      async subscribe(channel, onMessage) {
        const full = `${p}ch:${channel}`;
        if (!subscriber) {
          subscriber = redis.duplicate({ ...settings, enableOfflineQueue: true, lazyConnect: false });
          subscriber.on('error', () => undefined);
          subscriber.on('message', (ch: string, msg: string) => {
            for (const h of handlers.get(ch) ?? []) h(msg);
          });
        }
        let set = handlers.get(full);
        if (!set) {
          handlers.set(full, (set = new Set()));
          await call('subscribe', () => subscriber!.subscribe(full));
        }
        set.add(onMessage);
        return async () => {
          set.delete(onMessage);
          if (set.size === 0 && handlers.get(full) === set) {
            handlers.delete(full);
            await subscriber?.unsubscribe(full).catch(() => undefined);
          }
        };
      },
    },
    rateLimiter: (spec) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${p}rl:${spec.keyPrefix}`,
        points: spec.points,
        duration: spec.durationSeconds,
        rejectIfRedisNotReady: true,
      }),
    async ping() {
      return redis.ping().then(
        (answer) => answer === 'PONG',
        () => false,
      );
    },
    async close() {
      subscriber?.disconnect();
      redis.disconnect();
    },
  };
}
