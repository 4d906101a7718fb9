/**
 * `npm run bench`: starts the upstream emulators and the facade in two child processes, drives
 * load at them from this process over loopback, and prints throughput, latency, upstream calls
 * per request, facade CPU and memory, and how they compare with the targets. See test/bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { encodeGlobalId } from '../../src/schema/node.js';
import { Child } from './lib/child.js';
import { loadPool, runLoad, type LoadResult } from './lib/load.js';
import { totalCalls, type FacadeReady, type UpstreamCounts, type UpstreamsReady, type Usage } from './lib/protocol.js';
import { fmt, table, targetLines, type TargetCheck } from './lib/report.js';
import { CALL_SHAPES, listMix, operation, timedScenarios, type Targets } from './lib/scenarios.js';

function knob(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

const KNOBS = {
  latencyMs: knob('BENCH_LATENCY_MS', 20, 0),
  connections: Math.floor(knob('BENCH_CONNECTIONS', 50, 1)),
  durationS: knob('BENCH_DURATION_S', 5, 0.5),
  warmupS: knob('BENCH_WARMUP_S', 1, 0),
};
const PROFILE_DIR = fileURLToPath(new URL('./results/profiles/', import.meta.url));
const PROFILE = process.env.BENCH_PROFILE === '1';
const ONLY = (process.env.BENCH_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const CALL_SAMPLES = 3;
const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

interface ScenarioResult extends LoadResult {
  key: string;
  title: string;
  latencyMs: number;
  callsPerRequest: number;
  counts: UpstreamCounts;
  facadeCpuMsPerRequest: number | null;
  upstreamCpuMsPerRequest: number;
  /** CPU use over the run, in % of one core: facade child, upstreams child, this (load) process. */
  cpuPercent: { facade: number; upstreams: number; load: number };
  facadeRss: { before: number; after: number };
  facadeHeapUsed: { before: number; after: number };
}

interface Ratios {
  throughputRatio: number | null;
  p50DeltaMs: number | null;
  p99Ratio: number | null;
  cpuMsPerSimpleQuery: number | null;
  rssGrowthCpuRunMiB: number | null;
  heapGrowthCpuRunMiB: number | null;
  rssGrowthWholeRunMiB: number;
}

const children: Array<Child<{ type: 'ready' }>> = [];
const log = (line: string) => process.stderr.write(`${line}\n`);
const cpuMs = (a: Usage, b: Usage) => (b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000;
const mib = (bytes: number) => bytes / 1024 / 1024;

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

async function main(): Promise<number> {
  log(`bench: ${KNOBS.connections} connections, ${KNOBS.durationS} s per scenario (+${KNOBS.warmupS} s warm-up), upstream latency ${KNOBS.latencyMs} ms`);
  const upstreams = new Child<UpstreamsReady>('upstreams', 'test/bench/upstreams.ts', { BENCH_LATENCY_MS: String(KNOBS.latencyMs) });
  children.push(upstreams);
  const up = await upstreams.ready;
  log(`upstreams: sumvin ${up.sumvinUrl}, eliza ${up.elizaUrl}, token ${up.token.slice(0, 16)}…`);
  const facadeEnv = {
    BENCH_SUMVIN_URL: up.sumvinUrl,
    BENCH_ELIZA_URL: up.elizaUrl,
    BENCH_JWKS_URL: up.jwksUrl,
    BENCH_ISSUER: up.issuer,
    BENCH_AUDIENCE: up.audience,
  };
  const facade = new Child<FacadeReady>('facade', 'test/bench/facade.ts', facadeEnv, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
  children.push(facade);
  const { url } = await facade.ready;
  log(`facade: ${url}${PROFILE ? ' (CPU profile on exit to test/bench/results/profiles/)' : ''}`);
  const facadeStart = await facade.command<Usage>('usage');

  const facadeUrl = new URL(url);
  const t: Targets = {
    facade: loadPool(facadeUrl.origin, KNOBS.connections),
    facadePath: facadeUrl.pathname,
    // The naive script fans out up to 2 calls per session shown per request: give it the facade's pool size.
    sumvin: loadPool(up.sumvinUrl, 100),
    eliza: loadPool(up.elizaUrl, 100),
    token: up.token,
    sessionId: up.sessionId,
    globalId: encodeGlobalId('ChatSession', up.sessionId),
  };
  const counts = () => upstreams.command<UpstreamCounts>('counts');
  const resetCounts = () => upstreams.command<boolean>('resetCounts');

  try {
    // Exact upstream calls per query shape, a few sequential requests each.
    const calls: Array<{ label: string; shown: string; callsPerQuery: number }> = [];
    for (const c of CALL_SHAPES) {
      const op = operation(t, c.shape);
      await resetCounts();
      for (let i = 0; i < CALL_SAMPLES; i++) await op();
      const n = totalCalls(await counts()) / CALL_SAMPLES;
      let shown = c.first === undefined ? '1' : '';
      if (c.first !== undefined) {
        const mix = await listMix(t, c.first);
        shown = `${mix.chat + mix.agent} (${mix.chat} chat, ${mix.agent} agent)`;
      }
      calls.push({ label: c.label, shown, callsPerQuery: n });
    }

    const results: ScenarioResult[] = [];
    for (const s of timedScenarios()) {
      if (ONLY.length > 0 && !ONLY.includes(s.key)) continue;
      const latencyMs = s.latencyMs ?? KNOBS.latencyMs;
      await upstreams.command('latency', { ms: latencyMs });
      const op = operation(t, s.shape);
      log(`running ${s.title} …`);
      if (KNOBS.warmupS > 0) await runLoad(op, { connections: KNOBS.connections, durationMs: KNOBS.warmupS * 1000 });
      await resetCounts();
      const [f0, u0] = await Promise.all([facade.command<Usage>('usage'), upstreams.command<Usage>('usage')]);
      const l0 = process.cpuUsage();
      const r = await runLoad(op, { connections: KNOBS.connections, durationMs: KNOBS.durationS * 1000 });
      const l1 = process.cpuUsage(l0);
      const [f1, u1, c] = await Promise.all([facade.command<Usage>('usage'), upstreams.command<Usage>('usage'), counts()]);
      if (r.firstError) log(`  ${r.errors} errors, first: ${r.firstError}`);
      results.push({
        ...r,
        key: s.key,
        title: s.title,
        latencyMs,
        callsPerRequest: r.requests ? totalCalls(c) / r.requests : Number.NaN,
        counts: c,
        facadeCpuMsPerRequest: s.viaFacade && r.requests ? cpuMs(f0, f1) / r.requests : null,
        upstreamCpuMsPerRequest: r.requests ? cpuMs(u0, u1) / r.requests : Number.NaN,
        cpuPercent: {
          facade: (cpuMs(f0, f1) / r.elapsedMs) * 100,
          upstreams: (cpuMs(u0, u1) / r.elapsedMs) * 100,
          load: ((l1.user + l1.system) / 1000 / r.elapsedMs) * 100,
        },
        facadeRss: { before: f0.rss, after: f1.rss },
        facadeHeapUsed: { before: f0.heapUsed, after: f1.heapUsed },
      });
    }
    await upstreams.command('latency', { ms: KNOBS.latencyMs });
    const facadeEnd = await facade.command<Usage>('usage');
    const json = report(calls, results, facadeStart, facadeEnd);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
    log('results written to test/bench/results/latest.json');

    const failed = results.some((r) => r.errors > 0) || children.some((c) => c.failure !== null);
    return failed ? 1 : 0;
  } finally {
    await Promise.all([t.facade.close(), t.sumvin.close(), t.eliza.close()]);
  }
}

function report(calls: Array<{ label: string; shown: string; callsPerQuery: number }>, results: ScenarioResult[], facadeStart: Usage, facadeEnd: Usage): object {
  const by = new Map(results.map((r) => [r.key, r]));
  const out: string[] = [];
  const direct = by.get('direct');
  out.push(`\nUpstream latency ${KNOBS.latencyMs} ms (scenario 5: 0 ms), ${KNOBS.connections} connections, ${KNOBS.durationS} s per scenario; ${os.cpus().length} CPUs, Node ${process.versions.node}, load average ${fmt(LOAD_AT_START, 2)} at start (other work on the machine skews every figure)\n`);
  out.push(
    table(
      ['scenario', 'requests', 'req/s', 'vs direct', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'calls/req', 'facade cpu ms/req', 'cpu % facade/upstreams/load'],
      results.map((r) => [
        r.title,
        fmt(r.requests),
        fmt(r.rps, 0),
        direct && r.latencyMs === direct.latencyMs ? `${fmt(r.rps / direct.rps, 2)}×` : '-',
        fmt(r.p50, 1),
        fmt(r.p90, 1),
        fmt(r.p99, 1),
        fmt(r.errors),
        fmt(r.callsPerRequest, 2),
        fmt(r.facadeCpuMsPerRequest, 3),
        `${fmt(r.cpuPercent.facade, 0)}/${fmt(r.cpuPercent.upstreams, 0)}/${fmt(r.cpuPercent.load, 0)}`,
      ]),
    ),
  );
  out.push('\nUpstream calls per query (emulator counters, sequential requests)\n');
  out.push(table(['query', 'sessions shown', 'calls/query'], calls.map((c) => [c.label, c.shown, fmt(c.callsPerQuery, 2)])));

  const one = by.get('session');
  const cpu = by.get('cpu');
  const ratios: Ratios = {
    throughputRatio: one && direct ? one.rps / direct.rps : null,
    p50DeltaMs: one && direct ? one.p50 - direct.p50 : null,
    p99Ratio: one && direct ? one.p99 / direct.p99 : null,
    cpuMsPerSimpleQuery: cpu?.facadeCpuMsPerRequest ?? null,
    rssGrowthCpuRunMiB: cpu ? mib(cpu.facadeRss.after - cpu.facadeRss.before) : null,
    heapGrowthCpuRunMiB: cpu ? mib(cpu.facadeHeapUsed.after - cpu.facadeHeapUsed.before) : null,
    rssGrowthWholeRunMiB: mib(facadeEnd.rss - facadeStart.rss),
  };
  const l10 = by.get('list-10');
  const naive = by.get('naive-10');
  out.push('\nRatios (facade = scenario 2, direct = scenario 1)\n');
  out.push(
    table(
      ['ratio', 'value'],
      [
        ['facade/direct throughput', ratios.throughputRatio === null ? '-' : `${fmt(ratios.throughputRatio, 2)}×`],
        ['p50 delta', ratios.p50DeltaMs === null ? '-' : `${ratios.p50DeltaMs >= 0 ? '+' : ''}${fmt(ratios.p50DeltaMs, 2)} ms`],
        ['p99 ratio', ratios.p99Ratio === null ? '-' : `${fmt(ratios.p99Ratio, 2)}×`],
        ['facade CPU per simple query (latency 0)', ratios.cpuMsPerSimpleQuery === null ? '-' : `${fmt(ratios.cpuMsPerSimpleQuery, 3)} ms`],
        ['facade RSS before → after scenario 5', cpu ? `${fmt(mib(cpu.facadeRss.before), 1)} → ${fmt(mib(cpu.facadeRss.after), 1)} MiB (${fmt(ratios.rssGrowthCpuRunMiB, 1)})` : '-'],
        ['facade heap used before → after scenario 5', cpu ? `${fmt(mib(cpu.facadeHeapUsed.before), 1)} → ${fmt(mib(cpu.facadeHeapUsed.after), 1)} MiB` : '-'],
        ['facade RSS start → end of bench', `${fmt(mib(facadeStart.rss), 1)} → ${fmt(mib(facadeEnd.rss), 1)} MiB`],
        ['list of 10 with messages: facade/naive N+1 throughput', l10 && naive ? `${fmt(l10.rps / naive.rps, 2)}×` : '-'],
        ['list of 10 with messages: naive/facade p99', l10 && naive ? `${fmt(naive.p99 / l10.p99, 2)}×` : '-'],
      ],
    ),
  );

  const callOf = (label: string) => calls.find((c) => c.label.startsWith(label));
  const listOnly = ['sessions(first: 10) {', 'sessions(first: 20) {', 'sessions(first: 50) {'].map((l) => callOf(l)?.callsPerQuery);
  const withMsgs = [callOf('sessions(first: 10) +'), callOf('sessions(first: 20) +')];
  const shownOf = (c?: { shown: string }) => (c ? Number.parseInt(c.shown, 10) : Number.NaN);
  const perSession = withMsgs.map((c, i) => (c ? c.callsPerQuery - (listOnly[i] ?? Number.NaN) - shownOf(c) : Number.NaN));
  const checks: TargetCheck[] = [
    {
      target: '≤ 0.5 ms CPU per simple query',
      measured: ratios.cpuMsPerSimpleQuery === null ? 'not run' : `${fmt(ratios.cpuMsPerSimpleQuery, 3)} ms`,
      pass: ratios.cpuMsPerSimpleQuery === null ? null : ratios.cpuMsPerSimpleQuery <= 0.5,
    },
    {
      target: 'p50 ≤ direct + 3 ms',
      measured: one && direct ? `${fmt(one.p50, 1)} vs ${fmt(direct.p50, 1)} ms` : 'not run',
      pass: ratios.p50DeltaMs === null ? null : ratios.p50DeltaMs <= 3,
    },
    {
      target: 'p99 ≤ 1.5× direct',
      measured: one && direct ? `${fmt(one.p99, 1)} vs ${fmt(direct.p99, 1)} ms` : 'not run',
      pass: ratios.p99Ratio === null ? null : ratios.p99Ratio <= 1.5,
    },
    {
      target: '≥ 0.7× direct throughput (upstream-bound)',
      measured: ratios.throughputRatio === null ? 'not run' : `${fmt(ratios.throughputRatio, 2)}×`,
      pass: ratios.throughputRatio === null ? null : ratios.throughputRatio >= 0.7,
    },
    {
      target: 'upstream calls never grow with `first`',
      measured: `list ${listOnly.map((n) => fmt(n, 0)).join('/')} calls at first 10/20/50; with messages ${withMsgs.map((c) => fmt(c?.callsPerQuery, 0)).join('/')} = list + 1 per session shown`,
      pass: listOnly.every((n) => n === listOnly[0]) && perSession.every((n) => n === 0),
    },
  ];
  out.push('\nTargets (informational)\n');
  out.push(targetLines(checks));
  process.stdout.write(`${out.join('\n')}\n`);

  return {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.versions.node, platform: process.platform, loadAverageAtStart: LOAD_AT_START },
    knobs: KNOBS,
    scenarios: results,
    calls,
    ratios,
    targets: checks,
  };
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
