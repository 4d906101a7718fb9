/**
 * A small per-origin circuit breaker. Only outcomes reported as `failure` (5xx, timeouts, network
 * errors) count against the upstream; 4xx and 429 are reported as `success` because the upstream
 * answered, and caller aborts as `neutral`.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';
export type BreakerOutcome = 'success' | 'failure' | 'neutral';

export interface CircuitBreakerOptions {
  /** Rolling window over which the failure ratio is measured. */
  windowMs?: number;
  /** Minimum number of counted requests in the window before the breaker may open. */
  minRequests?: number;
  /** Failure ratio (0..1) at or above which the breaker opens. */
  failureRatio?: number;
  /** How long the breaker stays open before letting one probe through. */
  openMs?: number;
  now?: () => number;
}

const BUCKETS = 10;

interface Bucket {
  slot: number;
  total: number;
  failures: number;
}

export class CircuitBreaker {
  private readonly windowMs: number;
  private readonly minRequests: number;
  private readonly failureRatio: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private readonly bucketMs: number;
  private buckets: Bucket[] = [];
  private currentState: BreakerState = 'closed';
  private openedAt = 0;
  private probeInFlight = false;

  constructor(opts: CircuitBreakerOptions = {}) {
    this.windowMs = opts.windowMs ?? 10_000;
    this.minRequests = opts.minRequests ?? 20;
    this.failureRatio = opts.failureRatio ?? 0.5;
    this.openMs = opts.openMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.bucketMs = Math.max(1, Math.ceil(this.windowMs / BUCKETS));
  }

  get state(): BreakerState {
    if (this.currentState === 'open' && this.now() - this.openedAt >= this.openMs) return 'half-open';
    return this.currentState;
  }

  /**
   * Asks to send one request. Returns a ticket to settle with the outcome, or `null` when the
   * breaker is open (or half-open with its probe already out): fail fast.
   */
  acquire(): BreakerTicket | null {
    if (this.currentState === 'open') {
      if (this.now() - this.openedAt < this.openMs) return null;
      this.currentState = 'half-open';
      this.probeInFlight = false;
    }
    if (this.currentState === 'half-open') {
      if (this.probeInFlight) return null;
      this.probeInFlight = true;
      return new BreakerTicket(this, true);
    }
    return new BreakerTicket(this, false);
  }

  /** @internal called by a ticket */
  settle(probe: boolean, outcome: BreakerOutcome): void {
    if (probe) {
      this.probeInFlight = false;
      if (this.currentState !== 'half-open') return;
      if (outcome === 'success') {
        this.currentState = 'closed';
        this.buckets = [];
      } else if (outcome === 'failure') {
        this.trip();
      }
      return;
    }
    if (outcome === 'neutral' || this.currentState !== 'closed') return;
    const now = this.now();
    const slot = Math.floor(now / this.bucketMs);
    const oldest = slot - BUCKETS + 1;
    this.buckets = this.buckets.filter((b) => b.slot >= oldest);
    let bucket = this.buckets.find((b) => b.slot === slot);
    if (!bucket) {
      bucket = { slot, total: 0, failures: 0 };
      this.buckets.push(bucket);
    }
    bucket.total += 1;
    if (outcome === 'failure') bucket.failures += 1;
    if (outcome !== 'failure') return;
    let total = 0;
    let failures = 0;
    for (const b of this.buckets) {
      total += b.total;
      failures += b.failures;
    }
    if (total >= this.minRequests && failures / total >= this.failureRatio) this.trip();
  }

  private trip(): void {
    this.currentState = 'open';
    this.openedAt = this.now();
    this.buckets = [];
  }
}

export class BreakerTicket {
  private settled = false;
  constructor(
    private readonly breaker: CircuitBreaker,
    readonly probe: boolean,
  ) {}

  settle(outcome: BreakerOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.breaker.settle(this.probe, outcome);
  }
}
