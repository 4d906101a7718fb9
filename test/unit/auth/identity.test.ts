import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDevIdentityProvider } from '../../../src/auth/dev-idp.js';
import { elizaUserId } from '../../../src/auth/eliza-user-id.js';
import { createVerifier, parseOrgId } from '../../../src/auth/verify.js';

describe('elizaUserId', () => {
  it('gives each (issuer, subject) its own stable id', () => {
    expect(elizaUserId('iss', 'alice')).toBe(elizaUserId('iss', 'alice'));
    expect(elizaUserId('iss', 'alice')).not.toBe(elizaUserId('iss2', 'alice'));
    expect(elizaUserId('a', 'bc')).not.toBe(elizaUserId('ab', 'c'));
    expect(elizaUserId('iss', 'alice')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('createVerifier', () => {
  it('accepts a token from the identity provider in either header', async () => {
    const idp = await createDevIdentityProvider();
    const verify = createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience });
    const token = await idp.issue('alice');
    const variants: Array<Record<string, string>> = [{ authorization: `Bearer ${token}` }, { 'x-juno-jwt': token }, { authorization: `bearer ${token}`, 'x-juno-jwt': token }];
    for (const headers of variants) {
      const r = await verify(new Headers(headers));
      const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp;
      expect(r).toEqual({ ok: true, caller: { token, subject: 'alice', issuer: idp.issuer, elizaUserId: elizaUserId(idp.issuer, 'alice'), expiresAt: exp * 1000 } });
    }
  });

  it('refuses missing, malformed, expired, foreign and mismatched tokens', async () => {
    const idp = await createDevIdentityProvider();
    const verify = createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience });
    const other = await createDevIdentityProvider();
    const { privateKey } = await generateKeyPair('ES256');
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'dev-1' }).setSubject('a').setIssuer(idp.issuer)
      .setAudience(idp.audience).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'a', iss: idp.issuer, exp: 9e9 })).toString('base64url')}.`;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'missing'],
      [{ authorization: 'Bearer' }, 'invalid'],
      [{ authorization: 'Basic abc' }, 'invalid'],
      [{ authorization: 'Bearer not-a-jwt' }, 'invalid'],
      [{ authorization: `Bearer ${'a'.repeat(100_000)}` }, 'invalid'],
      [{ authorization: `Bearer ${expired}` }, 'invalid'],
      [{ authorization: `Bearer ${unsigned}` }, 'invalid'],
      [{ authorization: `Bearer ${await other.issue('alice')}` }, 'invalid'],
      [{ authorization: `Bearer ${await idp.issue('alice', { audience: 'someone-else' })}` }, 'invalid'],
      [{ authorization: `Bearer ${await idp.issue('alice', { issuer: 'urn:other' })}` }, 'invalid'],
      [{ authorization: `Bearer ${await idp.issue('alice')}`, 'x-juno-jwt': await idp.issue('bob') }, 'invalid'],
    ];
    for (const [headers, reason] of cases) {
      const r = await verify(new Headers(headers));
      expect(r.ok, JSON.stringify(headers).slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.failure.reason).toBe(reason);
    }
  });
});

describe('parseOrgId', () => {
  it('accepts one "<org>:<env>" value and nothing else', () => {
    expect(parseOrgId(new Headers())).toEqual({});
    expect(parseOrgId(new Headers({ 'x-juno-orgid': 'org-1:env-2' }))).toEqual({ orgId: 'org-1:env-2' });
    for (const bad of ['org', 'org:', ':env', 'a:b:c', 'a,b:c', 'a b:c', `${'a'.repeat(101)}:b`]) {
      expect(parseOrgId(new Headers({ 'x-juno-orgid': bad })), bad).toMatchObject({ reason: 'bad-tenant' });
    }
    const twice = new Headers();
    twice.append('x-juno-orgid', 'a:b');
    twice.append('x-juno-orgid', 'c:d');
    expect(parseOrgId(twice)).toMatchObject({ reason: 'bad-tenant' });
  });
});

describe('verified-token cache', () => {
  it('remembers a verified token until it expires, never a refused one', async () => {
    const idp = await createDevIdentityProvider();
    let now = Date.now();
    const verify = createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience, now: () => now, cacheTtlMs: 60_000 });
    const token = await idp.issue('alice', { expiresInSeconds: 30 });
    expect((await verify(new Headers({ authorization: `Bearer ${token}` }))).ok).toBe(true);
    // still answered from the cache within its life
    now += 20_000;
    expect((await verify(new Headers({ authorization: `Bearer ${token}` }))).ok).toBe(true);
    // past the token's exp the cache no longer vouches for it, and verification refuses it
    now += 20_000;
    const r = await verify(new Headers({ authorization: `Bearer ${token}` }));
    expect(r).toEqual({ ok: false, failure: { reason: 'invalid', message: 'the token has expired' } });
  });

  it('applies the tenant header of each request, not of the cached one', async () => {
    const idp = await createDevIdentityProvider();
    const verify = createVerifier({ jwks: idp.jwks });
    const token = await idp.issue('alice');
    const a = await verify(new Headers({ authorization: `Bearer ${token}`, 'x-juno-orgid': 'o1:e1' }));
    const b = await verify(new Headers({ authorization: `Bearer ${token}` }));
    expect(a.ok && a.caller.orgId).toBe('o1:e1');
    expect(b.ok && 'orgId' in b.caller).toBe(false);
  });
});
