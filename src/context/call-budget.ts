import type { Clients } from '../upstream/clients.js';
import { InputError } from '../errors/classes.js';

export interface CallBudgetOptions {
  /** Upstream calls one operation may make in all, per upstream. */
  maxCallsPerUpstream: number;
  /** Upstream calls of one operation in flight at once, per upstream. */
  maxConcurrent: number;
}

/** Enough for a full page of 100 sessions with their messages, plus the list calls. */
export const DEFAULT_CALL_BUDGET: CallBudgetOptions = { maxCallsPerUpstream: 120, maxConcurrent: 10 };

/** Client methods that return an async iterable (a stream) rather than a promise. */
const STREAMING_METHODS: ReadonlySet<PropertyKey> = new Set(['streamMessage']);

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<void> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }
  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** A stream counts as one call and holds its slot until it ends or the consumer stops. */
async function* gated<T>(gate: Semaphore, refused: () => Error | null, stream: AsyncIterable<T> | null): AsyncGenerator<T, void, undefined> {
  await gate.acquire();
  try {
    const refusal = refused();
    if (refusal || !stream) throw refusal ?? new Error('no stream');
    yield* stream;
  } finally {
    gate.release();
  }
}

/**
 * Wraps both clients for one operation: at most `maxConcurrent` calls (streams included, for as
 * long as they are open) in flight per upstream, and
 * at most `maxCallsPerUpstream` calls in all, after which the operation is refused as too large
 * rather than hammering an upstream (whose budgets, like ElizaOS's per-address rate limit, every
 * user shares).
 */
export function budgetClients(clients: Clients, opts: CallBudgetOptions = DEFAULT_CALL_BUDGET): Clients {
  const wrap = <T extends object>(api: T, name: string): T => {
    const gate = new Semaphore(opts.maxConcurrent);
    let calls = 0;
    const refusal = () =>
      new InputError('query', `this operation needs more than ${opts.maxCallsPerUpstream} ${name} calls; ask for fewer items`);
    return new Proxy(api, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (STREAMING_METHODS.has(prop)) {
          return (...args: unknown[]) => {
            calls += 1;
            if (calls > opts.maxCallsPerUpstream) return gated(gate, refusal, null);
            // created now (no request is made before iteration), so it sees this call's context
            const stream = (value as (...a: unknown[]) => AsyncIterable<unknown>).apply(target, args);
            return gated(gate, () => (calls > opts.maxCallsPerUpstream ? refusal() : null), stream);
          };
        }
        return (...args: unknown[]) => {
          calls += 1;
          if (calls > opts.maxCallsPerUpstream) return Promise.reject(refusal());
          // once over budget, calls still waiting for a slot are refused instead of sent
          return gate.run(() =>
            calls > opts.maxCallsPerUpstream
              ? Promise.reject(refusal())
              : (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
          );
        };
      },
    });
  };
  return { sumvin: wrap(clients.sumvin, 'Sumvin'), eliza: wrap(clients.eliza, 'ElizaOS') };
}
