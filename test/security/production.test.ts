/**
 * Production settings: GraphiQL and introspection off (and refused if asked for), and unexpected
 * errors masked even when NODE_ENV says development, so internal hosts, paths and tokens in an
 * error message never reach the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/server/app.js';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { createVerifier } from '../../src/auth/verify.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Clients } from '../../src/context/context.js';

const REAL = {
  NODE_ENV: 'production',
  SUMVIN_API_URL: 'https://sumvin.example',
  ELIZA_API_URL: 'https://eliza.example',
  AUTH_JWKS_URL: 'https://idp.example/jwks.json',
};

describe('production configuration', () => {
  it('turns GraphiQL and introspection off by default', () => {
    expect(loadConfig(REAL).graphiql).toBe(false);
  });

  it('refuses GraphiQL in production', () => {
    expect(() => loadConfig({ ...REAL, GRAPHIQL: 'true' })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...REAL, GRAPHIQL: 'true' })).toThrowError(/GRAPHIQL/);
  });
});

describe('an app built the production way', () => {
  const SECRET = 'connect ECONNREFUSED 10.9.8.7:5432 /srv/internal/db.ts token=eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2ln';
  let idp: DevIdentityProvider;
  let app: App;
  let token: string;
  const previousEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    idp = await createDevIdentityProvider();
    token = await idp.issue('alice');
    const broken = {
      async listSessions() {
        throw new Error(SECRET);
      },
    };
    const clients = { sumvin: broken, eliza: broken } as unknown as Clients;
    // Yoga reads NODE_ENV when the app is created; development mode must not unmask anything.
    process.env.NODE_ENV = 'development';
    try {
      app = createApp({
        clients,
        verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }),
        graphiql: false,
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      });
    } finally {
      process.env.NODE_ENV = previousEnv;
    }
  });
  afterAll(() => {
    process.env.NODE_ENV = previousEnv;
  });

  const post = async (query: string, headers: Record<string, string> = {}) => {
    const res = await app.fetch('http://facade.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, text: await res.text() };
  };

  it('serves no GraphiQL page', async () => {
    const res = await app.fetch('http://facade.test/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(406);
    expect(await res.text()).not.toMatch(/graphiql/i);
  });

  it('refuses introspection, also nested deep', async () => {
    for (const q of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Query") { fields { name } } }',
      '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
    ]) {
      const { text } = await post(q);
      const body = JSON.parse(text) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors.length).toBeGreaterThan(0);
      expect(new Set(body.errors.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
    }
  });

  it('masks an unexpected error as INTERNAL without its message', async () => {
    for (const q of ['{ sessions(first: 1, provider: SUMVIN) { totalCount } }', '{ sessions(first: 1) { totalCount } }']) {
      const { status, text } = await post(q);
      expect(status).toBe(200);
      const body = JSON.parse(text) as { data: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.data).toBeNull();
      expect(body.errors.length).toBeGreaterThan(0);
      for (const e of body.errors) {
        expect(e.message).toBe('Unexpected error.');
        expect(e.extensions).toEqual({ code: 'INTERNAL', retryable: false });
      }
      expect(text).not.toMatch(/ECONNREFUSED|10\.9\.8\.7|db\.ts|c2VjcmV0|stack|originalError/);
    }
  });
});
