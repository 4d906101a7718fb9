import type { ElizaSessionSource } from '../upstream/eliza/session-stream.js';
import type { IndexEntry, SharedStore } from './store.js';

export interface ReconcileOptions {
  store: SharedStore;
  source: ElizaSessionSource;
  /** Time between passes (each instance tries; the lock and the last pass time let one run). */
  intervalMs: number;
  /**
   * Entries added less than this long before a pass started are not swept by it, whatever the
   * clocks of the instances say. Default 60 s.
   */
  sweepMarginMs?: number;
  /** How long the lock is held at most, should an instance die mid-pass. Default 5 min. */
  lockTtlMs?: number;
  now?: () => number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export type PassResult =
  | { ran: true; seen: number; removed: number }
  | { ran: false; reason: 'locked' | 'recent' };

const BATCH = 500;

/**
 * One reconcile pass: one streamed read of the global Eliza list; every listed session is
 * (re)indexed with its owner, then entries that were not listed (and were not added since the
 * pass began) are swept as expired. Only one instance runs a pass at a time (a lock in the
 * store), and a pass is skipped when another finished less than half an interval ago, unless
 * `force` is set.
 */
export async function reconcileOnce(opts: ReconcileOptions, force = false, signal?: AbortSignal): Promise<PassResult> {
  const { store, source } = opts;
  const now = opts.now ?? Date.now;
  const lease = await store.locks.tryAcquire('reconcile', opts.lockTtlMs ?? 5 * 60_000);
  if (!lease) return { ran: false, reason: 'locked' };
  try {
    const last = await store.index.lastPass();
    if (!force && last !== null && now() - last < opts.intervalMs / 2) return { ran: false, reason: 'recent' };
    const started = now();
    let seen = 0;
    let batch: IndexEntry[] = [];
    for await (const session of source.all(signal)) {
      batch.push({ sessionId: session.sessionId, owner: session.userId });
      seen++;
      if (batch.length >= BATCH) {
        await store.index.add(batch, started);
        batch = [];
      }
    }
    await store.index.add(batch, started);
    const removed = await store.index.sweep(started - (opts.sweepMarginMs ?? 60_000));
    await store.index.markPass(now());
    return { ran: true, seen, removed };
  } finally {
    await lease.release().catch(() => undefined);
  }
}

export interface Reconciler {
  /** Runs a pass now (forced), e.g. after sessions were made outside the facade. */
  runNow(signal?: AbortSignal): Promise<PassResult>;
  /** The first pass, started with the reconciler. */
  readonly first: Promise<PassResult | null>;
  stop(): void;
}

/** A pass at start, then one every `intervalMs` (timers do not keep the process alive). */
export function startReconciler(opts: ReconcileOptions): Reconciler {
  const controller = new AbortController();
  const run = (force: boolean) =>
    reconcileOnce(opts, force, controller.signal).then(
      (result) => {
        if (result.ran) opts.log?.info({ reconcile: result }, 'ownership index reconciled');
        return result;
      },
      (err: unknown) => {
        if (!controller.signal.aborted) {
          opts.log?.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'ownership index reconcile failed');
        }
        return null;
      },
    );
  const first = run(false);
  const timer = setInterval(() => void run(false), opts.intervalMs);
  timer.unref();
  return {
    first,
    async runNow(signal) {
      return reconcileOnce(opts, true, signal ?? controller.signal);
    },
    stop() {
      clearInterval(timer);
      controller.abort();
    },
  };
}
