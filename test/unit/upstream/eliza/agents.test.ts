/** `ElizaClient.listAgents()` against the Eliza emulator over loopback. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startElizaEmulator, type ElizaEmulator } from '../../../../src/emulator/eliza/index.js';
import { ElizaClient } from '../../../../src/upstream/eliza/client.js';
import { UpstreamError } from '../../../../src/errors/classes.js';
import { createUpstreamPool } from '../../../../src/upstream/http/pool.js';

const KEY = 'agents-test-key';

describe('ElizaClient.listAgents', () => {
  let emu!: ElizaEmulator;
  const pools: Array<{ close(): Promise<void> }> = [];
  const clientFor = (headers?: Record<string, string>) => {
    const dispatcher = createUpstreamPool(emu.url, {});
    pools.push(dispatcher);
    const http = {
      baseUrl: emu.url,
      dispatcher,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      breaker: false as const,
      ...(headers ? { defaultHeaders: headers } : {}),
    };
    return new ElizaClient({ http });
  };

  beforeAll(async () => {
    emu = await startElizaEmulator({
      apiKey: KEY,
      agents: [
        { id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent', bio: ['test', 'second line'] },
        { id: '3F6B1C2E-8A4D-4E57-9B1A-0C2D3E4F5A61', name: 'Ada' },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await emu.close();
  });
  beforeEach(() => {
    emu.controls.resetKnobs();
  });

  it('lists id, name, characterName, first bio line and status, in the upstream order', async () => {
    const agents = await clientFor({ 'x-api-key': KEY }).listAgents();
    expect(agents).toEqual([
      { id: '3f6b1c2e-8a4d-4e57-9b1a-0c2d3e4f5a61', name: 'Ada', characterName: 'Ada', bio: '', status: 'active' },
      { id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent', characterName: 'TestAgent', bio: 'test', status: 'active' },
    ]);
    expect(emu.controls.count('GET /api/agents')).toBe(1);
  });

  it('a missing API key is a typed error, not a crash', async () => {
    const err = await clientFor().listAgents().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).status).toBe(401);
  });

  it('a body of another shape is UPSTREAM_BAD_RESPONSE; entries without a UUID id are left out', async () => {
    emu.controls.setFailure({ status: 200, rate: 1, routes: ['GET /api/agents'], contentType: 'application/json', body: '{"success":true,"data":{}}' });
    const err = await clientFor({ 'x-api-key': KEY }).listAgents().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe('UPSTREAM_BAD_RESPONSE');

    const body = {
      success: true,
      data: { agents: [{ id: 'Ada', name: 'Ada' }, { id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'T', status: 'sleeping' }, 'x'] },
    };
    emu.controls.setFailure({ status: 200, rate: 1, routes: ['GET /api/agents'], contentType: 'application/json', body: JSON.stringify(body) });
    expect(await clientFor({ 'x-api-key': KEY }).listAgents()).toEqual([
      { id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'T', characterName: 'T', bio: '', status: 'unknown' },
    ]);
  });
});
