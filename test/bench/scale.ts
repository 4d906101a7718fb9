/**
 * `npm run bench` (second part), or `npm run bench:scale` alone: the inbox of one user while
 * other users hold 50, 1,000 and 10,000 live agent sessions, with both plans of the inbox
 * planner (the ownership index, and one global list call), so the switch between them can be
 * read off the table. Everything runs over loopback: the emulators, a byte-counting proxy in
 * front of the ElizaOS emulator, and the facade (memory store, index reconciled at start).
 * Prints p50/p95 per inbox, upstream calls and bytes per inbox, and errors.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { createDevIdentityProvider } from '../../src/auth/dev-idp.js';
import { elizaUserId } from '../../src/auth/eliza-user-id.js';
import { createVerifier } from '../../src/auth/verify.js';
import { startElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { createApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { reconcileOnce } from '../../src/state/reconcile.js';
import { createClients } from '../../src/upstream/clients.js';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number ≥ 0`);
  return v;
};
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '50,200,1000,10000').split(',').map(Number);
const REQUESTS = num('BENCH_SCALE_REQUESTS', 200);
const WARMUP = num('BENCH_SCALE_WARMUP', 20);
const OWN_SESSIONS = num('BENCH_SCALE_OWN_SESSIONS', 5);
const LATENCY_MS = num('BENCH_SCALE_LATENCY_MS', 0);
const SUBJECT = 'bench-user';
const INBOX = JSON.stringify({ query: '{ sessions(first: 20) { totalCount edges { node { id title lastActivityAt } } } }' });

interface Row {
  others: number;
  plan: 'index' | 'list';
  p50: number;
  p95: number;
  calls: number;
  bytes: number;
  errors: number;
}

/** Forwards to `target` and counts the bytes of every answer body. */
async function countingProxy(target: string): Promise<{ url: string; bytes(): number; reset(): void; close(): Promise<void> }> {
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    const to = new URL(req.url ?? '/', target);
    const up = httpRequest(to, { method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => bytes,
    reset: () => void (bytes = 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function measure(others: number, plan: 'index' | 'list'): Promise<Row> {
  const idp = await createDevIdentityProvider();
  const me = elizaUserId(idp.issuer, SUBJECT);
  const sumvin = await startSumvinEmulator({
    jwks: idp.jwks as { keys: object[] },
    issuer: idp.issuer,
    audience: idp.audience,
    seed: { users: [SUBJECT], sessionsPerUser: 5, messagesPerSession: 2 },
  });
  // other users hold 10 sessions each; the measured user holds OWN_SESSIONS
  const users = Math.max(1, Math.ceil(others / 10));
  const seed = {
    sessions: [
      ...Array.from({ length: users }, (_, u) => ({
        userId: elizaUserId(idp.issuer, `other-${u}`),
        count: Math.min(10, others - u * 10),
        messagesPerSession: 0,
        metadata: { title: `other ${u}` },
      })),
      { userId: me, count: OWN_SESSIONS, messagesPerSession: 0, metadata: { title: 'mine' } },
    ],
  };
  const eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0, seed });
  sumvin.controls.setLatency(LATENCY_MS);
  eliza.controls.setLatency(LATENCY_MS);
  const proxy = await countingProxy(eliza.url);
  const upstream = createClients({ sumvinUrl: sumvin.url, elizaUrl: proxy.url });
  const store = createMemoryStore();
  await reconcileOnce({ store, source: upstream.elizaSessions, intervalMs: 60_000 }, true);
  const app = createApp({
    clients: upstream.clients,
    verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }),
    graphiql: false,
    store,
    elizaSessions: upstream.elizaSessions,
    inbox: { listMaxSessions: plan === 'list' ? Number.MAX_SAFE_INTEGER : 0 },
    rateLimit: { perSubjectPerMinute: 10_000_000, perAddressPerMinute: 10_000_000 },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const server = createHttpServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pool = new Pool(origin, { connections: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await idp.issue(SUBJECT)}` };
  const once = async () => {
    const res = await pool.request({ path: '/graphql', method: 'POST', headers, body: INBOX });
    const body = (await res.body.json()) as { errors?: unknown[]; data?: { sessions?: { totalCount: number } } };
    return res.statusCode === 200 && !body.errors && body.data?.sessions?.totalCount === 5 + OWN_SESSIONS;
  };
  try {
    for (let i = 0; i < WARMUP; i++) await once();
    eliza.controls.resetCounts();
    proxy.reset();
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      if (!(await once())) errors++;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const calls = Object.values(eliza.controls.counts()).reduce((a, b) => a + b, 0);
    return {
      others,
      plan,
      p50: times[Math.floor(times.length * 0.5)]!,
      p95: times[Math.floor(times.length * 0.95)]!,
      calls: calls / REQUESTS,
      bytes: proxy.bytes() / REQUESTS,
      errors,
    };
  } finally {
    await pool.close();
    await new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
    await upstream.close();
    await proxy.close();
    await eliza.close();
    await sumvin.close();
  }
}

const pad = (s: string, n: number) => s.padStart(n);
process.stderr.write(
  `scale bench: ${REQUESTS} sequential inboxes (sessions(first: 20)) per row after ${WARMUP} warm-up, ` +
    `the user holds ${OWN_SESSIONS} agent sessions, upstream latency ${LATENCY_MS} ms\n`,
);
// one throwaway row first, so the first measured row does not pay for the process warming up
await measure(SIZES[0] ?? 50, 'index');
const rows: Row[] = [];
for (const n of SIZES) for (const plan of ['index', 'list'] as const) rows.push(await measure(n, plan));
const lines = [
  '| other live sessions | plan | p50 ms | p95 ms | Eliza calls / inbox | Eliza bytes / inbox | errors |',
  '|---:|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) =>
    `| ${pad(r.others.toLocaleString('en'), 6)} | ${r.plan} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.calls.toFixed(1)} | ${Math.round(r.bytes).toLocaleString('en')} | ${r.errors} |`,
  ),
];
const index = rows.filter((r) => r.plan === 'index');
const small = index[0];
const large = index[index.length - 1];
if (small && large && small !== large) {
  lines.push('', `index plan: p50 at ${large.others.toLocaleString('en')} is ${(large.p50 / small.p50).toFixed(2)}× the p50 at ${small.others} (goal ≤ 1.2×); bytes per inbox ${Math.round(small.bytes)} → ${Math.round(large.bytes)}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(rows.some((r) => r.plan === 'index' && r.errors > 0) ? 1 : 0);
