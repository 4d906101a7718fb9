/**
 * "Did you mean …?" in validation errors: shown in development (the default `npm start`), where a
 * typo should be quick to fix, and hidden in production, where suggestions would reveal the schema
 * that introspection keeps to itself. Both servers are started the way `src/main.ts` starts them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/main.js';

type Running = Awaited<ReturnType<typeof start>>;

const TYPOS: Array<[query: string, variables: Record<string, unknown> | undefined, suggestion: RegExp]> = [
  ['{ sesions { totalCount } }', undefined, /Did you mean "sessions"/],
  ['{ sessions(first: 1) { totalCont } }', undefined, /Did you mean "totalCount"/],
  ['{ sessions(frist: 1) { totalCount } }', undefined, /Did you mean "first"/],
  ['query ($p: Provider) { sessions(provider: $p) { totalCount } }', { p: 'SUMVN' }, /Did you mean the enum value "SUMVIN"/],
];

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('in development', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start(loadConfig({ PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'silent' }));
  });
  afterAll(() => running?.close());

  for (const [query, variables, suggestion] of TYPOS) {
    it(`suggests the right name for ${query}`, async () => {
      const body = await post(running.url, running.demoToken!, query, variables);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0]!.message).toMatch(suggestion);
      expect(JSON.stringify(body)).not.toContain('[Suggestion hidden]');
    });
  }
});

describe('in production', () => {
  let idp: DevIdentityProvider;
  let jwks: Server;
  let running: Running;
  let token: string;
  beforeAll(async () => {
    // the identity provider's JWKS over HTTP, as production reads it; the upstreams are never called
    idp = await createDevIdentityProvider();
    token = await idp.issue('alice');
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(idp.jwks)));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    running = await start(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SUMVIN_API_URL: 'http://127.0.0.1:9',
        ELIZA_API_URL: 'http://127.0.0.1:9',
        AUTH_JWKS_URL: jwksUrl,
        AUTH_ISSUER: idp.issuer,
        AUTH_AUDIENCE: idp.audience,
      }),
    );
  });
  afterAll(async () => {
    await running?.close();
    jwks?.close();
  });

  for (const [query, variables] of TYPOS) {
    it(`hides the suggestion for ${query}`, async () => {
      const body = await post(running.url, token, query, variables);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0]!.message).toContain('[Suggestion hidden]');
      expect(JSON.stringify(body)).not.toMatch(/did you mean/i);
    });
  }
});
