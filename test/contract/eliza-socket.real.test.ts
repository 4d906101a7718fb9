/**
 * The Socket.IO and agents-list contract cases (eliza-socket-cases.ts) against the real ElizaOS
 * server (`@elizaos/server` 1.7.2 from test/eliza-real) with the streaming canned model, whose next
 * answers the cases set with `queueModel` (stream, whole, fail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { socketCases, socketKeyCases, type ModelMode, type SocketTarget } from './eliza-socket-cases.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function targetFor(server: () => RealEliza, keys: { apiKey?: string; serverApiKey?: string } = {}): SocketTarget {
  return {
    get baseUrl() {
      return server().url;
    },
    get agentId() {
      return server().agentId;
    },
    ...keys,
    advanceTime: sleep,
    async model(mode: ModelMode) {
      server().queueModel(mode);
      return '';
    },
  };
}

describe('Eliza socket contract: real server, streaming model', () => {
  let server: RealEliza | undefined;
  const target = targetFor(() => server!);
  beforeAll(async () => {
    server = await startRealEliza({ model: 'streaming' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const c of socketCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }
});

describe('Eliza socket contract: real server with an HTTP key and a socket key', () => {
  let server: RealEliza | undefined;
  const keys = { apiKey: 'contract-http-key', serverApiKey: 'contract-socket-key' };
  const target = targetFor(() => server!, keys);
  beforeAll(async () => {
    server = await startRealEliza({ model: 'streaming', ...keys });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const c of socketKeyCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }
});
