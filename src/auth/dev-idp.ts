import {
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';

/**
 * A local identity provider for the fresh-machine default and for tests: one ES256 signing key
 * (made at start, or the one given, e.g. read from the data folder so tokens outlive a restart),
 * its public JWKS, and a function that issues tokens. Never used with real upstreams.
 */
export interface DevIdentityProvider {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  issue(subject: string, opts?: { expiresInSeconds?: number; issuer?: string; audience?: string }): Promise<string>;
}

export const DEV_ISSUER = 'urn:sessions-graphql:dev-idp';
export const DEV_AUDIENCE = 'sessions-graphql';

/** A new private signing key as a JWK (EC P-256), for storing in the data folder. */
export async function generateDevKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d, alg: 'ES256' } as JWK;
}

/** True for a private EC P-256 JWK, the only kind the dev identity provider signs with. */
export function isDevKey(value: unknown): value is JWK {
  if (!value || typeof value !== 'object') return false;
  const k = value as Record<string, unknown>;
  return k['kty'] === 'EC' && k['crv'] === 'P-256' && ['x', 'y', 'd'].every((p) => typeof k[p] === 'string' && k[p] !== '');
}

export async function createDevIdentityProvider(
  opts: { issuer?: string; audience?: string; privateKey?: JWK } = {},
): Promise<DevIdentityProvider> {
  const issuer = opts.issuer ?? DEV_ISSUER;
  const audience = opts.audience ?? DEV_AUDIENCE;
  const privateJwk = opts.privateKey ?? (await generateDevKey());
  if (!isDevKey(privateJwk)) throw new Error('the dev signing key must be a private EC P-256 JWK');
  const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: privateJwk.x!, y: privateJwk.y! };
  const kid = 'dev-1';
  const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  return {
    issuer,
    audience,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    async issue(subject, o = {}) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (o.expiresInSeconds ?? 7 * 24 * 3600))
        .sign(privateKey);
    },
  };
}
