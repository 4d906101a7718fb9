/**
 * The Socket.IO and agents-list contract cases (eliza-socket-cases.ts) against the emulator. The
 * model knobs stand in for the real server's markers; replies are delivered synchronously
 * (replyDelayMs 0), so every event is on its way before the send answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { socketCases, socketKeyCases, type ModelMode, type SocketTarget } from './eliza-socket-cases.js';

const settings = { SESSION_MIN_TIMEOUT_MINUTES: 1, SESSION_CLEANUP_INTERVAL_MINUTES: 60 };

function targetFor(emu: () => ElizaEmulator, keys: { apiKey?: string; serverApiKey?: string } = {}): SocketTarget {
  return {
    get baseUrl() {
      return emu().url;
    },
    get agentId() {
      return emu().agents[0]!.id;
    },
    ...keys,
    async advanceTime(ms: number) {
      emu().controls.clock.advance(ms);
    },
    async model(mode: ModelMode) {
      emu().setModel({ streams: mode === 'stream', fails: mode === 'fail' });
      return '';
    },
  };
}

describe('Eliza socket contract: emulator', () => {
  let emu: ElizaEmulator | undefined;
  const target = targetFor(() => emu!);
  beforeAll(async () => {
    emu = await startElizaEmulator({ settings, replyDelayMs: 0 });
  });
  afterAll(async () => {
    await emu?.close();
  });

  for (const c of socketCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }

  it('every case closes its sockets', async () => {
    await expect.poll(() => emu!.socketCount()).toBe(0);
  });
});

describe('Eliza socket contract: emulator with an HTTP key and a socket key', () => {
  let emu: ElizaEmulator | undefined;
  const keys = { apiKey: 'contract-http-key', serverApiKey: 'contract-socket-key' };
  const target = targetFor(() => emu!, keys);
  beforeAll(async () => {
    emu = await startElizaEmulator({ settings, replyDelayMs: 0, ...keys });
  });
  afterAll(async () => {
    await emu?.close();
  });

  for (const c of [...socketKeyCases, ...socketCases]) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }
});
