import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';

/**
 * A local identity provider for the fresh-machine default and for tests: one signing key made
 * at start, its public JWKS, and a function that issues tokens. Never used with real upstreams.
 */
export interface DevIdentityProvider {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  issue(subject: string, opts?: { expiresInSeconds?: number; issuer?: string; audience?: string }): Promise<string>;
}

export const DEV_ISSUER = 'urn:sessions-graphql:dev-idp';
export const DEV_AUDIENCE = 'sessions-graphql';

export async function createDevIdentityProvider(
  opts: { issuer?: string; audience?: string } = {},
): Promise<DevIdentityProvider> {
  const issuer = opts.issuer ?? DEV_ISSUER;
  const audience = opts.audience ?? DEV_AUDIENCE;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'dev-1', alg: 'ES256', use: 'sig' };
  return {
    issuer,
    audience,
    jwks: { keys: [jwk] },
    async issue(subject, o = {}) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'dev-1', typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (o.expiresInSeconds ?? 7 * 24 * 3600))
        .sign(privateKey);
    },
  };
}
