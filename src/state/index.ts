import type { ElizaSessionSource } from '../upstream/eliza/session-stream.js';
import { createMemoryStore } from './memory-store.js';
import { startReconciler, type Reconciler, type ReconcileOptions } from './reconcile.js';
import type { SharedStore } from './store.js';

export interface SharedStateSettings {
  /** Redis for several instances; absent: everything in this process. */
  redisUrl?: string;
  redisKeyPrefix?: string;
  reconcileIntervalMs: number;
  expiredTtlMs?: number;
  sweepMarginMs?: number;
}

export interface SharedState {
  store: SharedStore;
  reconciler: Reconciler;
  close(): Promise<void>;
}

/**
 * Opens the shared store (Redis when configured, else memory) and starts reconciling the
 * ownership index with the global Eliza list: a first pass now, then one per interval.
 */
export async function openSharedState(
  settings: SharedStateSettings,
  source: ElizaSessionSource,
  log?: ReconcileOptions['log'],
): Promise<SharedState> {
  const common = settings.expiredTtlMs !== undefined ? { expiredTtlMs: settings.expiredTtlMs } : {};
  const store = settings.redisUrl
    ? await (await import('./redis-store.js')).createRedisStore({
        url: settings.redisUrl,
        ...(settings.redisKeyPrefix ? { keyPrefix: settings.redisKeyPrefix } : {}),
        ...common,
        onStatus: (status, err) =>
          status === 'down'
            ? log?.warn({ err: err?.message }, 'shared store (Redis) unreachable: agent sessions unavailable, rate limits not counted')
            : log?.info({}, 'shared store (Redis) reachable again'),
      })
    : createMemoryStore(common);
  const reconciler = startReconciler({
    store,
    source,
    intervalMs: settings.reconcileIntervalMs,
    ...(settings.sweepMarginMs !== undefined ? { sweepMarginMs: settings.sweepMarginMs } : {}),
    ...(log ? { log } : {}),
  });
  return {
    store,
    reconciler,
    async close() {
      reconciler.stop();
      await store.close();
    },
  };
}

export type { SharedStore } from './store.js';
