/**
 * `/ready` follows the shared store: with `REDIS_URL` set, an instance whose Redis is gone is not
 * ready (ownership fails closed, so it could not serve agent sessions), and it is ready again once
 * Redis is back. The facade is started as `npm start` starts it, in the default (emulated) mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/main.js';
import { startRedis, type RedisServer } from '../support/redis.js';

let redis: RedisServer;
let running: Awaited<ReturnType<typeof start>>;
let base: string;

beforeAll(async () => {
  redis = await startRedis();
  running = await start(
    loadConfig({
      PORT: '0',
      SUMVIN_EMULATOR_PORT: '0',
      ELIZA_EMULATOR_PORT: '0',
      LOG_LEVEL: 'silent',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix('ready-store'),
    }),
  );
  base = new URL(running.url).origin;
});

afterAll(async () => {
  await running?.close();
  await redis?.close();
});

async function ready(): Promise<{ status: number; checks: Record<string, string> }> {
  const res = await fetch(`${base}/ready`);
  const body = (await res.json()) as { checks: Record<string, string> };
  return { status: res.status, checks: body.checks };
}

/** Polls `/ready` until it answers `status` (the store notices a lost connection on its own time). */
async function until(status: number): Promise<{ status: number; checks: Record<string, string> }> {
  let last = await ready();
  for (let i = 0; i < 100 && last.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await ready();
  }
  return last;
}

describe('/ready with a shared store', () => {
  it('is ready while Redis answers, names the store among its checks', async () => {
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.checks.store).toBe('ok');
  });

  it('is not ready while Redis is down, and ready again once it is back', async () => {
    await redis.stop();
    const down = await until(503);
    expect(down.status).toBe(503);
    expect(down.checks.store).toBe('failing');
    await redis.start();
    const back = await until(200);
    expect(back.status).toBe(200);
    expect(back.checks.store).toBe('ok');
  });
});
