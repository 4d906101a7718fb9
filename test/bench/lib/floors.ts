/**
 * The floors step: the simple query (`session(id) { title }`, one Sumvin GET) through the facade
 * and through the two floors of test/bench/floor.mjs (a bare Node proxy, and bare graphql-yoga with
 * a one-resolver schema), next to the direct client making the GET itself. It tells which part of
 * a gap to a goal is the facade's own code and which part the framework it is built on already has:
 * - throughput and p50 at 10 ms with the bench's connections, in alternating rounds;
 * - peak RSS (the kernel's maxRSS) of a fresh process of each, under 100 connections at 10 ms.
 */
import { Child } from './child.js';
import { call, graphqlOp, loadPool, runLoad, type LoadResult, type Operation } from './load.js';
import type { FacadeReady, Usage } from './protocol.js';
import { fmt, table } from './report.js';

export const SIMPLE_QUERY = 'query Session($id: ID!) { session(id: $id) { title } }';

/** Where the floors' upstream and the facade's settings come from (the upstreams child's answer). */
export interface FloorTargets {
  sumvinUrl: string;
  sumvinSessionId: string;
  sumvinGlobalId: string;
  token: string;
  /** Environment for a facade child (test/bench/facade.mjs): upstream URLs and JWKS. */
  facadeEnv: Record<string, string>;
  /** The running facade, for the throughput rounds. */
  facade: { origin: string; path: string };
}

export type FloorSide = 'direct' | 'facade' | 'yoga' | 'node';
export const FLOOR_SIDES: FloorSide[] = ['direct', 'facade', 'yoga', 'node'];

export interface FloorsStep {
  latencyMs: number;
  connections: number;
  /** Totals over the rounds of each side. */
  throughput: Record<FloorSide, { rps: number; p50: number; requests: number; errors: number }>;
  rssConnections: number;
  /** maxRSS of a fresh process at start and after the wide run (the direct client has none). */
  rss: Record<Exclude<FloorSide, 'direct'>, { start: number; peak: number; requests: number; errors: number }>;
}

export interface FloorsOptions {
  latency: (ms: number) => Promise<unknown>;
  latencyMs: number;
  connections: number;
  rssConnections: number;
  roundMs: number;
  rounds: number;
  /** Node flags of the fresh processes (BENCH_NODE_ARGS, as for the facade). */
  execArgv: string[];
  /** Registers a child so that the runner stops it on SIGINT. */
  track: (child: Child<{ type: 'ready' }>) => void;
  log: (line: string) => void;
}

/** A floor process (test/bench/floor.mjs) answering the simple query for one Sumvin session. */
export function startFloor(kind: 'yoga' | 'node', up: { sumvinUrl: string; sumvinSessionId: string }, execArgv: string[] = []): Child<FacadeReady> {
  return new Child<FacadeReady>(`floor (${kind})`, 'test/bench/floor.mjs', { BENCH_FLOOR: kind, BENCH_SUMVIN_URL: up.sumvinUrl, BENCH_SUMVIN_SESSION: up.sumvinSessionId }, execArgv);
}

function start(t: FloorTargets, side: Exclude<FloorSide, 'direct'>, o: FloorsOptions): Child<FacadeReady> {
  const child = side === 'facade' ? new Child<FacadeReady>('facade (fresh)', 'test/bench/facade.mjs', t.facadeEnv, o.execArgv) : startFloor(side, t, o.execArgv);
  o.track(child);
  return child;
}

export async function floorsStep(t: FloorTargets, o: FloorsOptions): Promise<FloorsStep> {
  const variables = { id: t.sumvinGlobalId };
  const direct = loadPool(new URL(t.sumvinUrl).origin, o.connections);
  const sessionPath = `/v0/chat/sessions/${encodeURIComponent(t.sumvinSessionId)}`;
  const directOp: Operation = async () => {
    JSON.parse(await call(direct, { method: 'GET', path: sessionPath, headers: { authorization: `Bearer ${t.token}` } }));
  };
  const floors = (['yoga', 'node'] as const).map((kind) => start(t, kind, o));
  const pools = [direct];
  const totals = Object.fromEntries(FLOOR_SIDES.map((s) => [s, { requests: 0, errors: 0, ms: 0, p50s: [] as number[] }])) as Record<
    FloorSide,
    { requests: number; errors: number; ms: number; p50s: number[] }
  >;
  try {
    const [yoga, node] = await Promise.all(
      floors.map(async (child) => {
        const url = new URL((await child.ready).url);
        const pool = loadPool(url.origin, o.connections);
        pools.push(pool);
        return graphqlOp(pool, url.pathname, t.token, SIMPLE_QUERY, variables);
      }),
    );
    const facadePool = loadPool(t.facade.origin, o.connections);
    pools.push(facadePool);
    const ops: Record<FloorSide, Operation> = {
      direct: directOp,
      facade: graphqlOp(facadePool, t.facade.path, t.token, SIMPLE_QUERY, variables),
      yoga: yoga!,
      node: node!,
    };
    await o.latency(o.latencyMs);
    for (const side of FLOOR_SIDES) await runLoad(ops[side], { connections: o.connections, durationMs: 500 });
    for (let round = 0; round < o.rounds; round++) {
      for (const side of round % 2 === 0 ? FLOOR_SIDES : [...FLOOR_SIDES].reverse()) {
        const r: LoadResult = await runLoad(ops[side], { connections: o.connections, durationMs: o.roundMs });
        const total = totals[side];
        total.requests += r.requests;
        total.errors += r.errors;
        total.ms += r.elapsedMs;
        total.p50s.push(r.p50);
        if (r.firstError) o.log(`  ${side}: ${r.errors} errors, first: ${r.firstError}`);
      }
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(floors.map((c) => c.stop()));
  }

  // peak RSS: a fresh process of each, alone, under many connections
  const rss = {} as FloorsStep['rss'];
  for (const side of ['facade', 'yoga', 'node'] as const) {
    o.log(`  ${side} (fresh process) with ${o.rssConnections} connections, for peak RSS …`);
    const child = start(t, side, o);
    try {
      const url = new URL((await child.ready).url);
      const pool = loadPool(url.origin, o.rssConnections);
      const before = await child.command<Usage>('usage');
      const r = await runLoad(graphqlOp(pool, url.pathname, t.token, SIMPLE_QUERY, variables), { connections: o.rssConnections, durationMs: o.roundMs * 2 });
      const after = await child.command<Usage>('usage');
      await pool.close();
      rss[side] = { start: before.maxRss, peak: after.maxRss, requests: r.requests, errors: r.errors };
      if (r.firstError) o.log(`  ${side}: ${r.errors} errors, first: ${r.firstError}`);
    } finally {
      await child.stop();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const throughput = Object.fromEntries(
    FLOOR_SIDES.map((s) => {
      const x = totals[s];
      return [s, { rps: x.requests / (x.ms / 1000), p50: median(x.p50s), requests: x.requests, errors: x.errors }];
    }),
  ) as FloorsStep['throughput'];
  return { latencyMs: o.latencyMs, connections: o.connections, throughput, rssConnections: o.rssConnections, rss };
}

const LABEL: Record<FloorSide, string> = {
  direct: 'direct client (the GET itself)',
  facade: 'facade',
  yoga: 'bare graphql-yoga, one resolver',
  node: 'bare Node proxy',
};

export function floorsTable(s: FloorsStep): string {
  const d = s.throughput.direct;
  return table(
    ['simple query through', `req/s at ${s.latencyMs} ms`, '÷ direct', 'p50 ms', 'p50 delta ms', `peak RSS at ${s.rssConnections} connections`, 'errors'],
    FLOOR_SIDES.map((side) => {
      const x = s.throughput[side];
      const m = side === 'direct' ? undefined : s.rss[side];
      return [
        LABEL[side],
        fmt(x.rps, 0),
        `${fmt(x.rps / d.rps, 2)}×`,
        fmt(x.p50, 1),
        side === 'direct' ? '' : `${x.p50 - d.p50 >= 0 ? '+' : ''}${fmt(x.p50 - d.p50, 1)}`,
        m ? `${fmt(m.peak / 1e6, 0)} MB (${fmt(m.start / 1e6, 0)} at start)` : '',
        `${x.errors + (m?.errors ?? 0)}`,
      ];
    }),
  );
}
