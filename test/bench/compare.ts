/**
 * `npx tsx test/bench/compare.ts`: the facade's CPU per simple query for two builds side by side,
 * in alternating rounds so that the machine's drifting load weighs on both alike. Build A is
 * BENCH_DIST_A (e.g. a copy of dist/ from before a change), build B BENCH_DIST_B (default dist/).
 * BENCH_DISTS lists more builds, comma-separated, to measure together instead.
 * Rounds and their length: BENCH_ROUNDS (6), BENCH_ROUND_MS (2000). BENCH_WORK names a bench work
 * (a key of lib/screens.ts, e.g. `open`) to measure instead of the simple query.
 */
import { encodeGlobalId } from '../../src/schema/node.js';
import { Child } from './lib/child.js';
import type { Pool } from 'undici';
import { alternatingCpu, type Side } from './lib/alternate.js';
import { graphqlOp, loadPool } from './lib/load.js';
import type { FacadeReady, UpstreamsReady } from './lib/protocol.js';
import { SCREENS, screenTargets } from './lib/screens.js';

const QUERY = 'query Session($id: ID!) { session(id: $id) { title } }';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const CONNECTIONS = 20;
const WORK = process.env.BENCH_WORK ? SCREENS.find((s) => s.key === process.env.BENCH_WORK) : undefined;
if (process.env.BENCH_WORK && !WORK) throw new Error(`BENCH_WORK must be one of ${SCREENS.map((s) => s.key).join(', ')}`);

const upstreams = new Child<UpstreamsReady>('upstreams', 'test/bench/upstreams.ts', { BENCH_LATENCY_MS: '0' });
// BENCH_DISTS: more than two builds, comma-separated, measured in the same alternating rounds
const builds: Array<string | undefined> = process.env.BENCH_DISTS
  ? process.env.BENCH_DISTS.split(',').map((d) => d.trim())
  : [process.env.BENCH_DIST_A, process.env.BENCH_DIST_B];
if (!builds[0]) throw new Error('BENCH_DIST_A (or BENCH_DISTS) must name a build folder (a copy of dist/)');
const children: Array<Child<{ type: 'ready' }>> = [upstreams];
try {
  const up = await upstreams.ready;
  const facades = builds.map((dir, i) => {
    const env: Record<string, string> = { BENCH_SUMVIN_URL: up.sumvinUrl, BENCH_ELIZA_URL: up.elizaUrl, BENCH_JWKS_URL: up.jwksUrl, BENCH_ISSUER: up.issuer, BENCH_AUDIENCE: up.audience };
    if (dir) env.BENCH_DIST = dir;
    const c = new Child<FacadeReady>(process.env.BENCH_DISTS ? (dir ?? 'dist') : i === 0 ? 'A' : 'B', 'test/bench/facade.mjs', env);
    children.push(c);
    return c;
  });
  const pools: Pool[] = [];
  const sides: Side[] = await Promise.all(
    facades.map(async (child) => {
      const url = new URL((await child.ready).url);
      const pool = loadPool(url.origin, CONNECTIONS);
      pools.push(pool);
      if (!WORK) return { child, op: graphqlOp(pool, url.pathname, up.token, QUERY, { id: encodeGlobalId('ChatSession', up.sumvinSessionIds[0]!) }) };
      // the direct clients' pools are not used here
      const op = WORK.facade(screenTargets(up, { facade: pool, facadePath: url.pathname, sumvin: pool, eliza: pool }));
      return { child, op };
    }),
  );
  const results = await alternatingCpu(sides, { rounds: ROUNDS, roundMs: ROUND_MS, connections: CONNECTIONS, warmupMs: 1000 });
  results.forEach((r, i) => {
    if (r.errors) throw new Error(`${facades[i]!.name}: ${r.errors} errors, first: ${r.firstError}`);
    process.stdout.write(`${facades[i]!.name}: ${r.cpuMsPerRequest.toFixed(3)} ms CPU per ${WORK ? WORK.key : 'simple query'}; rounds ${r.rounds.map((x) => x.toFixed(3)).join(' ')}\n`);
  });
  await Promise.all(pools.map((p) => p.close()));
} finally {
  await Promise.all(children.map((c) => c.stop()));
}
process.exit(0);
