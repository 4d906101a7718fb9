/**
 * `npm run bench`: starts the upstream emulators and the facade in two child processes, then runs
 * the screen works (inbox, inbox with last messages, open a conversation, scroll back, deep link,
 * talk) through the facade and through a direct REST client doing the same work with the fewest
 * calls, at each upstream latency; prints throughput, latency, upstream calls and sequential round
 * trips next to their lower bounds, and the facade's CPU per simple query. See test/bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { alternatingCpu, cpuMs, type SideResult } from './lib/alternate.js';
import { Child } from './lib/child.js';
import { graphqlOp, loadPool, runLoad, type LoadResult, type Operation } from './lib/load.js';
import type { Pool } from 'undici';
import { totalCalls, type FacadeReady, type Span, type UpstreamCounts, type UpstreamsReady, type Usage } from './lib/protocol.js';
import { floorsStep, SIMPLE_QUERY, startFloor, type FloorsStep } from './lib/floors.js';
import { fmt } from './lib/report.js';
import { printReport, type CallCount, type CpuStep, type MemoryStep, type Run } from './lib/screen-report.js';
import { roundTrips, SCREENS, screenTargets, type ScreenTargets } from './lib/screens.js';

function knob(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,10').split(',').map((s) => Number(s.trim()));
if (LATENCIES.some((n) => !Number.isFinite(n) || n < 0)) throw new Error('BENCH_LATENCIES must be a comma-separated list of ms ≥ 0');
const KNOBS = {
  latenciesMs: LATENCIES,
  connections: Math.floor(knob('BENCH_CONNECTIONS', 20, 1)),
  durationS: knob('BENCH_DURATION_S', 3, 0.5),
  warmupS: knob('BENCH_WARMUP_S', 1, 0),
};
/** Latency while counting calls and round trips: long enough that concurrent calls visibly overlap. */
const COUNT_LATENCY_MS = 25;
const COUNT_SAMPLES = 3;
/** Connections of the memory step: every work in turn at this many, for the facade's peak RSS. */
const MEMORY_CONNECTIONS = 100;
const MEMORY_LATENCY_MS = 10;
const MEMORY_WORKS = (process.env.BENCH_MEMORY_WORKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const PROFILE_DIR = fileURLToPath(new URL('./results/profiles/', import.meta.url));
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Node flags of the facade (and of the fresh processes of the floors step), e.g. heap caps. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ONLY = (process.env.BENCH_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const children: Array<Child<{ type: 'ready' }>> = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    for (const c of children) c.killNow();
    process.exit(code);
  });
}
process.once('exit', () => {
  for (const c of children) c.killNow();
});

const LOAD_AT_START = os.loadavg()[0] ?? Number.NaN;
const CPU_ROUNDS = 3;

/**
 * The facade's CPU per simple query, next to two floors making the same upstream call
 * (test/bench/floor.mjs): a bare Node proxy, and bare graphql-yoga with a one-resolver schema (the
 * framework the facade is built on, without any of the facade's own code), in alternating rounds.
 */
async function cpuStep(
  facade: Child<FacadeReady>,
  up: UpstreamsReady,
  t: ScreenTargets,
  latency: (ms: number) => Promise<unknown>,
): Promise<CpuStep> {
  const floors = (['node', 'yoga'] as const).map((kind) => {
    const child = startFloor(kind, { sumvinUrl: up.sumvinUrl, sumvinSessionId: up.sumvinSessionIds[0]! });
    children.push(child);
    return child;
  });
  const pools: Pool[] = [];
  try {
    const floorSides = await Promise.all(
      floors.map(async (child) => {
        const url = new URL((await child.ready).url);
        const pool = loadPool(url.origin, KNOBS.connections);
        pools.push(pool);
        return { url, pool, child };
      }),
    );
    await latency(0);
    const variables = { id: t.sumvinGlobalIds[0] };
    const [f, node, yoga] = (await alternatingCpu(
      [
        { child: facade, op: graphqlOp(t.facade, t.facadePath, t.token, SIMPLE_QUERY, variables) },
        ...floorSides.map((s) => ({ child: s.child, op: graphqlOp(s.pool, s.url.pathname, t.token, SIMPLE_QUERY, variables) })),
      ],
      { rounds: CPU_ROUNDS, roundMs: ((KNOBS.durationS * 1000) / CPU_ROUNDS) * 2, connections: KNOBS.connections, warmupMs: KNOBS.warmupS * 1000 },
    )) as [SideResult, SideResult, SideResult];
    const firstError = f.firstError ?? node.firstError ?? yoga.firstError;
    if (firstError) log(`  errors in the CPU step, first: ${firstError}`);
    return {
      facadeCpuMsPerRequest: f.cpuMsPerRequest,
      facadeRps: f.rps,
      floorCpuMsPerRequest: node.cpuMsPerRequest,
      floorRps: node.rps,
      yogaCpuMsPerRequest: yoga.cpuMsPerRequest,
      yogaRps: yoga.rps,
      errors: f.errors + node.errors + yoga.errors,
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(floors.map((c) => c.stop()));
  }
}
const wanted = (key: string) => ONLY.length === 0 || ONLY.includes(key);

async function main(): Promise<number> {
  log(`bench: ${KNOBS.connections} connections, ${KNOBS.durationS} s per run (+${KNOBS.warmupS} s warm-up), upstream latency ${KNOBS.latenciesMs.join(' and ')} ms`);
  const upstreams = new Child<UpstreamsReady>('upstreams', 'test/bench/upstreams.ts', { BENCH_LATENCY_MS: '0' });
  children.push(upstreams);
  const up = await upstreams.ready;
  const facadeEnv = { BENCH_SUMVIN_URL: up.sumvinUrl, BENCH_ELIZA_URL: up.elizaUrl, BENCH_JWKS_URL: up.jwksUrl, BENCH_ISSUER: up.issuer, BENCH_AUDIENCE: up.audience };
  const facade = new Child<FacadeReady>('facade', 'test/bench/facade.mjs', facadeEnv, [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []), ...NODE_ARGS]);
  children.push(facade);
  const { url, node: facadeNode } = await facade.ready;
  log(`facade: ${url} on Node ${facadeNode}${PROFILE ? ' (CPU profile on exit to test/bench/results/profiles/)' : ''}`);
  const facadeStart = await facade.command<Usage>('usage');

  const facadeUrl = new URL(url);
  const t = screenTargets(up, {
    facade: loadPool(facadeUrl.origin, KNOBS.connections),
    facadePath: facadeUrl.pathname,
    // The direct client fans out up to 10 calls per work: give it room.
    sumvin: loadPool(up.sumvinUrl, KNOBS.connections * 10),
    eliza: loadPool(up.elizaUrl, KNOBS.connections * 10),
    ...(wanted('memory') ? { wide: loadPool(facadeUrl.origin, MEMORY_CONNECTIONS) } : {}),
  });
  const counts = () => upstreams.command<UpstreamCounts>('counts');
  const resetCounts = () => upstreams.command<boolean>('resetCounts');
  const latency = (ms: number) => upstreams.command('latency', { ms });

  /** Calls and sequential round trips of one operation, run alone, a few times. */
  async function count(op: Operation): Promise<CallCount> {
    await latency(COUNT_LATENCY_MS);
    await op();
    const calls: number[] = [];
    const trips: number[] = [];
    for (let i = 0; i < COUNT_SAMPLES; i++) {
      await resetCounts();
      await op();
      calls.push(totalCalls(await counts()));
      trips.push(roundTrips(await upstreams.command<Span[]>('spans')));
    }
    // A busy machine can delay a call past the end of another (one more round trip seen), never
    // the reverse: the fewest round trips seen is the operation's own.
    return { calls: Math.max(...calls), roundTrips: Math.min(...trips) };
  }

  async function timed(op: Operation, latencyMs: number, viaFacade: boolean): Promise<LoadResult & { callsPerRequest: number; facadeCpuMsPerRequest: number | null }> {
    await latency(latencyMs);
    if (KNOBS.warmupS > 0) await runLoad(op, { connections: KNOBS.connections, durationMs: KNOBS.warmupS * 1000 });
    await resetCounts();
    const f0 = await facade.command<Usage>('usage');
    const r = await runLoad(op, { connections: KNOBS.connections, durationMs: KNOBS.durationS * 1000 });
    const [f1, c] = await Promise.all([facade.command<Usage>('usage'), counts()]);
    if (r.firstError) log(`  ${r.errors} errors, first: ${r.firstError}`);
    return {
      ...r,
      callsPerRequest: r.requests ? totalCalls(c) / r.requests : Number.NaN,
      facadeCpuMsPerRequest: viaFacade && r.requests ? cpuMs(f0, f1) / r.requests : null,
    };
  }

  try {
    const runs: Run[] = [];
    for (const screen of SCREENS) {
      if (!wanted(screen.key)) continue;
      const facadeOp = screen.facade(t);
      const directOp = screen.direct(t);
      log(`counting ${screen.title} …`);
      const run: Run = { screen, facadeCount: await count(facadeOp), directCount: await count(directOp), byLatency: [] };
      for (const ms of KNOBS.latenciesMs) {
        log(`running ${screen.title} at ${ms} ms …`);
        const facadeRun = await timed(facadeOp, ms, true);
        const directRun = await timed(directOp, ms, false);
        run.byLatency.push({ latencyMs: ms, facade: facadeRun, direct: directRun });
      }
      runs.push(run);
    }
    let cpu: CpuStep | null = null;
    if (wanted('cpu')) {
      log(`running the simple query at 0 ms, for CPU per query (${CPU_ROUNDS} rounds, alternating with bare graphql-yoga and a bare Node proxy) …`);
      cpu = await cpuStep(facade, up, t, latency);
    }
    let floors: FloorsStep | null = null;
    if (wanted('floors')) {
      log(`running the simple query through the facade, bare graphql-yoga and a bare Node proxy at ${MEMORY_LATENCY_MS} ms …`);
      floors = await floorsStep(
        {
          sumvinUrl: up.sumvinUrl,
          sumvinSessionId: up.sumvinSessionIds[0]!,
          sumvinGlobalId: t.sumvinGlobalIds[0]!,
          token: up.token,
          facadeEnv,
          facade: { origin: facadeUrl.origin, path: facadeUrl.pathname },
        },
        {
          latency,
          latencyMs: MEMORY_LATENCY_MS,
          connections: KNOBS.connections,
          rssConnections: MEMORY_CONNECTIONS,
          roundMs: KNOBS.durationS * 1000,
          rounds: 2,
          execArgv: NODE_ARGS,
          track: (c) => children.push(c),
          log,
        },
      );
    }
    let memory: MemoryStep | null = null;
    if (wanted('memory') && t.wide) {
      // every work in turn with 100 requests in flight, at 10 ms so that they pile up in the facade
      const before = await facade.command<Usage>('usage');
      await latency(MEMORY_LATENCY_MS);
      const wide: ScreenTargets = { ...t, facade: t.wide };
      let requests = 0;
      let errors = 0;
      for (const screen of SCREENS) {
        if (screen.key === 'talk') continue;
        if (MEMORY_WORKS.length > 0 && !MEMORY_WORKS.includes(screen.key)) continue;
        log(`running ${screen.title} with ${MEMORY_CONNECTIONS} connections, for peak RSS …`);
        const r = await runLoad(screen.facade(wide), { connections: MEMORY_CONNECTIONS, durationMs: KNOBS.durationS * 1000 });
        requests += r.requests;
        errors += r.errors;
        if (r.firstError) log(`  ${r.errors} errors, first: ${r.firstError}`);
      }
      const after = await facade.command<Usage>('usage');
      memory = {
        connections: MEMORY_CONNECTIONS,
        requests,
        errors,
        peakBefore: before.maxRss,
        peak: after.maxRss,
        rssAfter: after.rss,
        peakHeapUsed: after.peakHeapUsed ?? Number.NaN,
        peakArrayBuffers: after.peakArrayBuffers ?? Number.NaN,
      };
    }
    const facadeEnd = await facade.command<Usage>('usage');
    printReport({
      header: `${KNOBS.connections} connections, ${KNOBS.durationS} s per run; calls and round trips counted alone at ${COUNT_LATENCY_MS} ms; ${os.cpus().length} CPUs, facade on Node ${facadeNode} (compiled build), load average ${fmt(LOAD_AT_START, 2)} at start (other work on the machine skews every figure: compare ratios within one run)`,
      runs,
      cpu,
      memory,
      floors,
      rss: { start: facadeStart.rss, end: facadeEnd.rss, heapStart: facadeStart.heapUsed, heapEnd: facadeEnd.heapUsed },
    });
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(
      RESULTS,
      `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: facadeNode, loadAverageAtStart: LOAD_AT_START }, knobs: KNOBS, runs: runs.map((r) => ({ ...r, screen: { key: r.screen.key, title: r.screen.title, bound: r.screen.bound } })), cpu, floors, memory }, null, 2)}\n`,
    );
    log('results written to test/bench/results/latest.json');
    const failed =
      runs.some((r) => r.byLatency.some((l) => l.facade.errors > 0 || l.direct.errors > 0)) ||
      (cpu?.errors ?? 0) > 0 ||
      (memory?.errors ?? 0) > 0 ||
      Object.values(floors?.throughput ?? {}).some((x) => x.errors > 0) ||
      Object.values(floors?.rss ?? {}).some((x) => x.errors > 0) ||
      children.some((c) => c.failure !== null);
    return failed ? 1 : 0;
  } finally {
    await Promise.all([t.facade.close(), t.sumvin.close(), t.eliza.close(), t.wide?.close()]);
  }
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  await Promise.all(children.map((c) => c.stop()));
  for (const c of children) if (c.failure) log(c.failure);
}
process.exit(code);
