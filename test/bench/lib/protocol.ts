/** Messages between the bench runner and its two child processes (over the fork IPC channel). */

export interface Command {
  id: number;
  cmd: string;
  args?: Record<string, unknown>;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface UpstreamsReady {
  type: 'ready';
  sumvinUrl: string;
  elizaUrl: string;
  /** Where the dev identity provider's public JWKS is served. */
  jwksUrl: string;
  issuer: string;
  audience: string;
  token: string;
  /** A seeded Sumvin session of the bench user (the one the single-session scenarios read). */
  sessionId: string;
  /** The bench user's seeded sessions, newest first (Sumvin) and in seed order (Eliza). */
  sumvinSessionIds: string[];
  elizaSessionIds: string[];
  sumvinMessagesPerSession: number;
  latencyMs: number;
}

export interface FacadeReady {
  type: 'ready';
  url: string;
  /** The facade's Node version. */
  node: string;
}

/** Upstream request counts by route key, per emulator. */
export interface UpstreamCounts {
  sumvin: Record<string, number>;
  eliza: Record<string, number>;
}

/** A process's own resource figures, as `process.cpuUsage()` and `process.memoryUsage()` give them. */
export interface Usage {
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
  /** The process's peak resident set so far (bytes), as the kernel counts it (`maxRSS`). */
  maxRss: number;
  /** The facade only: the highest V8 heap in use (garbage included) and Buffer memory, sampled. */
  peakHeapUsed?: number;
  peakArrayBuffers?: number;
}

export const totalCalls = (c: UpstreamCounts): number =>
  [...Object.values(c.sumvin), ...Object.values(c.eliza)].reduce((a, b) => a + b, 0);

/** One upstream request: `performance.now()` times in the upstreams process. */
export interface Span {
  route: string;
  start: number;
  end: number;
}
