import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { elizaUserId } from './eliza-user-id.js';

/** A caller whose token was verified. */
export interface VerifiedCaller {
  token: string;
  subject: string;
  issuer: string;
  /** Tenant for Sumvin (`<org-id>:<env-id>`), validated; absent when the client sent none. */
  orgId?: string;
  /** The caller's stable user id on the Eliza side (UUID v5 of issuer and subject). */
  elizaUserId: string;
  /** When the token expires (epoch ms): live subscriptions end then. */
  expiresAt: number;
}

export type AuthFailure = { reason: 'missing' | 'invalid' | 'bad-tenant'; message: string };
export type AuthResult = { ok: true; caller: VerifiedCaller } | { ok: false; failure: AuthFailure };

export interface VerifierOptions {
  jwks: { url: string } | JSONWebKeySet;
  issuer?: string;
  audience?: string;
  /** Tokens longer than this are refused before any parsing. */
  maxTokenLength?: number;
  /** Verified tokens remembered (until they expire, at most `cacheTtlMs`); 0 turns the cache off. */
  cacheSize?: number;
  cacheTtlMs?: number;
  now?: () => number;
}

interface Verified {
  subject: string;
  issuer: string;
  expiresAt: number;
  elizaUserId: string;
  /** Epoch ms after which the entry must be verified again. */
  until: number;
}

/**
 * Remembers tokens whose signature and claims checked out, so a client sending the same token on
 * every request is verified once per `ttl` instead of on every request. Only successes are kept,
 * never past the token's own `exp`; least recently used entries go first.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();
  constructor(
    private readonly size: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(token: string): Verified | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    this.entries.delete(token);
    if (hit.until <= this.now()) return undefined;
    this.entries.set(token, hit);
    return hit;
  }

  set(token: string, v: Omit<Verified, 'until'>, expSeconds: number): void {
    if (this.size <= 0) return;
    this.entries.set(token, { ...v, until: Math.min(expSeconds * 1000, this.now() + this.ttlMs) });
    if (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

const ORG_ID = /^[A-Za-z0-9._-]{1,100}:[A-Za-z0-9._-]{1,100}$/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type Verifier = ((headers: Headers) => Promise<AuthResult>) & {
  /** Whether the JWKS is loaded (fetched once if not yet); always true for a local key set. */
  jwksReady?: () => Promise<boolean>;
};

function extractToken(headers: Headers): { token: string } | AuthFailure {
  const authz = headers.get('authorization');
  const juno = headers.get('x-juno-jwt');
  let token: string | null = null;
  if (authz !== null) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authz);
    if (!m) return { reason: 'invalid', message: 'Authorization header must be "Bearer <token>"' };
    token = m[1]!;
  }
  if (juno !== null) {
    const j = juno.trim();
    if (token !== null && j !== token) {
      return { reason: 'invalid', message: 'Authorization and x-juno-jwt carry different tokens' };
    }
    token = j;
  }
  if (token === null || token === '') return { reason: 'missing', message: 'a bearer token is required' };
  return { token };
}

/** Checks `x-juno-orgid`: absent is fine, otherwise exactly one `<org-id>:<env-id>` value. */
export function parseOrgId(headers: Headers): { orgId?: string } | AuthFailure {
  const raw = headers.get('x-juno-orgid');
  if (raw === null) return {};
  if (!ORG_ID.test(raw)) {
    return { reason: 'bad-tenant', message: 'x-juno-orgid must be a single "<org-id>:<env-id>" value' };
  }
  return { orgId: raw };
}

export function createVerifier(opts: VerifierOptions): Verifier {
  const remote = 'url' in opts.jwks ? createRemoteJWKSet(new URL(opts.jwks.url)) : null;
  const getKey: JWTVerifyGetKey = remote ?? createLocalJWKSet(opts.jwks as JSONWebKeySet);
  const maxLen = opts.maxTokenLength ?? 8192;
  const cache = new VerifiedTokens(opts.cacheSize ?? 10_000, opts.cacheTtlMs ?? 5 * 60_000, opts.now ?? Date.now);
  const callerOf = (token: string, v: Omit<Verified, 'until'>, orgId: string | undefined): AuthResult => ({
    ok: true,
    caller: { token, subject: v.subject, issuer: v.issuer, ...(orgId ? { orgId } : {}), elizaUserId: v.elizaUserId, expiresAt: v.expiresAt },
  });
  const verify: Verifier = async (headers) => {
    const extracted = extractToken(headers);
    if ('reason' in extracted) return { ok: false, failure: extracted };
    const { token } = extracted;
    if (token.length > maxLen || !TOKEN_SHAPE.test(token)) {
      return { ok: false, failure: { reason: 'invalid', message: 'the token is not a well-formed JWT' } };
    }
    const tenant = parseOrgId(headers);
    if ('reason' in tenant) return { ok: false, failure: tenant };
    const known = cache.get(token);
    if (known) return callerOf(token, known, tenant.orgId);
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        ...(opts.issuer ? { issuer: opts.issuer } : {}),
        ...(opts.audience ? { audience: opts.audience } : {}),
        requiredClaims: ['sub', 'exp', 'iss'],
        ...(opts.now ? { currentDate: new Date(opts.now()) } : {}),
      });
      const verified = { subject: payload.sub!, issuer: payload.iss!, elizaUserId: elizaUserId(payload.iss!, payload.sub!), expiresAt: payload.exp! * 1000 };
      cache.set(token, verified, payload.exp!);
      return callerOf(token, verified, tenant.orgId);
    } catch (err) {
      const message =
        err instanceof joseErrors.JWTExpired
          ? 'the token has expired'
          : err instanceof joseErrors.JWTClaimValidationFailed
            ? `the token's ${err.claim} claim is not accepted`
            : 'the token could not be verified';
      return { ok: false, failure: { reason: 'invalid', message } };
    }
  };
  verify.jwksReady = async () => {
    if (!remote || remote.jwks()) return true;
    await remote.reload().catch(() => undefined);
    return remote.jwks() !== undefined;
  };
  return verify;
}
