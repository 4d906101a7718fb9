/**
 * Logs as an operator reads them, through the node server: one access line per operation (name,
 * outcome code, status, duration, upstream calls), the request id on every line written while
 * serving a request, client errors below `error`, `error` for upstream failures, and no token or
 * message text anywhere, even at trace level.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { createVerifier } from '../../src/auth/verify.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { logAccess } from '../../src/server/access-log.js';
import { createApp } from '../../src/server/app.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { createLogger, yogaLogger } from '../../src/server/logger.js';
import { currentScope } from '../../src/server/request-scope.js';
import { createClients } from '../../src/upstream/clients.js';

interface Line {
  level: number;
  msg: string;
  requestId?: string;
  operation?: string;
  outcome?: string;
  status?: number;
  upstreamCalls?: number;
  durationMs?: number;
}

const chunks: string[] = [];
const lines = (): Line[] => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let upstream: ReturnType<typeof createClients>;
let server: Server;
let url: string;
let token: string;

beforeAll(async () => {
  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience, seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 1 } });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0 });
  const log = createLogger('trace', new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()) }));
  upstream = createClients({
    sumvinUrl: sumvin.url,
    elizaUrl: eliza.url,
    attemptMs: 1000,
    onRequest: (info) => {
      const scope = currentScope();
      if (scope) scope.upstreamCalls += 1;
      log.debug({ upstream: info }, 'upstream call');
    },
  });
  const app = createApp({ clients: upstream.clients, verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }), graphiql: false, logger: yogaLogger(log) });
  server = createHttpServer(app, { onAccess: (e) => logAccess(log, e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  token = await idp.issue('alice');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await upstream.close();
  await sumvin.close();
  await eliza.close();
});

/** Sends one operation and returns the lines written for it (by its request id). */
async function send(body: unknown, headers: Record<string, string> = {}): Promise<{ id: string; mine: Line[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) });
  await res.text();
  const id = res.headers.get('x-request-id')!;
  // the access line is written when the response closes on the server's side
  for (let i = 0; i < 100 && !lines().some((l) => l.requestId === id && l.msg === 'operation'); i++) await new Promise((r) => setTimeout(r, 10));
  return { id, mine: lines().filter((l) => l.requestId === id) };
}

const access = (mine: Line[]) => mine.filter((l) => l.msg === 'operation');

describe('the access line', () => {
  it('is written once per operation, with its name, outcome, status and upstream calls', async () => {
    const before = sumvin.controls.count() + eliza.controls.count();
    const { mine } = await send({ query: 'query Mine { sessions(first: 5) { totalCount } }' });
    const calls = sumvin.controls.count() + eliza.controls.count() - before;
    expect(calls).toBeGreaterThan(0);
    expect(access(mine)).toHaveLength(1);
    expect(access(mine)[0]).toMatchObject({ level: 30, operation: 'Mine', outcome: 'OK', status: 200, upstreamCalls: calls });
    expect(access(mine)[0]!.durationMs).toBeGreaterThanOrEqual(0);
    // the upstream debug lines of this request carry its id too
    expect(mine.filter((l) => l.msg === 'upstream call')).toHaveLength(calls);
  });

  it('keeps a well-formed client request id', async () => {
    const { id, mine } = await send({ query: '{ __typename }' }, { 'x-request-id': 'client-id-1' });
    expect(id).toBe('client-id-1');
    expect(access(mine)).toMatchObject([{ operation: 'anonymous', outcome: 'OK', upstreamCalls: 0 }]);
  });
});

describe('levels', () => {
  it('client errors stay below error', async () => {
    const cases = [
      await send({ query: '{ sessions(first: 2) { totalCount }' }),
      await send({ query: '{ nope }' }),
      await send({ query: '{ sessions(first: 1000) { totalCount } }' }),
      await send({ query: '{ session(id: "bogus") { id } }' }),
      await send({ query: '{ sessions(first: 1) { totalCount } }' }, { authorization: 'Bearer nope' }),
    ];
    for (const { mine } of cases) {
      expect(access(mine)).toHaveLength(1);
      expect(access(mine)[0]!.outcome).toMatch(/^(BAD_USER_INPUT|NOT_FOUND|UNAUTHENTICATED)$/);
      expect(mine.filter((l) => l.level >= 50)).toEqual([]);
    }
  });

  it('an upstream failure is logged at error', async () => {
    sumvin.controls.setFailure({ status: 500, rate: 1 });
    try {
      const { mine } = await send({ query: 'query Failing { sessions(first: 2, provider: SUMVIN) { totalCount } }' });
      expect(access(mine)).toMatchObject([{ level: 50, operation: 'Failing', outcome: 'UPSTREAM_UNAVAILABLE' }]);
    } finally {
      sumvin.controls.resetKnobs();
    }
  });
});

describe('redaction', () => {
  it('writes neither tokens nor message text', async () => {
    const secret = 'the launch code is 0000-SECRET-TEXT';
    const { mine } = await send({
      query: 'mutation($t: String!) { createChatSession(input: { title: $t, messages: [{ role: USER, parts: [{ text: { text: $t } }] }] }) { session { id } } }',
      variables: { t: secret },
    });
    // the write ran (the text reached the resolvers and the upstream), and still no line holds it
    expect(mine.find((l) => l.msg === 'operation')).toMatchObject({ outcome: 'OK' });
    const text = chunks.join('');
    expect(text).not.toContain('SECRET-TEXT');
    for (const part of token.split('.')) expect(text).not.toContain(part);
  });
});
