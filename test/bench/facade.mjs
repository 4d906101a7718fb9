/**
 * Bench child: the facade as `npm start` runs it in production, from the compiled build in dist/
 * (`npm run bench` builds it first) and without a TypeScript loader, so its CPU and memory are the
 * server's own: `start(loadConfig(...))` with production settings, pointed at the emulators and at
 * the JWKS the upstream process serves (BENCH_SUMVIN_URL, BENCH_ELIZA_URL, BENCH_JWKS_URL,
 * BENCH_ISSUER, BENCH_AUDIENCE). Plain JavaScript for that reason; it answers the runner's IPC
 * commands (usage, stop) as test/bench/lib/serve.ts does for the TypeScript children.
 * The per-caller rate limit is raised out of the way (the bench is one caller), but still runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// as in the image (Dockerfile): libraries read it when they load (graphql-js then skips its
// development-only checks), so it is set before the server's modules are imported
process.env.NODE_ENV = 'production';

// BENCH_DIST: another build to measure (e.g. a copy of dist/ from before a change)
const dist = process.env.BENCH_DIST ? pathToFileURL(`${resolve(process.env.BENCH_DIST)}/`) : new URL('../../dist/', import.meta.url);
if (!existsSync(new URL('main.js', dist))) {
  process.stderr.write('dist/main.js is missing: run `npm run build` first (npm run bench does)\n');
  process.exit(1);
}
const { loadConfig } = await import(new URL('config.js', dist).href);
const { start } = await import(new URL('main.js', dist).href);

const UNLIMITED = String(1_000_000_000);
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

let running;
try {
  running = await start(config);
} catch (err) {
  process.stderr.write(`facade failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

/** The highest V8 heap in use (garbage included) and Buffer memory seen, sampled every 50 ms. */
const peak = { heapUsed: 0, arrayBuffers: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
}, 50).unref();

/** CPU first (the forced collection is never counted in a run), then RSS after a collection, and the peaks so far. */
function usage() {
  const cpu = process.cpuUsage();
  globalThis.gc?.();
  const mem = process.memoryUsage();
  return { cpu, rss: mem.rss, heapUsed: mem.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, peakHeapUsed: peak.heapUsed, peakArrayBuffers: peak.arrayBuffers };
}

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void running.close().catch(() => undefined).finally(() => process.exit(0));
};
process.on('message', (msg) => {
  const result = msg.cmd === 'usage' ? usage() : msg.cmd === 'stop' ? true : undefined;
  process.send?.(result === undefined ? { id: msg.id, ok: false, error: `unknown command ${msg.cmd}` } : { id: msg.id, ok: true, result });
  if (msg.cmd === 'stop') stop();
});
process.on('disconnect', stop);
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.send?.({ type: 'ready', url: running.url, node: process.versions.node });
