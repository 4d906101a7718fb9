/** CPU per request of several processes under the same load, in rounds that alternate between them. */
import type { Child } from './child.js';
import { runLoad, type Operation } from './load.js';
import type { Usage } from './protocol.js';

/** One process and the operation that loads it. */
export interface Side {
  child: Child<{ type: 'ready' }>;
  op: Operation;
}

export interface SideResult {
  cpuMsPerRequest: number;
  /** Each round's CPU per request, in the order run. */
  rounds: number[];
  rps: number;
  requests: number;
  errors: number;
  firstError?: string;
}

/** CPU (user + system) in ms between two `usage` answers. */
export const cpuMs = (a: Usage, b: Usage): number => (b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000;

/**
 * Warms each side up, then runs `rounds` rounds in which every side takes its turn (A B, then
 * B A, …), so that the machine's load, which drifts, weighs on all sides alike.
 */
export async function alternatingCpu(
  sides: Side[],
  opts: { rounds: number; roundMs: number; connections: number; warmupMs: number },
): Promise<SideResult[]> {
  const totals = sides.map(() => ({ cpu: 0, requests: 0, errors: 0, ms: 0, rounds: [] as number[], firstError: undefined as string | undefined }));
  if (opts.warmupMs > 0) for (const s of sides) await runLoad(s.op, { connections: opts.connections, durationMs: opts.warmupMs });
  const order = sides.map((_, i) => i);
  for (let round = 0; round < opts.rounds; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      const side = sides[i]!;
      const total = totals[i]!;
      const a = await side.child.command<Usage>('usage');
      const r = await runLoad(side.op, { connections: opts.connections, durationMs: opts.roundMs });
      const b = await side.child.command<Usage>('usage');
      const cpu = cpuMs(a, b);
      total.cpu += cpu;
      total.requests += r.requests;
      total.errors += r.errors;
      total.ms += r.elapsedMs;
      total.rounds.push(r.requests ? cpu / r.requests : Number.NaN);
      total.firstError ??= r.firstError;
    }
  }
  return totals.map((t) => ({
    cpuMsPerRequest: t.requests ? t.cpu / t.requests : Number.NaN,
    rounds: t.rounds,
    rps: t.requests / (t.ms / 1000),
    requests: t.requests,
    errors: t.errors,
    ...(t.firstError !== undefined ? { firstError: t.firstError } : {}),
  }));
}
