/**
 * The shared history poll of watched Sumvin sessions (Sumvin has no push). One poll loop per
 * watched session and owner on an instance, whatever the number of subscribers there, and one
 * cluster-wide: a loop polls only while it holds the session's lease in the shared store, so with
 * several instances one of them polls and everyone hears its finds over pub/sub. The poll is fast
 * right after activity and backs off while the session is quiet; it stops when nobody watches.
 */
import type { Lease, Locks } from '../store.js';

export interface PollSettings {
  /** Delay after activity. Default 2 s. */
  minMs: number;
  /** Longest delay while quiet. Default 30 s. */
  maxMs: number;
}

export const POLL_DEFAULTS: PollSettings = { minMs: 2_000, maxMs: 30_000 };

/** Reads (and publishes) the messages from `offset` on, or only the history's length when `offset` is null. */
export type HistoryReader = (offset: number | null, signal: AbortSignal) => Promise<{ total: number }>;

interface Loop {
  readers: Set<HistoryReader>;
  timer: NodeJS.Timeout | null;
  delay: number;
  known: number | null;
  abort: AbortController;
  /** The session's poll lease, while this instance holds it. */
  lease: Lease | null;
}

export class SumvinPollers {
  private readonly loops = new Map<string, Loop>();
  private polls = 0;

  constructor(
    private readonly locks: Locks,
    private readonly settings: PollSettings = POLL_DEFAULTS,
  ) {}

  /** Polls session `key` while watched; `reader` reads (and publishes) with one watcher's credentials. */
  watch(key: string, reader: HistoryReader): () => void {
    let loop = this.loops.get(key);
    if (!loop) {
      loop = { readers: new Set(), timer: null, delay: this.settings.minMs, known: null, abort: new AbortController(), lease: null };
      this.loops.set(key, loop);
      this.schedule(key, loop, 0);
    }
    loop.readers.add(reader);
    const own = loop;
    return () => {
      own.readers.delete(reader);
      if (own.readers.size > 0 || this.loops.get(key) !== own) return;
      this.loops.delete(key);
      if (own.timer) clearTimeout(own.timer);
      own.abort.abort();
      // another instance whose clients still watch takes over at its next tick
      void own.lease?.release().catch(() => undefined);
      own.lease = null;
    };
  }

  /** Activity in a session (a write through the facade): poll soon again. */
  touch(key: string): void {
    const loop = this.loops.get(key);
    if (!loop) return;
    loop.delay = this.settings.minMs;
    this.schedule(key, loop, this.settings.minMs);
  }

  stats(): { activePolls: number; polls: number } {
    return { activePolls: this.loops.size, polls: this.polls };
  }

  close(): void {
    for (const [key, loop] of this.loops) {
      if (loop.timer) clearTimeout(loop.timer);
      loop.abort.abort();
      void loop.lease?.release().catch(() => undefined);
      this.loops.delete(key);
    }
  }

  private schedule(key: string, loop: Loop, ms: number): void {
    if (loop.timer) clearTimeout(loop.timer);
    loop.timer = setTimeout(() => {
      loop.timer = null;
      void this.tick(key, loop);
    }, ms);
    loop.timer.unref?.();
  }

  private async tick(key: string, loop: Loop): Promise<void> {
    if (this.loops.get(key) !== loop) return;
    let found = false;
    // the lease outlives the longest delay, so the holder keeps it from tick to tick (extended each
    // time); if the holder dies, another instance takes over once it runs out
    const ttl = this.settings.maxMs + this.settings.minMs;
    const kept = loop.lease ? await loop.lease.extend(ttl).catch(() => false) : false;
    const lease = kept ? loop.lease : await this.locks.tryAcquire(`poll:${key}`, ttl).catch(() => null);
    loop.lease = lease;
    if (this.loops.get(key) !== loop) {
      void lease?.release().catch(() => undefined);
      return;
    }
    if (lease) {
      try {
        const reader = [...loop.readers][0];
        if (reader && !loop.abort.signal.aborted) {
          this.polls += 1;
          const page = await reader(loop.known, loop.abort.signal);
          // the first poll only learns where the history ends
          found = loop.known !== null && page.total > loop.known;
          loop.known = page.total;
        }
      } catch {
        // upstream trouble: try again after the usual delay
      }
    }
    if (this.loops.get(key) !== loop) return;
    loop.delay = found ? this.settings.minMs : Math.min(loop.delay * 2, this.settings.maxMs);
    this.schedule(key, loop, loop.delay);
  }
}
