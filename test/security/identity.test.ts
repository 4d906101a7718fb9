/**
 * Identity at the facade: every bad token is UNAUTHENTICATED before any upstream call; exactly
 * one checked token and a well-formed tenant reach Sumvin; nothing else a client sends (API keys,
 * PATs, cookies, timestamp format, forwarding headers) is passed on to either upstream.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider } from '../../src/auth/dev-idp.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { codesOf, dataOf, startStack, type Stack } from '../support/stack.js';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const QUERY = '{ sessions(first: 5) { totalCount edges { node { id } } } }';

describe('tokens', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.resetCalls());

  async function expectUnauthenticated(headers: Record<string, string> | Headers, secret?: string): Promise<void> {
    const h = new Headers(headers);
    h.set('content-type', 'application/json');
    const res = await stack.app.fetch('http://facade.test/graphql', { method: 'POST', headers: h, body: JSON.stringify({ query: QUERY }) });
    const text = await res.text();
    const body = JSON.parse(text) as { data?: { sessions: unknown }; errors?: Array<{ extensions?: Record<string, unknown> }> };
    expect(body.data).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls().total).toBe(0);
    if (secret) expect(text).not.toContain(secret.slice(-20));
  }

  const payload = () => ({ sub: 'alice', iss: stack.idp.issuer, aud: stack.idp.audience, exp: Math.floor(Date.now() / 1000) + 600 });

  it('accepts a valid token in Authorization or in x-juno-jwt, or the same one in both', async () => {
    const t = await stack.token('alice');
    const variants: Array<Record<string, string>> = [{ authorization: `Bearer ${t}` }, { 'x-juno-jwt': t }, { authorization: `bearer ${t}`, 'x-juno-jwt': t }];
    for (const headers of variants) {
      const res = await stack.gql(QUERY, undefined, { as: null, headers });
      expect(dataOf(res)).toMatchObject({ sessions: { totalCount: expect.any(Number) } });
    }
  });

  it('missing', async () => {
    await expectUnauthenticated({});
  });

  it('empty', async () => {
    await expectUnauthenticated({ authorization: '' });
    await expectUnauthenticated({ 'x-juno-jwt': '' });
  });

  it('"Bearer" alone, or another scheme', async () => {
    await expectUnauthenticated({ authorization: 'Bearer' });
    await expectUnauthenticated({ authorization: 'Bearer ' });
    const t = await stack.token('alice');
    await expectUnauthenticated({ authorization: `Basic ${t}` }, t);
    await expectUnauthenticated({ authorization: t }, t);
  });

  it('garbage', async () => {
    for (const v of ['Bearer x', 'Bearer a.b', 'Bearer a.b.c.d', 'Bearer ....', 'Bearer {"alg":"none"}', 'Bearer a.b.c', `Bearer ${'é'.repeat(10)}`]) {
      await expectUnauthenticated({ authorization: v });
    }
  });

  it('100 KB', async () => {
    const huge = `${b64({ alg: 'ES256' })}.${'A'.repeat(100 * 1024)}.sig`;
    await expectUnauthenticated({ authorization: `Bearer ${huge}` });
    await expectUnauthenticated({ 'x-juno-jwt': huge });
  });

  it('expired', async () => {
    const t = await stack.idp.issue('alice', { expiresInSeconds: -120 });
    await expectUnauthenticated({ authorization: `Bearer ${t}` }, t);
  });

  it('wrong issuer or audience', async () => {
    const a = await stack.idp.issue('alice', { issuer: 'urn:someone-else' });
    const b = await stack.idp.issue('alice', { audience: 'another-api' });
    await expectUnauthenticated({ authorization: `Bearer ${a}` }, a);
    await expectUnauthenticated({ authorization: `Bearer ${b}` }, b);
  });

  it('alg: none', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload())}.`;
    await expectUnauthenticated({ authorization: `Bearer ${unsigned}` });
    await expectUnauthenticated({ 'x-juno-jwt': unsigned });
  });

  it('signed by another key (same issuer and audience)', async () => {
    const other = await createDevIdentityProvider({ issuer: stack.idp.issuer, audience: stack.idp.audience });
    const t = await other.issue('alice');
    await expectUnauthenticated({ authorization: `Bearer ${t}` }, t);
  });

  it('HS256 with a shared secret (algorithm confusion)', async () => {
    const t = await new SignJWT(payload()).setProtectedHeader({ alg: 'HS256', kid: 'dev-1' }).sign(new TextEncoder().encode('x'.repeat(32)));
    await expectUnauthenticated({ authorization: `Bearer ${t}` }, t);
  });

  it('signed with a key the JWKS does not hold, under its kid', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const t = await new SignJWT(payload()).setProtectedHeader({ alg: 'ES256', kid: 'dev-1' }).sign(privateKey);
    await expectUnauthenticated({ authorization: `Bearer ${t}` }, t);
  });

  it('different tokens in Authorization and x-juno-jwt are refused', async () => {
    const a = await stack.token('alice');
    const b = await stack.token('bob');
    await expectUnauthenticated({ authorization: `Bearer ${a}`, 'x-juno-jwt': b });
    await expectUnauthenticated({ authorization: `Bearer ${b}`, 'x-juno-jwt': a });
  });

  it('two Authorization values are refused', async () => {
    const a = await stack.token('alice');
    const h = new Headers();
    h.append('authorization', `Bearer ${a}`);
    h.append('authorization', `Bearer ${a}`);
    await expectUnauthenticated(h);
  });

  it('the error never carries the token', async () => {
    const t = await stack.idp.issue('alice', { expiresInSeconds: -120 });
    const res = await stack.gql(QUERY, undefined, { as: null, headers: { authorization: `Bearer ${t}` } });
    const text = JSON.stringify(res.body);
    for (const part of t.split('.')) expect(text).not.toContain(part.slice(0, 16));
  });
});

describe('tenant (x-juno-orgid)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.resetCalls());

  const bad: Array<[string, string]> = [
    ['no colon', 'org-1'],
    ['two colons', 'org:env:x'],
    ['empty org half', ':env'],
    ['empty env half', 'org:'],
    ['only a colon', ':'],
    ['a comma (two values)', 'org-1:env-1,org-2:env-2'],
    ['a space', 'org 1:env'],
    ['a semicolon', 'org;1:env'],
    ['a slash', 'org/1:env'],
    ['non-ASCII', 'örg:env'],
    ['overlong', `${'o'.repeat(300)}:env`],
  ];
  for (const [label, value] of bad) {
    it(`refuses ${label} before any upstream call`, async () => {
      const res = await stack.gql(QUERY, undefined, { headers: { 'x-juno-orgid': value } });
      expect(res.body.data).toBeNull();
      expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.body.errors![0]!.message).toMatch(/x-juno-orgid/);
      expect(stack.calls().total).toBe(0);
    });
  }

  it('refuses the header sent twice', async () => {
    const h = new Headers({ 'content-type': 'application/json', authorization: `Bearer ${await stack.token('alice')}` });
    h.append('x-juno-orgid', 'org-1:env-1');
    h.append('x-juno-orgid', 'org-1:env-1');
    const res = await stack.app.fetch('http://facade.test/graphql', { method: 'POST', headers: h, body: JSON.stringify({ query: QUERY }) });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls().total).toBe(0);
  });

  it('CR/LF cannot get into the header at all', () => {
    expect(() => new Headers({ 'x-juno-orgid': 'org:env\r\nx-evil: 1' })).toThrow(TypeError);
  });
});

describe('what reaches the upstreams', () => {
  let stack: Stack;
  let sumvinProxy: FakeUpstream;
  let elizaProxy: FakeUpstream;
  let eliza: ElizaEmulator;
  const SERVER_KEY = 'server-side-eliza-key';

  beforeAll(async () => {
    eliza = await startElizaEmulator({ apiKey: SERVER_KEY, rateLimit: false, replyDelayMs: 0 });
    elizaProxy = await startFakeUpstream(eliza.url);
    stack = await startStack({
      sumvin: { seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 2 } },
      sumvinUrl: async (emulatorUrl) => {
        sumvinProxy = await startFakeUpstream(emulatorUrl);
        return sumvinProxy.url;
      },
      elizaUrl: elizaProxy.url,
      elizaApiKey: SERVER_KEY,
    });
  });
  afterAll(async () => {
    await stack.close();
    await sumvinProxy.close();
    await elizaProxy.close();
    await eliza.close();
  });
  afterEach(() => {
    sumvinProxy.requests.length = 0;
    elizaProxy.requests.length = 0;
  });

  const hostile = {
    'x-api-key': 'client-chosen-key',
    'x-sumvin-pat': 'client-pat',
    'x-timestamp-format': 'client-format',
    cookie: 'session=client-cookie',
    'x-forwarded-for': '10.0.0.1',
    forwarded: 'for=10.0.0.1',
    'x-internal-admin': 'true',
  };

  it('a valid orgid and exactly the checked token go to Sumvin, nothing else from the client', async () => {
    const t = await stack.token('alice');
    const res = await stack.gql(QUERY, undefined, { headers: { ...hostile, 'x-juno-orgid': 'org-1:env-1', 'x-juno-jwt': t } });
    expect(dataOf(res)).toMatchObject({ sessions: { totalCount: 2 } });
    expect(sumvinProxy.requests.length).toBeGreaterThan(0);
    for (const r of sumvinProxy.requests) {
      expect(r.headers['x-juno-jwt']).toBe(t);
      expect(r.headers['x-juno-orgid']).toBe('org-1:env-1');
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['x-api-key']).toBeUndefined();
      expect(r.headers['x-sumvin-pat']).toBeUndefined();
      expect(r.headers['x-timestamp-format']).not.toBe('client-format');
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers['x-forwarded-for']).toBeUndefined();
      expect(r.headers.forwarded).toBeUndefined();
      expect(r.headers['x-internal-admin']).toBeUndefined();
    }
  });

  it('without an orgid, none is invented', async () => {
    await stack.gql(QUERY);
    expect(sumvinProxy.requests.length).toBeGreaterThan(0);
    for (const r of sumvinProxy.requests) expect(r.headers['x-juno-orgid']).toBeUndefined();
  });

  it('Eliza gets the server key, never the client key, token, tenant or cookie', async () => {
    const t = await stack.token('alice');
    const res = await stack.gql(QUERY, undefined, { headers: { ...hostile, 'x-juno-orgid': 'org-1:env-1' } });
    expect(res.body.errors).toBeUndefined();
    expect(elizaProxy.requests.length).toBeGreaterThan(0);
    for (const r of elizaProxy.requests) {
      expect(r.headers['x-api-key']).toBe(SERVER_KEY);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['x-juno-jwt']).toBeUndefined();
      expect(r.headers['x-juno-orgid']).toBeUndefined();
      expect(r.headers['x-sumvin-pat']).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers['x-forwarded-for']).toBeUndefined();
      expect(JSON.stringify(r)).not.toContain(t.slice(-20));
    }
  });

  it('the Eliza server key never shows in a response', async () => {
    const res = await stack.gql(QUERY, undefined, { headers: hostile });
    expect(JSON.stringify(res.body)).not.toContain(SERVER_KEY);
  });
});
