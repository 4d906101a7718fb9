/**
 * No token in logs: the pino logger redacts credentials wherever the facade's own log calls put
 * them, yoga's log lines (which arrive as strings and objects) are scrubbed too, and a whole
 * request cycle with bad tokens and failing upstreams at trace level writes no token.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/server/app.js';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { createVerifier } from '../../src/auth/verify.js';
import { createClients } from '../../src/upstream/clients.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { createLogger, yogaLogger } from '../../src/server/logger.js';

function capture(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldC1wYXJ0';
const parts = TOKEN.split('.');

function expectNoToken(text: string): void {
  expect(text.length).toBeGreaterThan(0);
  for (const p of parts) expect(text).not.toContain(p);
  expect(text).not.toContain('server-side-key');
  expect(text).not.toContain('session=abc');
}

describe('the pino logger', () => {
  it('redacts credentials at the top level, under headers, and one level further down', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ authorization: `Bearer ${TOKEN}`, token: TOKEN }, 'top level');
    log.info({ 'x-juno-jwt': TOKEN }, 'top-level juno header');
    log.info({ headers: { authorization: `Bearer ${TOKEN}`, 'x-juno-jwt': TOKEN, cookie: 'session=abc', 'x-api-key': 'server-side-key' } }, 'headers');
    log.info({ req: { headers: { authorization: `Bearer ${TOKEN}`, 'x-juno-jwt': TOKEN, cookie: 'session=abc', 'x-api-key': 'server-side-key' } } }, 'nested');
    log.info({ res: { headers: { 'set-cookie': ['session=abc'] } } }, 'response');
    log.info({ caller: { token: TOKEN, subject: 'alice' } }, 'caller');
    const text = out.text();
    expectNoToken(text);
    expect(text).toContain('[redacted]');
    expect(text).toContain('alice');
    expect(text.trim().split('\n')).toHaveLength(6);
  });

  it('redacts credentials nested deeper than one level', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info({ upstream: { request: { headers: { 'x-juno-jwt': TOKEN, authorization: `Bearer ${TOKEN}` } } } }, 'deep');
    expectNoToken(out.text());
  });

  it('yoga’s logger scrubs tokens from messages, objects and errors', () => {
    const out = capture();
    const ylog = yogaLogger(createLogger('trace', out.stream));
    ylog.debug('incoming', { headers: { authorization: `Bearer ${TOKEN}`, 'x-juno-jwt': TOKEN, cookie: 'session=abc', 'x-api-key': 'server-side-key' } });
    ylog.info(`token was ${TOKEN}`);
    ylog.warn({ authorization: `Bearer ${TOKEN}` });
    ylog.error(new Error(`verification failed for Bearer ${TOKEN}`));
    const text = out.text();
    expectNoToken(text);
    expect(text.trim().split('\n')).toHaveLength(4);
  });
});

describe('a request cycle at trace level', () => {
  let idp: DevIdentityProvider;
  let sumvin: SumvinEmulator;
  let eliza: ElizaEmulator;
  let upstream: ReturnType<typeof createClients>;
  let app: App;
  const out = capture();

  beforeAll(async () => {
    idp = await createDevIdentityProvider();
    sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience, seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } });
    eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0, apiKey: 'server-side-key' });
    upstream = createClients({ sumvinUrl: sumvin.url, elizaUrl: eliza.url, elizaApiKey: 'server-side-key', attemptMs: 100 });
    const log = createLogger('trace', out.stream);
    app = createApp({
      clients: upstream.clients,
      verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }),
      graphiql: false,
      logger: yogaLogger(log),
    });
  });
  afterAll(async () => {
    await upstream.close();
    await sumvin.close();
    await eliza.close();
  });

  it('writes no token, whatever happens', async () => {
    const good = await idp.issue('alice');
    const expired = await idp.issue('alice', { expiresInSeconds: -60 });
    const send = async (headers: Record<string, string>, query = '{ sessions(first: 2) { edges { node { id } } } }') => {
      const res = await app.fetch('http://facade.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'session=abc', ...headers },
        body: JSON.stringify({ query }),
      });
      return res.text();
    };

    await send({ authorization: `Bearer ${good}` });
    await send({ authorization: `Bearer ${expired}` });
    await send({ 'x-juno-jwt': good, authorization: `Bearer ${expired}` });
    sumvin.controls.setFailure({ status: 500, rate: 1, body: `<html>${good}</html>`, contentType: 'text/html' });
    eliza.controls.setLatency(500);
    await send({ authorization: `Bearer ${good}` });
    await send({ authorization: `Bearer ${good}` }, '{ sessions(first: 2) { edges { node { id } } }');
    sumvin.controls.resetKnobs();
    eliza.controls.resetKnobs();

    const text = out.text();
    expect(text.length).toBeGreaterThan(0);
    for (const t of [good, expired]) {
      for (const p of t.split('.')) expect(text).not.toContain(p);
    }
    expect(text).not.toContain('server-side-key');
    expect(text).not.toContain('session=abc');
  });
});
