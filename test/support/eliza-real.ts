/**
 * Starts the real ElizaOS server (test/eliza-real, `@elizaos/server` 1.7.2) on a free loopback port
 * for one test file. The server keeps its state in memory and is rate-limited to 1000 requests per
 * 15 minutes per client, so every test file should start its own instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ELIZA_REAL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'eliza-real');

export interface RealEliza {
  url: string;
  agentId: string;
  /**
   * With `model: 'streaming'`: the next model answers, in order, stream (`stream`), come in one
   * piece (`whole`) or throw (`fail`); answers beyond the queue stream.
   */
  queueModel(...modes: Array<'stream' | 'whole' | 'fail'>): void;
  stop(): Promise<void>;
}

export interface StartRealElizaOptions {
  /** When set, the server requires `X-API-KEY: <apiKey>` on every /api request. */
  apiKey?: string;
  /** When set, every Socket.IO handshake needs it (the server's SERVER_API_KEY). */
  serverApiKey?: string;
  /**
   * `streaming`: the agent's model streams when asked to, and `queueModel` sets how its next
   * answers behave (see start-server.mjs). Default: whole canned answers.
   */
  model?: 'canned' | 'streaming';
  /** How long to wait for the ready line; default 60 s. */
  readyTimeoutMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = addr;
      srv.close(() => resolvePort(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function assertRealElizaInstalled(): void {
  if (!existsSync(join(ELIZA_REAL_DIR, 'node_modules', '@elizaos', 'server', 'package.json'))) {
    throw new Error(
      'The real ElizaOS test server is not installed (test/eliza-real/node_modules is missing). ' +
        'Run `npm ci --prefix test/eliza-real` (or `node test/eliza-real/ensure-installed.mjs`) first.',
    );
  }
}

export async function startRealEliza(opts: StartRealElizaOptions = {}): Promise<RealEliza> {
  assertRealElizaInstalled();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ELIZA_TEST_PORT: String(port) };
  delete env.ELIZA_SERVER_AUTH_TOKEN;
  if (opts.apiKey !== undefined) env.ELIZA_SERVER_AUTH_TOKEN = opts.apiKey;
  delete env.SERVER_API_KEY;
  if (opts.serverApiKey !== undefined) env.SERVER_API_KEY = opts.serverApiKey;
  delete env.ELIZA_TEST_MODEL;
  delete env.ELIZA_TEST_MODEL_QUEUE;
  let queueDir: string | undefined;
  let queueFile: string | undefined;
  if (opts.model === 'streaming') {
    env.ELIZA_TEST_MODEL = 'streaming';
    queueDir = mkdtempSync(join(tmpdir(), 'eliza-model-queue-'));
    queueFile = join(queueDir, 'queue');
    writeFileSync(queueFile, '');
    env.ELIZA_TEST_MODEL_QUEUE = queueFile;
  }
  // vitest sets NODE_ENV=test; keep the server in its ordinary mode
  delete env.NODE_ENV;

  const child = spawn(process.execPath, ['start-server.mjs', String(port)], {
    cwd: ELIZA_REAL_DIR,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let exited = false;
  const exitPromise = new Promise<void>((res) => {
    child.once('exit', () => {
      exited = true;
      res();
    });
  });

  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });

  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  const agentId = await new Promise<string>((resolveReady, reject) => {
    let stdoutBuf = '';
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`real Eliza server did not become ready within ${timeoutMs} ms\n${stderrTail}`));
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdoutBuf += chunk;
      const m = /^ELIZA_READY (\d+) ([0-9a-f-]{36})$/m.exec(stdoutBuf);
      if (m) {
        clearTimeout(timer);
        stdoutBuf = '';
        resolveReady(m[2]!);
      } else if (stdoutBuf.length > 100_000) {
        stdoutBuf = stdoutBuf.slice(-1000);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `real Eliza server exited before it was ready (code ${String(code)}, signal ${String(signal)})\n${stderrTail}`,
        ),
      );
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  // keep draining output so the child never blocks on a full pipe
  child.stdout?.resume();

  return {
    url: `http://127.0.0.1:${port}`,
    agentId,
    queueModel(...modes) {
      if (!queueFile) throw new Error("queueModel needs startRealEliza({ model: 'streaming' })");
      appendFileSync(queueFile, modes.map((m) => `${m}\n`).join(''));
    },
    async stop() {
      if (queueDir) rmSync(queueDir, { recursive: true, force: true });
      if (exited) return;
      killGroup(child, 'SIGTERM');
      const force = setTimeout(() => killGroup(child, 'SIGKILL'), 8_000);
      await exitPromise;
      clearTimeout(force);
    },
  };
}
