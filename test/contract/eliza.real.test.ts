/**
 * The Eliza contract cases against the real ElizaOS server (`@elizaos/server` 1.7.2 from
 * test/eliza-real). Needs `npm ci --prefix test/eliza-real` once. Each describe block starts its own
 * server: the server is rate-limited per client (1000 requests / 15 min) and keeps sessions in memory.
 * The expiry case really waits a little over one minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { apiClientExpected, loadApiClient, runApiClientScenario } from './eliza-api-client-cases.js';
import { elizaAuthCases, elizaCases, type ElizaTarget } from './eliza-cases.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function targetFor(server: () => RealEliza, apiKey?: string): ElizaTarget {
  return {
    get baseUrl() {
      return server().url;
    },
    get agentId() {
      return server().agentId;
    },
    ...(apiKey !== undefined ? { apiKey } : {}),
    advanceTime: sleep,
  };
}

describe('Eliza contract: real server', () => {
  let server: RealEliza | undefined;
  const target = targetFor(() => {
    if (!server) throw new Error('real Eliza server not started');
    return server;
  });

  beforeAll(async () => {
    server = await startRealEliza();
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('runs TestAgent under its fixed id', () => {
    expect(target.agentId).toBe('6a979d09-1ed2-0632-8092-624ba27761eb');
  });

  for (const c of elizaCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    }, c.timeoutMs);
  }

  // 1000 requests per 15 minutes per client, the agent's own calls included
  it('the cases leave most of the rate-limit budget unused', async () => {
    const res = await fetch(`${target.baseUrl}/api/messaging/sessions/health`);
    await res.arrayBuffer();
    expect(Number(res.headers.get('ratelimit-remaining'))).toBeGreaterThan(500);
  });
});

describe('Eliza contract: real server with an API key', () => {
  const apiKey = 'contract-test-key';
  let server: RealEliza | undefined;
  const target = targetFor(() => {
    if (!server) throw new Error('real Eliza server not started');
    return server;
  }, apiKey);

  beforeAll(async () => {
    server = await startRealEliza({ apiKey });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  for (const c of elizaAuthCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    }, c.timeoutMs);
  }

  // the same scenario runs against the emulator in eliza-api-client.test.ts; this pins the expectation
  it('@elizaos/api-client sees what it expects', async () => {
    const mod = await loadApiClient();
    expect(await runApiClientScenario(mod, { baseUrl: target.baseUrl, agentId: target.agentId, apiKey })).toEqual(apiClientExpected);
  });
});
