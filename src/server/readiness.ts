import { request } from 'undici';

/** One readiness condition: true when met. Should be cheap; it is given `timeoutMs` to answer. */
export interface ReadinessCheck {
  name: string;
  check(signal: AbortSignal): boolean | Promise<boolean>;
}

export interface ReadinessReport {
  ready: boolean;
  /** Check name → `ok` or `failing`; `draining` while the server shuts down. No data. */
  checks: Record<string, 'ok' | 'failing'>;
  draining: boolean;
}

/**
 * What `/ready` answers: every registered check passes and the server is not shutting down.
 * Checks run concurrently, each bounded by `timeoutMs`; a check that throws or times out fails.
 */
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private drainingNow = false;

  constructor(
    checks: ReadinessCheck[] = [],
    private readonly timeoutMs = 2_000,
  ) {
    this.checks.push(...checks);
  }

  add(...checks: ReadinessCheck[]): void {
    this.checks.push(...checks);
  }

  /** From now on the server is not ready (shutdown has begun). */
  drain(): void {
    this.drainingNow = true;
  }

  get draining(): boolean {
    return this.drainingNow;
  }

  async report(): Promise<ReadinessReport> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const results = await Promise.all(
      this.checks.map(async (c): Promise<[string, boolean]> => {
        try {
          const timedOut = new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true }));
          return [c.name, await Promise.race([Promise.resolve(c.check(signal)), timedOut])];
        } catch {
          return [c.name, false];
        }
      }),
    );
    const checks = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing'] as const));
    const ready = !this.drainingNow && results.every(([, ok]) => ok);
    return { ready, checks, draining: this.drainingNow };
  }
}

/**
 * Whether an upstream answered recently: fed with every upstream call's outcome (any HTTP answer
 * below 500 counts); when the last answer is older than `maxAgeMs`, one cheap probe (a GET whose
 * status only matters) runs, shared by concurrent readiness checks.
 */
export class UpstreamLiveness {
  private lastAnswer = Number.NEGATIVE_INFINITY;
  private probing: Promise<boolean> | null = null;

  constructor(
    private readonly probeUrl: string,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one upstream answer (an HTTP status; undefined when none came). */
  record(status: number | undefined): void {
    if (status !== undefined && status < 500) this.lastAnswer = this.now();
  }

  check(signal: AbortSignal): boolean | Promise<boolean> {
    if (this.now() - this.lastAnswer <= this.maxAgeMs) return true;
    this.probing ??= this.probe(signal).finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async probe(signal: AbortSignal): Promise<boolean> {
    try {
      const res = await request(this.probeUrl, { method: 'GET', signal, headersTimeout: 2_000, bodyTimeout: 2_000 });
      await res.body.dump();
      this.record(res.statusCode);
      return res.statusCode < 500;
    } catch {
      return false;
    }
  }
}
