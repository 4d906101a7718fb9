/**
 * Bench child: the facade exactly as `npm start` runs it against real upstreams (src/main.ts
 * `start(loadConfig(...))`, production settings), pointed at the emulators and at the JWKS the
 * upstream process serves. Started by test/bench/run.ts with BENCH_SUMVIN_URL, BENCH_ELIZA_URL,
 * BENCH_JWKS_URL, BENCH_ISSUER and BENCH_AUDIENCE; commands arrive over IPC (usage, stop).
 * The per-caller rate limit is raised out of the way (the bench is one caller), but still runs.
 */
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/main.js';
import { fail, serveCommands, usage } from './lib/serve.js';
import type { FacadeReady } from './lib/protocol.js';

const UNLIMITED = String(1_000_000_000);

try {
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SUMVIN_API_URL: process.env.BENCH_SUMVIN_URL,
    ELIZA_API_URL: process.env.BENCH_ELIZA_URL,
    AUTH_JWKS_URL: process.env.BENCH_JWKS_URL,
    AUTH_ISSUER: process.env.BENCH_ISSUER,
    AUTH_AUDIENCE: process.env.BENCH_AUDIENCE,
    RATE_LIMIT_PER_MINUTE: UNLIMITED,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: UNLIMITED,
  });
  const running = await start(config);
  serveCommands({ usage: () => usage(), stop: () => true }, () => running.close());
  const ready: FacadeReady = { type: 'ready', url: running.url };
  process.send!(ready);
} catch (err) {
  fail('facade failed to start', err);
}
