/**
 * CORS: only listed origins get CORS headers (with credentials); `*` allows any origin but never
 * with credentials; the development default admits localhost and the facade's own origin only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { CorsSettings } from '../../src/server/cors.js';
import { startStack, type Stack } from '../support/stack.js';

const stacks: Stack[] = [];
const withCors = async (cors: CorsSettings | undefined) => {
  const s = await startStack(cors ? { app: { cors } } : {});
  stacks.push(s);
  return s;
};
let listed: Stack;
let any: Stack;
let dev: Stack;

beforeAll(async () => {
  listed = await withCors({ origins: ['https://app.example', 'https://admin.example'], allowLocalhost: false });
  any = await withCors({ origins: '*', allowLocalhost: false });
  dev = await withCors(undefined);
});
afterAll(async () => {
  for (const s of stacks) await s.close();
});

async function post(stack: Stack, origin: string) {
  const res = await stack.app.fetch('http://facade.test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return res.headers;
}

async function preflight(stack: Stack, origin: string) {
  const res = await stack.app.fetch('http://facade.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  return { status: res.status, headers: res.headers };
}

describe('an allow-list', () => {
  it('answers a listed origin with that origin and credentials', async () => {
    const h = await post(listed, 'https://admin.example');
    expect(h.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(h.get('access-control-allow-credentials')).toBe('true');
    expect(h.get('vary')).toMatch(/Origin/);
    const p = await preflight(listed, 'https://app.example');
    expect(p.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(p.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(p.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  it('gives any other origin no CORS headers at all', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'https://app.example.evil.example', 'null']) {
      const h = await post(listed, origin);
      expect(h.get('access-control-allow-origin')).toBeNull();
      expect(h.get('access-control-allow-credentials')).toBeNull();
      expect((await preflight(listed, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('a wildcard', () => {
  it('allows any origin, never with credentials', async () => {
    const h = await post(any, 'https://whoever.example');
    expect(h.get('access-control-allow-origin')).toBe('https://whoever.example');
    expect(h.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('the development default', () => {
  it('admits localhost on any port and the facade’s own origin', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://facade.test']) {
      expect((await post(dev, origin)).get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('refuses other origins', async () => {
    expect((await post(dev, 'https://evil.example')).get('access-control-allow-origin')).toBeNull();
    expect((await post(dev, 'http://localhost.evil.example')).get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  it('is a comma-separated list of origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).cors).toEqual({
      origins: ['https://a.example', 'https://b.example:8443'],
      allowLocalhost: false,
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ origins: '*', allowLocalhost: false });
    expect(loadConfig({}).cors).toEqual({ origins: [], allowLocalhost: true });
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrowError(/CORS_ORIGINS/);
  });

  it('defaults to no cross-origin access in production', () => {
    const c = loadConfig({ NODE_ENV: 'production', SUMVIN_API_URL: 'https://s.example', ELIZA_API_URL: 'https://e.example', AUTH_JWKS_URL: 'https://i.example/jwks' });
    expect(c.cors).toEqual({ origins: [], allowLocalhost: false });
  });
});
