import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the emulated fresh-machine mode on port 4000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'emulated', port: 4000, host: '127.0.0.1', emulatorPorts: { sumvin: 4010, eliza: 4011 }, graphiql: true });
    expect(c.timeouts).toEqual({ connectMs: 2000, attemptMs: 5000, operationMs: 15000, streamMs: 120000 });
  });

  it('uses real upstreams when both URLs and a JWKS are set', () => {
    const c = loadConfig({
      SUMVIN_API_URL: 'https://api.sumvin.example/',
      ELIZA_API_URL: 'http://eliza.internal:3000',
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      ELIZA_API_KEY: 'k',
      NODE_ENV: 'production',
    });
    expect(c).toMatchObject({ mode: 'upstream', sumvinUrl: 'https://api.sumvin.example', elizaUrl: 'http://eliza.internal:3000', elizaApiKey: 'k', graphiql: false });
  });

  it('reads the ElizaOS socket settings: a fixed service entity id by default, the socket key when set', () => {
    expect(loadConfig({}).elizaSocket).toEqual({ entityId: '5e55f0c1-fa5a-4de1-8a11-0e1122334455' });
    const c = loadConfig({ ELIZA_SOCKET_KEY: 'sk', ELIZA_SOCKET_ENTITY_ID: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' });
    expect(c.elizaSocket).toEqual({ entityId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', key: 'sk' });
    expect(() => loadConfig({ ELIZA_SOCKET_ENTITY_ID: 'facade' })).toThrow(/ELIZA_SOCKET_ENTITY_ID: must be a UUID/);
  });

  it('explains every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', SUMVIN_API_URL: 'ftp://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('SUMVIN_API_URL');
      expect(msg).toContain('LOG_LEVEL');
    }
  });

  it('refuses the emulated default in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/production needs real upstreams/);
  });

  it('needs both upstream URLs and a JWKS URL together', () => {
    expect(() => loadConfig({ SUMVIN_API_URL: 'http://a' })).toThrowError(/ELIZA_API_URL/);
    expect(() => loadConfig({ SUMVIN_API_URL: 'http://a', ELIZA_API_URL: 'http://b' })).toThrowError(/AUTH_JWKS_URL/);
  });
});
