/**
 * Bench child: both upstream emulators with seeded data for one user, an added latency on every
 * upstream request, and a dev identity provider: its public JWKS is served over loopback for the
 * facade, and a token for the seeded user goes to the runner.
 * Started by test/bench/run.ts; commands arrive over IPC (counts, resetCounts, spans, latency, usage, stop).
 * Both emulators keep the start and end time of every request (reset with the counts), for round trips.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDevIdentityProvider } from '../../src/auth/dev-idp.js';
import { elizaUserId } from '../../src/auth/eliza-user-id.js';
import { startElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { seedSessionId } from '../../src/emulator/sumvin/seed.js';
import { seededUuid } from '../../src/emulator/eliza/seed.js';
import { fail, serveCommands, usage } from './lib/serve.js';
import type { UpstreamCounts, UpstreamsReady } from './lib/protocol.js';

const SUBJECT = 'bench-user';
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? '20');
const sumvinSessions = Number(process.env.BENCH_SUMVIN_SESSIONS ?? '50');
const sumvinMessages = Number(process.env.BENCH_SUMVIN_MESSAGES ?? '100');
const elizaSessions = Number(process.env.BENCH_ELIZA_SESSIONS ?? '10');
const elizaMessages = Number(process.env.BENCH_ELIZA_MESSAGES ?? '20');

try {
  const idp = await createDevIdentityProvider();
  const sumvin = await startSumvinEmulator({
    jwks: idp.jwks as { keys: object[] },
    issuer: idp.issuer,
    audience: idp.audience,
    seed: { users: [SUBJECT], sessionsPerUser: sumvinSessions, messagesPerSession: sumvinMessages },
  });
  const eliza = await startElizaEmulator({
    rateLimit: false,
    replyDelayMs: 0,
    seed: {
      sessions: [
        { userId: elizaUserId(idp.issuer, SUBJECT), count: elizaSessions, messagesPerSession: elizaMessages, metadata: { title: 'Bench conversation' } },
      ],
    },
  });
  const jwksBody = JSON.stringify(idp.jwks);
  const jwks = createServer((req, res) => {
    req.resume();
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(jwksBody);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    jwks.once('error', reject);
    jwks.listen(0, '127.0.0.1', () => resolve());
  });
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  const setLatency = (ms: number) => {
    sumvin.controls.setLatency(ms);
    eliza.controls.setLatency(ms);
  };
  setLatency(latencyMs);
  sumvin.controls.recordSpans(true);
  eliza.controls.recordSpans(true);

  serveCommands(
    {
      counts: (): UpstreamCounts => ({ sumvin: sumvin.controls.counts(), eliza: eliza.controls.counts() }),
      resetCounts: () => {
        sumvin.controls.resetCounts();
        eliza.controls.resetCounts();
        return true;
      },
      latency: (args) => {
        setLatency(Number(args['ms']));
        return sumvin.controls.latency();
      },
      spans: () => [...sumvin.controls.requestSpans(), ...eliza.controls.requestSpans()],
      usage: () => usage(),
      stop: () => true,
    },
    async () => {
      jwks.closeAllConnections();
      await Promise.all([sumvin.close(), eliza.close(), new Promise<void>((resolve) => jwks.close(() => resolve()))]);
    },
  );

  const ready: UpstreamsReady = {
    type: 'ready',
    sumvinUrl: sumvin.url,
    elizaUrl: eliza.url,
    jwksUrl,
    issuer: idp.issuer,
    audience: idp.audience,
    token: await idp.issue(SUBJECT),
    sessionId: seedSessionId(SUBJECT, 0),
    sumvinSessionIds: Array.from({ length: sumvinSessions }, (_, i) => seedSessionId(SUBJECT, i)),
    elizaSessionIds: Array.from({ length: elizaSessions }, (_, i) => seededUuid(`session:${i}`)),
    sumvinMessagesPerSession: sumvinMessages,
    latencyMs,
  };
  process.send!(ready);
} catch (err) {
  fail('upstreams failed to start', err);
}
