/**
 * The facade as an operator runs it: `src/main.ts` in a child process (through tsx, or a compiled
 * entry point), in the default emulated mode on free ports. Reads what it prints: the GraphQL URL,
 * the operator port, the emulators' URLs and the demo token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  proc: ChildProcess;
  url: string;
  opsUrl?: string;
  sumvinUrl: string;
  elizaUrl: string;
  /** The demo token (emulated mode only). */
  token: string;
  /** Every line the child wrote to stdout so far. */
  lines: string[];
  exited: Promise<number | null>;
}

export async function startChild(
  env: Record<string, string>,
  entry: string[] = ['--import', 'tsx', 'src/main.ts'],
  opts: { node?: string; cwd?: string } = {},
): Promise<Child> {
  const proc = spawn(opts.node ?? process.execPath, entry, {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: { PATH: process.env.PATH ?? '', PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const lines: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const rl = createInterface({ input: proc.stdout! });
  const ready = new Promise<Child>((resolve, reject) => {
    let listening: { url: string; opsUrl?: string; sumvinUrl: string; elizaUrl: string; mode?: string } | null = null;
    let token: string | undefined;
    rl.on('line', (line) => {
      lines.push(line);
      if (line.startsWith('{')) {
        try {
          const o = JSON.parse(line) as { msg?: string; url: string; opsUrl?: string; sumvinUrl: string; elizaUrl: string; mode?: string };
          if (o.msg === 'sessions-graphql is listening') listening = o;
        } catch {
          // not a log line
        }
      }
      token ??= /^Demo token:\s+(\S+)/.exec(line)?.[1];
      // with real upstreams there is no demo token
      if (listening && (token || listening.mode === 'upstream')) resolve({ proc, ...listening, token: token ?? '', lines, exited });
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it was ready: ${stderr}`)));
  });
  return ready;
}

/** POSTs a JSON body to an emulator's control API. */
export async function control(base: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status}`);
}

export async function upstreamCalls(base: string): Promise<number> {
  const res = await fetch(`${base}/__emulator/counts`);
  return ((await res.json()) as { total: number }).total;
}

/** Polls `probe` until it returns true (at most `tries` times, `everyMs` apart). */
export async function until(probe: () => Promise<boolean>, tries = 200, everyMs = 25): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error('condition not met');
}
