/**
 * `@elizaos/api-client` 1.7.2 (installed in test/eliza-real) as a third-party client of our Eliza
 * emulator. The expected values are the ones the real server gives the same scenario (checked in
 * eliza.real.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElizaEmulator } from '../../src/emulator/eliza/index.js';
import { apiClientExpected, loadApiClient, runApiClientScenario, type ApiClientModule } from './eliza-api-client-cases.js';

describe('@elizaos/api-client against the Eliza emulator', () => {
  const apiKey = 'api-client-key';
  let emu: Awaited<ReturnType<typeof startElizaEmulator>> | undefined;
  let mod: ApiClientModule;

  beforeAll(async () => {
    mod = await loadApiClient();
    emu = await startElizaEmulator({ apiKey, settings: { SESSION_CLEANUP_INTERVAL_MINUTES: 60 } });
  });

  afterAll(async () => {
    await emu?.close();
  });

  it('creates, reads, lists, pages and deletes a session through the client', async () => {
    if (!emu) throw new Error('emulator not started');
    const agentId = emu.agents[0]!.id;
    expect(await runApiClientScenario(mod, { baseUrl: emu.url, agentId, apiKey })).toEqual(apiClientExpected);
  });

  it('the client types its calls the way the scenario uses them', () => {
    const client = mod.ElizaClient.create({ baseUrl: 'http://127.0.0.1:9', apiKey });
    for (const name of ['checkHealth', 'createSession', 'getSession', 'listSessions', 'getMessages', 'sendMessage', 'sendMessageSync', 'deleteSession'] as const) {
      expect(typeof client.sessions[name]).toBe('function');
    }
    // no renew, heartbeat or timeout methods in 1.7.2: the facade calls those endpoints itself
    const sessions = client.sessions as unknown as Record<string, unknown>;
    expect([sessions.renewSession, sessions.heartbeat, sessions.updateTimeout]).toEqual([undefined, undefined, undefined]);
  });
});
