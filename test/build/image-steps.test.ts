/**
 * The container image, built without a container (none runs here): the Dockerfile's steps are
 * run in a temporary folder — compile `src` with the build config, install production
 * dependencies only from the lock file, copy `dist` — and the result is started as the image
 * starts it (`node dist/main.js`, NODE_ENV=production, on Node 24 when the CI runtime is
 * installed) against the emulators and a JWKS over loopback. The image's HEALTHCHECK command
 * then passes, and a query with a verified token is answered.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { startChild, type Child } from '../server/child.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE24 = join(ROOT, '.ci/runtimes/node_modules/node24/bin/node');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

let work: string;
let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let jwks: Server;
let child: Child | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'image-steps-'));
  // build stage: the lock file's full install (the checkout's own) and `npm run build`
  const build = join(work, 'build');
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']) cpSync(join(ROOT, f), join(build, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: build, stdio: 'pipe' });
  // deps stage: production dependencies only; final stage: those, dist and package.json
  const app = join(work, 'app');
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(app, f));
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: app, stdio: 'pipe' });
  cpSync(join(build, 'dist'), join(app, 'dist'), { recursive: true });

  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience, seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 1 } });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0, apiKey: 'server-key' });
  jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(idp.jwks)));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  child = await startChild(
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      SUMVIN_API_URL: sumvin.url,
      ELIZA_API_URL: eliza.url,
      ELIZA_API_KEY: 'server-key',
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
    },
    ['dist/main.js'],
    { cwd: app, ...(existsSync(NODE24) ? { node: NODE24 } : {}) },
  );
}, 300_000);

afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill('SIGTERM');
    await child.exited;
  }
  await new Promise<void>((r) => (jwks ? jwks.close(() => r()) : r()));
  await sumvin?.close();
  await eliza?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the image, built without a container', () => {
  it('is multi-stage on Node 24 slim, runs as a non-root user with production dependencies only', () => {
    expect(dockerfile.match(/^FROM node:24-slim/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main.js"\]$/m);
    const installed = join(work, 'app', 'node_modules');
    for (const dev of ['vitest', 'typescript', 'tsx', 'playwright-core']) expect(existsSync(join(installed, dev))).toBe(false);
    for (const prod of ['graphql-yoga', 'prom-client', 'undici']) expect(existsSync(join(installed, prod))).toBe(true);
  });

  it('starts from dist/, passes the HEALTHCHECK command and answers a verified caller', async () => {
    const check = /HEALTHCHECK[^\n]*\\\n\s*CMD \["node", "-e", "((?:[^"\\]|\\.)*)"\]/.exec(dockerfile)?.[1];
    expect(check).toBeDefined();
    const port = new URL(child!.url).port;
    // asynchronously: the emulators and the JWKS answer from this process
    const run = () =>
      new Promise<number | null>((done) => {
        execFile(process.execPath, ['-e', check!.replace(/\\"/g, '"')], { env: { ...process.env, PORT: port } }, (err) =>
          done(err ? ((err as { code?: number }).code ?? 1) : 0),
        );
      });
    expect(await run()).toBe(0);
    const res = await fetch(child!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await idp.issue('alice')}` },
      body: JSON.stringify({ query: '{ sessions(first: 5, provider: SUMVIN) { totalCount } }' }),
    });
    expect(await res.json()).toEqual({ data: { sessions: { totalCount: 2 } } });
    // GraphiQL and introspection are off in production
    expect((await fetch(child!.url, { headers: { accept: 'text/html' } })).status).not.toBe(200);
  });
});
