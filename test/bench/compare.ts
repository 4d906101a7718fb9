/**
 * `npx tsx test/bench/compare.ts`: the facade's CPU per simple query for two builds side by side,
 * in alternating rounds so that the machine's drifting load weighs on both alike. Build A is
 * BENCH_DIST_A (e.g. a copy of dist/ from before a change), build B BENCH_DIST_B (default dist/).
 * Rounds and their length: BENCH_ROUNDS (6), BENCH_ROUND_MS (2000).
 */
import { encodeGlobalId } from '../../src/schema/node.js';
import { Child } from './lib/child.js';
import type { Pool } from 'undici';
import { alternatingCpu, type Side } from './lib/alternate.js';
import { graphqlOp, loadPool } from './lib/load.js';
import type { FacadeReady, UpstreamsReady } from './lib/protocol.js';

const QUERY = 'query Session($id: ID!) { session(id: $id) { title } }';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const CONNECTIONS = 20;

const upstreams = new Child<UpstreamsReady>('upstreams', 'test/bench/upstreams.ts', { BENCH_LATENCY_MS: '0' });
const builds = [process.env.BENCH_DIST_A, process.env.BENCH_DIST_B];
if (!builds[0]) throw new Error('BENCH_DIST_A must name a build folder (a copy of dist/)');
const children: Array<Child<{ type: 'ready' }>> = [upstreams];
try {
  const up = await upstreams.ready;
  const facades = builds.map((dir, i) => {
    const env: Record<string, string> = { BENCH_SUMVIN_URL: up.sumvinUrl, BENCH_ELIZA_URL: up.elizaUrl, BENCH_JWKS_URL: up.jwksUrl, BENCH_ISSUER: up.issuer, BENCH_AUDIENCE: up.audience };
    if (dir) env.BENCH_DIST = dir;
    const c = new Child<FacadeReady>(i === 0 ? 'A' : 'B', 'test/bench/facade.mjs', env);
    children.push(c);
    return c;
  });
  const pools: Pool[] = [];
  const sides: Side[] = await Promise.all(
    facades.map(async (child) => {
      const url = new URL((await child.ready).url);
      const pool = loadPool(url.origin, CONNECTIONS);
      pools.push(pool);
      return { child, op: graphqlOp(pool, url.pathname, up.token, QUERY, { id: encodeGlobalId('ChatSession', up.sumvinSessionIds[0]!) }) };
    }),
  );
  const results = await alternatingCpu(sides, { rounds: ROUNDS, roundMs: ROUND_MS, connections: CONNECTIONS, warmupMs: 1000 });
  results.forEach((r, i) => {
    if (r.errors) throw new Error(`${facades[i]!.name}: ${r.errors} errors, first: ${r.firstError}`);
    process.stdout.write(`${facades[i]!.name}: ${r.cpuMsPerRequest.toFixed(3)} ms CPU per simple query; rounds ${r.rounds.map((x) => x.toFixed(3)).join(' ')}\n`);
  });
  await Promise.all(pools.map((p) => p.close()));
} finally {
  await Promise.all(children.map((c) => c.stop()));
}
process.exit(0);
