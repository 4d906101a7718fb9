import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { Clock } from '../controls.js';
import type { EmuRequest } from '../http.js';

/**
 * Caller identity. `Authorization: Bearer <t>` wins over `x-juno-jwt`; the upload also accepts
 * `x-sumvin-pat`, whose value is taken as the user id. With a JWKS the JWT is verified (signature,
 * `exp`, and `iss`/`aud` when configured); without one, a JWT's `sub` is read unverified (an expired
 * `exp` is still refused) and any other non-empty token string is the user id.
 */

export type AuthResult =
  | { ok: true; userId: string }
  | { ok: false; code: 'USR-401-001' | 'USR-401-002'; detail: string };

export interface AuthOptions {
  jwks?: { url: string } | { keys: object[] };
  issuer?: string;
  audience?: string;
  clock: Clock;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (Array.isArray(v)) return v.join(', ');
  return v;
}

/** `<org-id>:<env-id>`: two non-empty halves, one colon, no commas, whitespace or control characters. */
export function isValidOrgId(v: string): boolean {
  if (/[\s,\p{Cc}]/u.test(v)) return false;
  const halves = v.split(':');
  return halves.length === 2 && halves[0] !== '' && halves[1] !== '';
}

function bearer(req: EmuRequest): string | undefined {
  const v = header(req, 'authorization');
  if (v === undefined) return undefined;
  const m = /^\s*bearer\s+(.+?)\s*$/i.exec(v);
  return m ? m[1] : undefined;
}

function looksLikeJwt(token: string): boolean {
  if (!JWT_SHAPE.test(token)) return false;
  try {
    const h = decodeProtectedHeader(token);
    return typeof h.alg === 'string';
  } catch {
    return false;
  }
}

export class Authenticator {
  private readonly keySet: JWTVerifyGetKey | null;

  constructor(private readonly opts: AuthOptions) {
    if (!opts.jwks) this.keySet = null;
    else if ('url' in opts.jwks) this.keySet = createRemoteJWKSet(new URL(opts.jwks.url));
    else this.keySet = createLocalJWKSet({ keys: opts.jwks.keys } as JSONWebKeySet);
  }

  async authenticate(req: EmuRequest, allowPat: boolean): Promise<AuthResult> {
    const bad = (detail: string): AuthResult => ({ ok: false, code: 'USR-401-001', detail });
    let token = bearer(req);
    let fromPat = false;
    if (token === undefined) {
      const jwt = header(req, 'x-juno-jwt')?.trim();
      if (jwt) token = jwt;
    }
    if (token === undefined && allowPat) {
      const pat = header(req, 'x-sumvin-pat')?.trim();
      if (pat) {
        token = pat;
        fromPat = true;
      }
    }
    if (token === undefined) return bad('Missing authentication token');

    const org = header(req, 'x-juno-orgid');
    if (org !== undefined && !isValidOrgId(org)) {
      return { ok: false, code: 'USR-401-002', detail: 'Malformed x-juno-orgid header; expected <org-id>:<env-id>' };
    }

    if (fromPat) return { ok: true, userId: token };

    if (this.keySet) {
      try {
        const { payload } = await jwtVerify(token, this.keySet, {
          currentDate: new Date(this.opts.clock.now()),
          requiredClaims: ['sub', 'exp'],
          ...(this.opts.issuer !== undefined ? { issuer: this.opts.issuer } : {}),
          ...(this.opts.audience !== undefined ? { audience: this.opts.audience } : {}),
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') return bad('Token has no subject');
        return { ok: true, userId: payload.sub };
      } catch {
        return bad('Invalid or expired authentication token');
      }
    }

    if (looksLikeJwt(token)) {
      let claims: ReturnType<typeof decodeJwt>;
      try {
        claims = decodeJwt(token);
      } catch {
        return bad('Malformed authentication token');
      }
      if (typeof claims.sub !== 'string' || claims.sub === '') return bad('Token has no subject');
      if (typeof claims.exp === 'number' && claims.exp * 1000 <= this.opts.clock.now()) return bad('Token has expired');
      return { ok: true, userId: claims.sub };
    }
    return { ok: true, userId: token };
  }
}
