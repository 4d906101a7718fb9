/**
 * Runner side of the IPC protocol: starts a bench child (TypeScript entries under tsx, `.mjs`
 * entries as they are) on the bench's Node (see `benchNode`), sends commands, stops it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command, Reply } from './protocol.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The newest LTS the project targets, as `.ci/run` installs it (`npm run bench` does too). */
const TARGET_NODE = fileURLToPath(new URL('../../../.ci/runtimes/node_modules/node24/bin/node', import.meta.url));

/**
 * The Node the children run on: `BENCH_NODE` when set, else Node 24 LTS from `.ci/runtimes` when
 * installed, else the Node running the bench. The machine's own Node may be an older release than
 * the targets (`engines`), and AsyncLocalStorage, which the facade uses per request, costs much
 * less from Node 24 on.
 */
export function benchNode(): string {
  const chosen = process.env.BENCH_NODE;
  if (chosen) return chosen;
  return existsSync(TARGET_NODE) ? TARGET_NODE : process.execPath;
}
const START_TIMEOUT_MS = 20_000;
const COMMAND_TIMEOUT_MS = 10_000;

export class Child<R extends { type: 'ready' }> {
  readonly process: ChildProcess;
  readonly ready: Promise<R>;
  /** Set when the child exits without being asked to. */
  failure: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private stopping = false;

  constructor(
    readonly name: string,
    entry: string,
    env: Record<string, string> = {},
    execArgv: string[] = [],
  ) {
    this.process = fork(entry, [], {
      cwd: ROOT,
      execPath: benchNode(),
      execArgv: [...(entry.endsWith('.mjs') ? [] : ['--import', 'tsx']), '--expose-gc', ...execArgv],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      this.process.on('message', (raw: unknown) => {
        const msg = raw as R | Reply;
        if ('type' in msg && msg.type === 'ready') {
          clearTimeout(timer);
          resolve(msg);
          return;
        }
        const reply = msg as Reply;
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        if (reply.ok) p.resolve(reply.result);
        else p.reject(new Error(`${name}: ${reply.error}`));
      });
      this.process.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!this.stopping) this.failure = `${name} exited unexpectedly (code ${code}, signal ${signal})`;
        const err = new Error(this.failure ?? `${name} exited`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
    this.ready.catch(() => undefined);
  }

  command<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    const msg: Command = { id, cmd, ...(args ? { args } : {}) };
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.process.send(msg);
    });
  }

  /** Asks the child to stop, then kills it if it has not exited within a grace period. */
  async stop(graceMs = 3_000): Promise<void> {
    this.stopping = true;
    const p = this.process;
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    if (p.connected) p.send({ id: 0, cmd: 'stop' } satisfies Command);
    else p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Last resort from an exit handler: synchronous, no waiting. */
  killNow(): void {
    this.stopping = true;
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}
