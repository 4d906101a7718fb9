import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, problemOf, T0, textMessage } from './helpers.js';

const ISSUER = 'https://auth.example.test';
const AUDIENCE = 'sumvin-chat';

async function sign(key: CryptoKey, claims: Record<string, unknown>, opts: { exp?: number; iss?: string; aud?: string; kid?: string } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? 'k1' }).setIssuedAt(Math.floor(T0 / 1000));
  if (opts.exp !== undefined) jwt = jwt.setExpirationTime(opts.exp);
  if (opts.iss !== undefined) jwt = jwt.setIssuer(opts.iss);
  if (opts.aud !== undefined) jwt = jwt.setAudience(opts.aud);
  return jwt.sign(key);
}

describe('identity without a JWKS', () => {
  let emu: SumvinEmulator;
  beforeAll(async () => {
    emu = await startSumvinEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    emu.controls.clock.freeze(T0);
    await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-alice', messages: [textMessage('m', 'user', 'x')] } });
  });

  it('takes a plain token as the user id, from Bearer or x-juno-jwt', async () => {
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { authorization: 'Bearer alice' } })).status).toBe(200);
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { 'x-juno-jwt': 'alice' } })).status).toBe(200);
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { authorization: 'bearer   alice  ' } })).status).toBe(200);
  });

  it('prefers Authorization: Bearer when both headers are sent', async () => {
    const bearerWins = await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { authorization: 'Bearer bob', 'x-juno-jwt': 'alice' } });
    expect(bearerWins.status).toBe(403);
    const other = await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { authorization: 'Bearer alice', 'x-juno-jwt': 'bob' } });
    expect(other.status).toBe(200);
  });

  it('falls back to x-juno-jwt when Authorization is not a bearer token', async () => {
    const r = await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { headers: { authorization: 'Basic YWxpY2U6eA==', 'x-juno-jwt': 'alice' } });
    expect(r.status).toBe(200);
  });

  it('answers 401 USR-401-001 for missing and empty credentials', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Bearer ' }, { 'x-juno-jwt': '' }, { 'x-juno-jwt': '   ' }, { authorization: 'Basic abc' }];
    for (const headers of variants) {
      const r = await call(emu, 'GET', '/v0/chat/sessions', { headers });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject(problemOf('USR-401-001', 401, '/v0/chat/sessions'));
    }
  });

  it('reads sub from an unverified JWT and refuses an expired one or one without sub', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const good = await sign(privateKey, { sub: 'alice' }, { exp: Math.floor(T0 / 1000) + 60 });
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { user: good })).status).toBe(200);
    emu.controls.clock.advance(61_000);
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-alice', { user: good })).status).toBe(401);
    const noSub = await sign(privateKey, { name: 'x' });
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: noSub })).body).toMatchObject({ error_code: 'USR-401-001' });
  });

  it('checks the x-juno-orgid format: two non-empty halves around one colon', async () => {
    const ok = await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice', headers: { 'x-juno-orgid': 'org-3b8b:env-fd61' } });
    expect(ok.status).toBe(200);
    for (const bad of ['org-only', ':env', 'org:', 'a:b:c', 'org,x:env', 'org x:env', 'org:env\t1']) {
      const r = await call(emu, 'GET', '/v0/chat/sessions', { user: 'alice', headers: { 'x-juno-orgid': bad } });
      expect(r.status, bad).toBe(401);
      expect(r.body).toMatchObject(problemOf('USR-401-002', 401, '/v0/chat/sessions'));
    }
  });

  it('accepts x-sumvin-pat on the upload only', async () => {
    const form = new FormData();
    form.append('file', new Blob(['hi'], { type: 'text/plain' }), 'hi.txt');
    const upload = await call(emu, 'POST', '/v0/chat/attachments?session_id=cs-alice', { headers: { 'x-sumvin-pat': 'alice' }, form });
    expect(upload.status).toBe(201);
    const list = await call(emu, 'GET', '/v0/chat/sessions', { headers: { 'x-sumvin-pat': 'alice' } });
    expect(list.status).toBe(401);
  });
});

describe('identity with a JWKS', () => {
  let emu: SumvinEmulator;
  let remote: SumvinEmulator;
  let jwksServer: Server;
  let key: CryptoKey;
  let otherKey: CryptoKey;
  let jwk: JWK;
  const exp = Math.floor(T0 / 1000) + 3600;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    emu = await startSumvinEmulator({ jwks: { keys: [jwk] }, issuer: ISSUER, audience: AUDIENCE });
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const port = (jwksServer.address() as AddressInfo).port;
    remote = await startSumvinEmulator({ jwks: { url: `http://127.0.0.1:${port}/.well-known/jwks.json` } });
  });
  afterAll(async () => {
    await emu.close();
    await remote.close();
    jwksServer.closeAllConnections();
    await new Promise<void>((r) => jwksServer.close(() => r()));
  });
  beforeEach(() => {
    emu.controls.clock.freeze(T0);
    remote.controls.clock.freeze(T0);
  });

  it('accepts a correctly signed token and scopes data to its sub', async () => {
    const token = await sign(key, { sub: 'user-1' }, { exp, iss: ISSUER, aud: AUDIENCE });
    const created = await call(emu, 'POST', '/v0/chat/sessions', { user: token, json: { id: 'cs-jwks', messages: [textMessage('m', 'user', 'x')] } });
    expect(created.status).toBe(201);
    const viaHeader = await call(emu, 'GET', '/v0/chat/sessions/cs-jwks', { headers: { 'x-juno-jwt': token } });
    expect(viaHeader.status).toBe(200);
    const otherUser = await sign(key, { sub: 'user-2' }, { exp, iss: ISSUER, aud: AUDIENCE });
    expect((await call(emu, 'GET', '/v0/chat/sessions/cs-jwks', { user: otherUser })).status).toBe(403);
  });

  it('refuses a bad signature, an expired token, a wrong issuer or audience, a missing exp, and a plain string', async () => {
    const cases = {
      badSignature: await sign(otherKey, { sub: 'user-1' }, { exp, iss: ISSUER, aud: AUDIENCE }),
      wrongIssuer: await sign(key, { sub: 'user-1' }, { exp, iss: 'https://evil.test', aud: AUDIENCE }),
      wrongAudience: await sign(key, { sub: 'user-1' }, { exp, iss: ISSUER, aud: 'other' }),
      noExp: await sign(key, { sub: 'user-1' }, { iss: ISSUER, aud: AUDIENCE }),
      noSub: await sign(key, {}, { exp, iss: ISSUER, aud: AUDIENCE }),
      plain: 'user-1',
    };
    for (const [name, token] of Object.entries(cases)) {
      const r = await call(emu, 'GET', '/v0/chat/sessions', { user: token });
      expect(r.status, name).toBe(401);
      expect(r.body, name).toMatchObject(problemOf('USR-401-001', 401, '/v0/chat/sessions'));
    }
  });

  it('uses the emulator clock for expiry', async () => {
    const token = await sign(key, { sub: 'user-1' }, { exp: Math.floor(T0 / 1000) + 10, iss: ISSUER, aud: AUDIENCE });
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: token })).status).toBe(200);
    emu.controls.clock.advance(11_000);
    expect((await call(emu, 'GET', '/v0/chat/sessions', { user: token })).status).toBe(401);
  });

  it('fetches keys from a JWKS URL', async () => {
    const token = await sign(key, { sub: 'user-9' }, { exp });
    expect((await call(remote, 'GET', '/v0/chat/sessions', { user: token })).status).toBe(200);
    const forged = await sign(otherKey, { sub: 'user-9' }, { exp });
    expect((await call(remote, 'GET', '/v0/chat/sessions', { user: forged })).status).toBe(401);
  });
});
