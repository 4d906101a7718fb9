/**
 * Test and benchmark controls shared by both emulators: an injectable clock, per-route
 * request counters, and knobs for added latency and injected failures. Nothing here is
 * reachable over HTTP unless an emulator is started with `exposeControls: true`.
 */

export interface Clock {
  now(): number;
}

/** A clock that follows real time plus an offset; tests move it forward instead of sleeping. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Moves time forward (or back, with a negative value). */
  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Stops time at `ms` (epoch milliseconds), or at the current time when omitted. */
  freeze(ms?: number): void {
    this.frozenAt = ms ?? this.now();
  }

  /** Lets time run again from where it stands. */
  unfreeze(): void {
    if (this.frozenAt !== null) {
      this.offsetMs = this.frozenAt - Date.now();
      this.frozenAt = null;
    }
  }
}

export interface FailureRule {
  /** HTTP status to answer with. */
  status: number;
  /** Fraction of matching requests that fail, 0..1 (1 = every request). Deterministic, not random. */
  rate: number;
  /** Route keys (as counted, e.g. `GET /v0/chat/sessions`) the rule applies to; all routes when omitted. */
  routes?: string[];
  /** Raw body to send instead of the emulator's own error body (e.g. HTML for fault tests). */
  body?: string;
  contentType?: string;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
}

/** One request as the emulator saw it: route key and `performance.now()` times of arrival and answer. */
export interface RequestSpan {
  route: string;
  start: number;
  end: number;
}

const MAX_SPANS = 100_000;

export class EmulatorControls {
  readonly clock = new AdjustableClock();
  private readonly counters = new Map<string, number>();
  private latencyMs = 0;
  private failure: FailureRule | null = null;
  private failureSeen = 0;
  private failureHits = 0;
  private spans: RequestSpan[] | null = null;

  /** Counts one request under its route key (`METHOD /path/:param`). */
  record(routeKey: string): void {
    this.counters.set(routeKey, (this.counters.get(routeKey) ?? 0) + 1);
  }

  /** Requests seen for one route key, or for all routes when omitted. */
  count(routeKey?: string): number {
    if (routeKey === undefined) {
      let total = 0;
      for (const n of this.counters.values()) total += n;
      return total;
    }
    return this.counters.get(routeKey) ?? 0;
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  resetCounts(): void {
    this.counters.clear();
    if (this.spans) this.spans = [];
  }

  /**
   * Starts (or stops) keeping the start and end time of every request, from which a client's
   * sequential round trips can be read. Off by default; `resetCounts` empties the list.
   */
  recordSpans(on: boolean): void {
    this.spans = on ? [] : null;
  }

  /** Called by the router when a request's answer is complete. */
  span(routeKey: string, start: number, end: number): void {
    if (this.spans && this.spans.length < MAX_SPANS) this.spans.push({ route: routeKey, start, end });
  }

  /** Requests since the last reset, when spans are being recorded (else empty). */
  requestSpans(): RequestSpan[] {
    return this.spans ? [...this.spans] : [];
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  latency(): number {
    return this.latencyMs;
  }

  setFailure(rule: FailureRule | null): void {
    this.failure = rule;
    this.failureSeen = 0;
    this.failureHits = 0;
  }

  /** Decides whether this request fails; spreads failures evenly (rate 0.5 = every other request). */
  failureFor(routeKey: string): FailureRule | null {
    const rule = this.failure;
    if (!rule) return null;
    if (rule.routes && !rule.routes.includes(routeKey)) return null;
    this.failureSeen += 1;
    if (this.failureHits < Math.floor(this.failureSeen * rule.rate + 1e-9)) {
      this.failureHits += 1;
      return rule;
    }
    return null;
  }

  /** Clears counters, latency and failures (the clock keeps its time). */
  resetKnobs(): void {
    this.resetCounts();
    this.latencyMs = 0;
    this.setFailure(null);
  }
}

/**
 * Sequential round trips of a set of requests: the length of the longest chain of requests in which
 * each one starts after the previous one ended (greedy by earliest end gives the longest chain).
 */
export function roundTrips(spans: ReadonlyArray<Pick<RequestSpan, 'start' | 'end'>>): number {
  const sorted = [...spans].sort((a, b) => a.end - b.end);
  let chain = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (s.start >= last) {
      chain += 1;
      last = s.end;
    }
  }
  return chain;
}
