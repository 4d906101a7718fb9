/** Child side of the IPC protocol: answers the runner's commands and exits with it. */
import type { Command, Reply, Usage } from './protocol.js';

export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

export function usage(): Usage {
  // CPU first, so the forced collection is never counted in a run; then collect garbage (the
  // children run with --expose-gc) so RSS and heap figures are comparable.
  const cpu = process.cpuUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  return { cpu, rss: mem.rss, heapUsed: mem.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 };
}

/** Serves commands until the runner goes away or asks us to stop; `close` runs before exiting. */
export function serveCommands(handlers: Handlers, close: () => Promise<void>): void {
  if (!process.send) throw new Error('this entry must be started by test/bench/run.ts (it needs an IPC channel)');
  let closing = false;
  const stop = (code: number) => {
    if (closing) return;
    closing = true;
    void close()
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as Command;
    const handler = handlers[msg.cmd];
    let reply: Reply;
    try {
      if (!handler) throw new Error(`unknown command ${msg.cmd}`);
      reply = { id: msg.id, ok: true, result: handler(msg.args ?? {}) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    process.send?.(reply);
    if (msg.cmd === 'stop') stop(0);
  });
  process.on('disconnect', () => stop(0));
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}

export function fail(what: string, err: unknown): never {
  process.stderr.write(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
