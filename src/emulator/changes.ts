import type { Server } from 'node:http';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Calls `onChange` when a request that may have written data is over (any method but GET, HEAD
 * and OPTIONS, answered or aborted), so an owner can save the emulator's data after changes.
 */
export function notifyWrites(server: Server, onChange: () => void): void {
  server.on('request', (req, res) => {
    if (!READS.has(req.method ?? 'GET')) res.once('close', onChange);
  });
}
