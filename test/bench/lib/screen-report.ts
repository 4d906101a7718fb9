/** The bench's printed report: one row per screen work and latency, then the targets. */
import type { LoadResult } from './load.js';
import { floorsTable, type FloorsStep } from './floors.js';
import { fmt, table, targetLines, type TargetCheck } from './report.js';
import type { Screen } from './screens.js';

export interface CallCount {
  calls: number;
  roundTrips: number;
}

type Timed = LoadResult & { callsPerRequest: number; facadeCpuMsPerRequest?: number | null };

export interface Run {
  screen: Screen;
  facadeCount: CallCount;
  directCount: CallCount;
  byLatency: Array<{ latencyMs: number; facade: Timed; direct: Timed }>;
}

/**
 * The CPU step: the simple query through the facade, through a bare Node proxy (the floor) and
 * through bare graphql-yoga with a one-resolver schema (the framework's floor).
 */
export interface CpuStep {
  facadeCpuMsPerRequest: number;
  facadeRps: number;
  floorCpuMsPerRequest: number;
  floorRps: number;
  yogaCpuMsPerRequest: number;
  yogaRps: number;
  errors: number;
}

/** The memory step: every work in turn at many connections; peak RSS as the kernel counts it. */
export interface MemoryStep {
  connections: number;
  requests: number;
  errors: number;
  /** The facade's peak RSS (bytes) before the step and after it. */
  peakBefore: number;
  peak: number;
  /** RSS after the step, after a collection. */
  rssAfter: number;
  /** Sampled peaks over the whole run: V8 heap in use (garbage included) and Buffer memory. */
  peakHeapUsed: number;
  peakArrayBuffers: number;
}

const mib = (bytes: number) => bytes / 1024 / 1024;
const pair = (c: CallCount) => `${fmt(c.calls)} / ${fmt(c.roundTrips)}`;
const signed = (n: number) => `${n >= 0 ? '+' : ''}${fmt(n, 1)}`;

export function printReport(r: {
  header: string;
  runs: Run[];
  cpu: CpuStep | null;
  memory: MemoryStep | null;
  floors: FloorsStep | null;
  /** RSS and V8 heap in use, each after a collection, when the facade is ready and at the end. */
  rss: { start: number; end: number; heapStart: number; heapEnd: number };
}): void {
  const out: string[] = [`\n${r.header}\n`];
  out.push('Upstream calls / sequential round trips per operation (emulator counters and request times)\n');
  out.push(
    table(
      ['work', 'lower bound', 'facade', 'direct', 'lower bound is'],
      r.runs.map((x) => [x.screen.title, pair(x.screen.bound), pair(x.facadeCount), pair(x.directCount), x.screen.bound.why]),
    ),
  );
  out.push('\nThroughput and latency, facade against the direct client\n');
  out.push(
    table(
      ['work', 'latency', 'facade req/s', 'direct req/s', 'facade ÷ direct', 'facade p50', 'direct p50', 'p50 delta ms', 'facade cpu ms/op', 'errors'],
      r.runs.flatMap((x) =>
        x.byLatency.map((l) => [
          x.screen.key,
          `${l.latencyMs} ms`,
          fmt(l.facade.rps, 0),
          fmt(l.direct.rps, 0),
          `${fmt(l.facade.rps / l.direct.rps, 2)}×`,
          fmt(l.facade.p50, 1),
          fmt(l.direct.p50, 1),
          signed(l.facade.p50 - l.direct.p50),
          fmt(l.facade.facadeCpuMsPerRequest ?? null, 3),
          `${l.facade.errors}/${l.direct.errors}`,
        ]),
      ),
    ),
  );

  const at10 = r.runs.flatMap((x) => x.byLatency.filter((l) => l.latencyMs === 10).map((l) => ({ x, l })));
  const oneCall = (x: Run) => x.screen.bound.calls === 1;
  const checks: TargetCheck[] = [
    {
      target: 'calls and round trips at the lower bound (works 1–5)',
      measured: r.runs
        .filter((x) => x.screen.key !== 'talk')
        .map((x) => `${x.screen.key} ${pair(x.facadeCount)} vs ${pair(x.screen.bound)}`)
        .join('; '),
      pass: r.runs.length === 0 ? null : r.runs.filter((x) => x.screen.key !== 'talk').every((x) => x.facadeCount.calls <= x.screen.bound.calls && x.facadeCount.roundTrips <= x.screen.bound.roundTrips),
    },
    {
      target: 'at 10 ms: ≥ 0.9× direct on one-call works, ≥ 0.8× on the others',
      measured: at10.map(({ x, l }) => `${x.screen.key} ${fmt(l.facade.rps / l.direct.rps, 2)}×`).join('; ') || 'not run',
      pass: at10.length === 0 ? null : at10.every(({ x, l }) => l.facade.rps / l.direct.rps >= (oneCall(x) ? 0.9 : 0.8)),
    },
    {
      target: 'at 10 ms: p50 ≤ direct + 2 ms',
      measured: at10.map(({ x, l }) => `${x.screen.key} ${signed(l.facade.p50 - l.direct.p50)}`).join('; ') || 'not run',
      pass: at10.length === 0 ? null : at10.every(({ l }) => l.facade.p50 - l.direct.p50 <= 2),
    },
    {
      target: '≤ 0.3 ms CPU per simple query (session { title }, 0 ms)',
      measured:
        r.cpu == null
          ? 'not run'
          : `${fmt(r.cpu.facadeCpuMsPerRequest, 3)} ms at ${fmt(r.cpu.facadeRps, 0)} req/s (the same upstream call through a bare Node proxy: ${fmt(r.cpu.floorCpuMsPerRequest, 3)} ms, through bare graphql-yoga: ${fmt(r.cpu.yogaCpuMsPerRequest, 3)} ms; the facade's own code: ${fmt(r.cpu.facadeCpuMsPerRequest - r.cpu.yogaCpuMsPerRequest, 3)} ms)`,
      pass: r.cpu == null ? null : r.cpu.facadeCpuMsPerRequest <= 0.3,
    },
    {
      target: `peak RSS ≤ 150 MB at ${r.memory?.connections ?? 100} connections (works 1–5 in turn, 10 ms)`,
      measured:
        r.memory == null
          ? 'not run'
          : `${fmt(r.memory.peak / 1e6, 0)} MB (${fmt(r.memory.peakBefore / 1e6, 0)} MB before the step; heap in use up to ${fmt(r.memory.peakHeapUsed / 1e6, 0)} MB, Buffers up to ${fmt(r.memory.peakArrayBuffers / 1e6, 0)} MB)`,
      pass: r.memory == null ? null : r.memory.peak <= 150e6,
    },
  ];
  if (r.floors) {
    out.push('\nThe simple query (session { title }, one Sumvin GET) through the facade and through its floors: what the framework alone costs\n');
    out.push(floorsTable(r.floors));
  }
  out.push(`\nFacade RSS start → end of bench: ${fmt(mib(r.rss.start), 1)} → ${fmt(mib(r.rss.end), 1)} MiB; V8 heap in use after a collection: ${fmt(mib(r.rss.heapStart), 1)} → ${fmt(mib(r.rss.heapEnd), 1)} MiB`);
  out.push('\nTargets (informational)\n');
  out.push(targetLines(checks));
  process.stdout.write(`${out.join('\n')}\n`);
}
