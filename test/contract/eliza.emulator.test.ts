/**
 * The Eliza contract cases against our emulator (src/emulator/eliza), configured like the real
 * server started by test/eliza-real/start-server.mjs: SESSION_MIN_TIMEOUT_MINUTES 1 and no sweep
 * during the run. Time is moved with the emulator's clock instead of waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS, startElizaEmulator } from '../../src/emulator/eliza/index.js';
import { elizaAuthCases, elizaCases, type ElizaTarget } from './eliza-cases.js';

type Emulator = Awaited<ReturnType<typeof startElizaEmulator>>;

const settings = { SESSION_MIN_TIMEOUT_MINUTES: 1, SESSION_CLEANUP_INTERVAL_MINUTES: 60 };

function targetFor(emu: () => Emulator, apiKey?: string): ElizaTarget {
  return {
    get baseUrl() {
      return emu().url;
    },
    get agentId() {
      return emu().agents[0]!.id;
    },
    ...(apiKey !== undefined ? { apiKey } : {}),
    async advanceTime(ms: number) {
      emu().controls.clock.advance(ms);
    },
  };
}

describe('Eliza contract: emulator', () => {
  let emu: Emulator | undefined;
  const target = targetFor(() => {
    if (!emu) throw new Error('emulator not started');
    return emu;
  });

  beforeAll(async () => {
    emu = await startElizaEmulator({ settings });
  });

  afterAll(async () => {
    await emu?.close();
  });

  it('runs TestAgent under its fixed id', () => {
    expect(DEFAULT_AGENTS[0]).toEqual({ id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent', bio: ['test'] });
    expect(target.agentId).toBe('6a979d09-1ed2-0632-8092-624ba27761eb');
  });

  for (const c of elizaCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    }, c.timeoutMs);
  }

  // the same cases run against the real server, which allows 1000 requests per 15 minutes
  it('the cases stay far below the real server\'s rate limit', () => {
    const total = emu!.controls.count();
    expect(total).toBeGreaterThan(100);
    expect(total).toBeLessThan(500);
  });
});

describe('Eliza contract: emulator with an API key', () => {
  const apiKey = 'contract-test-key';
  let emu: Emulator | undefined;
  const target = targetFor(() => {
    if (!emu) throw new Error('emulator not started');
    return emu;
  }, apiKey);

  beforeAll(async () => {
    emu = await startElizaEmulator({ settings, apiKey });
  });

  afterAll(async () => {
    await emu?.close();
  });

  for (const c of elizaAuthCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    }, c.timeoutMs);
  }
});
